"""Every output the build makes beyond the pages' own Markdown, as paths and text or bytes: the pages
made from the catalog, what a rendered page gets (its finished HTML, its citation, its chart font
and scripts, its printable edition), the files a reader takes away and the search dictionary.

An engine adapter only hands these to its engine: MkDocs today (macros/adapters/mkdocs_hooks.py),
any engine that can add a page and write a file tomorrow. Nothing here reads what a page's
rendering left behind: each function works from the `Build` and the page it is given.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..base import addresses, formatting
from ..base.errors import DataError
from ..base.escaping import html_text
from ..charts.exports import export_spec
from ..charts.font import FAMILY
from ..charts.registry import LAYOUTS
from ..data.pages import Page
from ..html import citations, datapages, entities, page_head, printing, quiet, render, theme
from . import search_terms
from .site import Build, plain, restore


@dataclass(frozen=True)
class GeneratedPage:
    """A page with no Markdown of its own: its name under docs/, its address, title and HTML."""

    source: str
    url: str
    title: str
    html: str

    @property
    def title_html(self) -> str:
        """The title as a theme's template takes it (templates print it unescaped)."""
        return html_text(self.title)


def check_nav(build: Build, nav: list | None, may_stand_apart: Callable[[str], bool]) -> None:
    """No page of docs/ may stay out of the nav unless the configuration lets it stand apart."""
    if not nav:
        return
    listed = set(printing.nav_pages(nav))
    for source in build.pages.pages:
        if source not in listed and not may_stand_apart(source):
            raise DataError(
                f"docs/{source}: the page is in no section of mkdocs.yml's nav, so no reader can "
                "reach it and the printable edition leaves it out. Add it to nav, or list it "
                "under not_in_nav in mkdocs.yml if it is meant to stand apart."
            )


def generated_pages(build: Build) -> list[GeneratedPage]:
    """A page per dataset, made from the catalog, and one per company, region or place both
    documents name (data/entities.yaml)."""
    return [
        GeneratedPage(
            addresses.data_page_source(table_id),
            addresses.data_page(table_id),
            table.title,
            build.data_page_html(table_id),
        )
        for table_id, table in build.catalog.tables.items()
    ] + [
        GeneratedPage(
            entities.entity_source(entity),
            entities.entity_url(entity),
            entity.name,
            build.entity_page_html(entity),
        )
        for entity in build.entity_pages()
    ]


def edit_url(build: Build, source: str) -> str:
    """A page's edit link: a chapter's Markdown, a dataset's CSV (a computed one's code)."""
    table_id = addresses.table_of_data_page(source)
    if table_id is not None and table_id in build.catalog.tables:
        path = datapages.source_file(build.catalog.table(table_id))
    elif source.startswith(f"{entities.FOLDER}/"):
        path = "data/entities.yaml"
    else:
        path = f"docs/{source}"
    return build.repository.edit(path)


def finish_page(build: Build, page: Page, html: str) -> str:
    """A chapter's HTML once Markdown has run: the macros' HTML in place, header cells scoped,
    source lines joined, and the page's citation at its end."""
    html = render.scope_header_cells(restore(html))
    html = formatting.join_source_breaks(html)
    html = quiet.gather_passes(html)
    return html + build.page_citation(page)


def heading_text(text: str, escaped: bool = True) -> str:
    """A heading's words for the table of contents, or (escaped=False) for its anchor."""
    return plain(text, escaped)


def print_page(build: Build, page: Page, html: str, rendered: dict[str, str]) -> str:
    """The printable edition: its slot filled with its chapters' finished HTML (source -> HTML)."""
    for call in build.pages.calls_on(page.source):
        if call.macro == "whole_document" and call.target:
            chapters = printing.document_chapters(build.pages, build.nav, call.target, page.source)
            html = printing.fill_slot(html, call.target, [(source, rendered[source]) for source in chapters])
    return html


def page_head_of(
    build: Build, page: Page, title: str, html: str, section: str = "", is_home: bool = False
) -> page_head.PageHead:
    """A page's title, description and sharing tags (html/page_head.py), from its finished HTML;
    `section` is the title of the nav section it stands in ('' for none, or for the section's own
    index page). A chapter of a document is citable as one. A printable edition's running header
    is a <style>, which belongs in the head."""
    scholarly = page.document in build.catalog.packages
    head = page_head.page_head(build.publication, page.url, title, html, section, is_home, scholarly)
    for call in build.pages.calls_on(page.source):
        if call.macro == "whole_document" and call.target:
            package = build.catalog.packages.get(call.target)
            document = package.title if package else call.target
            header = printing.running_header(document, build.publication.site_name)
            head = dataclasses.replace(head, elements=f"{head.elements}\n{header}")
    return head


def corrected_page(build: Build, output: str, where: str) -> str:
    """A finished page with the theme's markup corrected (html/theme.py); the theme's 404 page made
    to work from disk too."""
    output = theme.corrected(output, where)
    if where == "404.html":
        output = theme.error_page(output, urlsplit(build.publication.site_url or "/").path)
    return output


@dataclass(frozen=True)
class PageAssets:
    """What a finished page adds to its head and body, and the files they load."""

    head: str
    body_end: str
    files: dict[str, bytes]


def with_assets(output: str, assets: PageAssets) -> str:
    """A finished page with its assets: the head's before </head>, the others before </body>."""
    if assets.head:
        head, head_end, rest = output.partition("</head>")
        output = f"{head}{assets.head}\n{head_end}{rest}"
    if assets.body_end:
        head, body_end, tail = output.rpartition("</body>")
        output = f"{head}{assets.body_end}\n{body_end}{tail}"
    return output


def page_assets(build: Build, page_url: str, content: str) -> PageAssets:
    """A page that shows a chart gets the chart font cut for its charts, and loads the chart script
    once (a printable edition holds the charts of several chapters); the script fetches vega itself
    when a chart is used."""
    if render.CHART_FIGURE not in content:
        return PageAssets("", "", {})
    base = addresses.base_of(page_url)
    fonts = build.svg.web_fonts(content)
    files = {f"{addresses.FONT_FOLDER}/{font.name}": font.data for font in fonts}
    # The wide layout's width travels with the script, so that Python (charts/registry.py) says it once.
    script = (
        f'<script src="{base}{addresses.CHART_SCRIPT}" data-vega="{base}{addresses.VEGA_BUNDLE}" '
        f'data-wide="{LAYOUTS["wide"]}" defer></script>'
    )
    return PageAssets(font_faces(base, fonts), script, files)


def font_faces(base: str, fonts) -> str:
    """The @font-face rules that give a page the chart font cut for it (svg.SvgRenderer.web_fonts)."""
    rules = [
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {font.weight}; font-display: swap; '
        f'src: url("{base}{addresses.FONT_FOLDER}/{font.name}") format("woff"); }}'
        for font in fonts
    ]
    return "<style>" + " ".join(rules) + "</style>"


def site_files(build: Build) -> dict[str, bytes]:
    """Every file a reader can take away, by its path from the site root: each dataset's CSV, the
    data package zip, the citation files, each chart's SVG, PNG and specs, and the vega bundle."""
    files: dict[str, bytes] = {}
    for table in build.catalog.tables.values():
        files[addresses.csv_file(table.id)] = datapages.csv_bytes(table)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    site_name = build.publication.site_name
    files[addresses.PACKAGE_ZIP] = datapages.package_zip(
        build.catalog, epoch, site_name, build.settings.licence
    )
    files["robots.txt"] = page_head.robots_txt(build.publication).encode("utf-8")
    for item in citables(build):
        for path, text in citations.files(build.publication, item).items():
            files[path] = text.encode("utf-8")
    for definition in sorted(build.charts.values(), key=lambda d: d.id):
        svg = chart_download(build, definition)
        files[addresses.chart_file(definition.id, "svg")] = svg.encode("utf-8")
        files[addresses.chart_file(definition.id, "png")] = build.svg.png(svg)
        specs = {layout: build.chart_spec(definition, layout) for layout in LAYOUTS}
        script = render.chart_spec_script(definition.id, specs)
        files[addresses.chart_file(definition.id, "spec.js")] = script.encode("utf-8")
    if build.charts:
        files[addresses.VEGA_BUNDLE] = build.svg.javascript_bundle().encode("utf-8")
    return dict(sorted(files.items()))


def citables(build: Build) -> Iterable[citations.Citable]:
    """Everything the site's pages offer a citation of, read from the page index and the catalog:
    the same items the pages' citation blocks are made from (Build.figure_of), so that every
    BibTeX and RIS link has its file."""
    for source in build.pages.pages:
        yield build.page_citable(source)
    for entity in build.entity_pages():
        yield build.entity_citable(entity)
    for call in build.pages.calls:
        figure = build.figure_of(call)
        if figure is not None:
            yield build.figure_citable(figure, call.page.url)
    for table_id, table in build.catalog.tables.items():
        yield build.dataset_citable(table)
        for definition in build.charts.values():
            if definition.table_id == table_id:
                figure = build.figure_of_chart(definition)
                yield build.figure_citable(figure, addresses.data_page(table_id))


def chart_download(build: Build, definition) -> str:
    """The chart's SVG download: its wide layout with figure number, title, unit, source line
    and the site's name and the file's address, so that it stands alone."""
    table = build.catalog.table(definition.table_id)
    pub = build.publication
    site_url = pub.site_url
    address = site_url + addresses.chart_file(definition.id, "svg") if site_url else ""
    spec = export_spec(
        build.chart_spec(definition), definition.label, definition.caption, table, pub.site_name, address
    )
    prefix = addresses.chart_anchor(definition.id).removeprefix("chart-") + "-export"
    return build.svg.render(spec, prefix)


def search_words(build: Build) -> list[str]:
    """The field's words for the search segmenter (search_terms.py)."""
    return search_terms.search_terms(build.catalog, build.project_dir / "docs")


def build_summary(build: Build) -> list[str]:
    """What a contributor should read in the build's log: unused datasets and the chart work."""
    lines = []
    unused = build.unused_tables()
    if unused:
        # A warning for the contributor, not a failure: the dataset still gets its data page.
        lines.append("数据集未被任何页面或图表使用（警告，不影响构建）：" + "、".join(unused))
    svg = build.svg
    lines.append(f"图表：渲染 {svg.rendered} 幅，用时 {svg.seconds:.2f} 秒；取自缓存 {svg.cached} 幅。")
    return lines
