"""MkDocs hooks: a page per dataset made from the catalog, finished HTML put in place after Markdown,
the printable editions filled from their chapters, and the files a reader can take away (CSVs,
chart SVG/PNG/spec, the data package zip, the vega bundle). Every hook fails with one paragraph."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from pathlib import Path

from markdown.extensions.toc import slugify as default_slugify
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# The project folder is importable, so that the hooks share the macros' build state.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from macros.adapters import (
    code_watch,  # noqa: E402
    macros_plugin,  # noqa: E402
)
from macros.base import formatting  # noqa: E402
from macros.base.escaping import html_text  # noqa: E402
from macros.build import calls, search_terms  # noqa: E402
from macros.charts.registry import LAYOUTS  # noqa: E402
from macros.data.catalog import DataError  # noqa: E402
from macros.html import datapages, printing, quiet, render  # noqa: E402

CHART_SCRIPT = "assets/javascripts/charts.js"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
# Each chart page's own cut of the chart font (on_post_page), named by the characters it holds.
FONT_FOLDER = "assets/fonts"
log = logging.getLogger("mkdocs.plugins.mems")
RESTART = (
    "重启提示：{files} 已修改，但正在运行的预览仍在使用启动时载入的 Python 代码。"
    "请按 Ctrl+C 停止 make serve，再重新运行。"
)


def guarded(hook):
    """A hook whose failure is one paragraph: a DataError as it is, anything else as a fault of the
    engine (MkDocs prints a PluginError's message without a traceback)."""

    @functools.wraps(hook)
    def run(*args, **kwargs):
        try:
            return hook(*args, **kwargs)
        except DataError as error:
            raise PluginError(str(error)) from None
        except PluginError:
            raise
        except Exception as error:
            page = kwargs.get("page")
            where = f"docs/{page.file.src_uri}" if page is not None else f"the {hook.__name__} step"
            raise PluginError(calls.engine_fault(where, error)) from None

    return run


def data_page_source(table_id: str) -> str:
    return "data/" + table_id + ".md"


@guarded
def on_config(config):
    """Headings that quote a value get their anchor from the value's words, not from the token that
    holds its HTML during Markdown."""
    toc = config["mdx_configs"].setdefault("toc", {})
    slugify = toc.get("slugify") or default_slugify
    toc["slugify"] = lambda text, separator: slugify(
        macros_plugin.current.plain(text, escaped=False), separator
    )
    return config


def plain_toc(items) -> None:
    for item in items:
        item.title = macros_plugin.current.plain(item.title)
        plain_toc(item.children)


def restart_notice() -> None:
    """Say plainly when a rebuild would still run old Python code (the preview's own process keeps the
    modules it imported), instead of showing the old code's output as if it were the new."""
    stale = code_watch.changed()
    if stale:
        log.info(RESTART.format(files="、".join(stale)))


@guarded
def on_pre_build(config):
    """The field's words (macros/search_terms.py) go into jieba's dictionary before Material's
    search plugin segments the pages with it, so that 长三角 and 压力传感器 are indexed whole."""
    import jieba

    restart_notice()
    jieba.setLogLevel(logging.WARNING)
    for word in search_terms.search_terms(macros_plugin.current.catalog, Path(config["docs_dir"])):
        jieba.add_word(word)


@guarded
def on_files(files, config):
    """A page per dataset, made from the catalog: its Markdown is empty, its HTML comes from
    SiteData.data_page_html. No page of docs/ may stay out of the nav unless mkdocs.yml's
    not_in_nav says so."""
    site = macros_plugin.current
    listed = set(printing.nav_pages(config["nav"]))
    if config["nav"]:
        allowed = config["not_in_nav"]
        for source in site.pages.pages:
            if source not in listed and not (allowed and allowed.match_file(source)):
                raise DataError(
                    f"docs/{source}: the page is in no section of mkdocs.yml's nav, so no reader can "
                    "reach it and the printable edition leaves it out. Add it to nav, or list it "
                    "under not_in_nav in mkdocs.yml if it is meant to stand apart."
                )
    for table_id in site.catalog.tables:
        files.append(File.generated(config, data_page_source(table_id), content=""))
    return files


def table_of_page(page) -> str | None:
    """The dataset whose own page this is, if it is one."""
    source = page.file.src_uri
    if page.file.generated_by and source.startswith("data/") and source.endswith(".md"):
        return source.removeprefix("data/").removesuffix(".md")
    return None


@guarded
def on_page_markdown(markdown, page, config, files):
    table_id = table_of_page(page)
    if table_id is not None:
        # page.title reaches the theme's templates, which do not escape it.
        page.meta["title"] = html_text(macros_plugin.current.catalog.table(table_id).title)
    return markdown


@guarded
def on_pre_page(page, config, files):
    """The edit button: a chapter links to its Markdown, a data page to its CSV (a computed one to the
    code that makes it), on the repository named in extra.repo (repo_url would make Material fetch
    repository facts from GitHub)."""
    table_id = table_of_page(page)
    if table_id is None:
        source = f"{Path(config['docs_dir']).name}/{page.file.src_uri}"
    else:
        source = datapages.source_file(macros_plugin.current.catalog.table(table_id))
    page.edit_url = f"{config.extra['repo']}/edit/main/{source}"
    return page


@guarded
def on_page_content(html, page, config, files):
    site = macros_plugin.current
    table_id = table_of_page(page)
    if table_id is not None:
        html = site.data_page_html(table_id, page.url)
    else:
        html = render.scope_header_cells(site.restore(html))
        html = formatting.join_source_breaks(html)
        html = quiet.gather_passes(html)
        plain_toc(page.toc)
        # A data page carries its own citation; every other page gets one at its end.
        html += site.page_citation(page.url, page.title or "")
    return html


@event_priority(100)
@guarded
def on_page_context(context, page, config, nav):
    """The printable edition: its slot filled with its chapters' finished HTML. Every page has been
    rendered by now, and this runs before the search plugin reads the page."""
    site = macros_plugin.current
    for call in site.pages.calls_on(page.file.src_uri):
        if call.macro == "whole_document" and call.target:
            chapters = printing.document_chapters(site.pages, config["nav"], call.target, call.page.source)
            rendered = {p.file.src_uri: p.content for p in nav.pages}
            package = site.catalog.packages.get(call.target)
            title = package.title if package else call.target
            page.content = printing.fill_slot(
                page.content,
                call.target,
                title,
                config["site_name"],
                [(source, rendered[source]) for source in chapters],
            )
    return context


@guarded
def on_post_page(output, page, config):
    """A page that shows a chart gets the chart font cut for its charts, and loads the chart script
    once (a printable edition holds the charts of several chapters); the script fetches vega itself
    when a chart is used."""
    if render.CHART_FIGURE in page.content:
        base = render.base_of(page.url)
        fonts = macros_plugin.current.svg.web_fonts(page.content)
        for font in fonts:
            target = Path(config["site_dir"]) / FONT_FOLDER / font.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(font.data)
        head, head_end, rest = output.partition("</head>")
        output = f"{head}{render.font_faces(base, FONT_FOLDER, fonts)}\n{head_end}{rest}"
        script = f'<script src="{base}{CHART_SCRIPT}" data-vega="{base}{VEGA_BUNDLE}" defer></script>'
        head, body_end, tail = output.rpartition("</body>")
        output = f"{head}{script}\n{body_end}{tail}"
    return output


@guarded
def on_post_build(config):
    site = macros_plugin.current
    site_dir = Path(config["site_dir"])
    # Runs after the search plugin writes its index and before the offline plugin copies it.
    index_file = site_dir / "search" / "search_index.json"
    if index_file.exists():
        index = search_terms.tidy_index(json.loads(index_file.read_text(encoding="utf-8")))
        index_file.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
    for table in site.catalog.tables.values():
        target = site_dir / render.csv_url(table)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(datapages.csv_bytes(table))
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    (site_dir / datapages.PACKAGE_ZIP).write_bytes(datapages.package_zip(site.catalog, epoch))
    for name, text in sorted(site.cite_files.items()):
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    for definition in sorted(site.charts.values(), key=lambda d: d.id):
        svg = site.chart_download(definition, config["site_name"], config.get("site_url") or "")
        target = site_dir / render.chart_file_url(definition, "svg")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg, encoding="utf-8")
        site_dir.joinpath(render.chart_file_url(definition, "png")).write_bytes(site.svg.png(svg))
        specs = {layout: site.chart_spec(definition, layout) for layout in LAYOUTS}
        spec_script = render.chart_spec_script(definition.id, specs)
        spec_file = site_dir / render.chart_file_url(definition, "spec.js")
        spec_file.write_text(spec_script, encoding="utf-8")
    if site.charts:
        bundle = site_dir / VEGA_BUNDLE
        bundle.parent.mkdir(parents=True, exist_ok=True)
        bundle.write_text(site.svg.javascript_bundle(), encoding="utf-8")
    unused = site.unused_tables()
    if unused:
        # A warning for the contributor, not a failure: the dataset still gets its data page.
        log.info("数据集未被任何页面或图表使用（警告，不影响构建）：%s", "、".join(unused))
    log.info(
        "图表：渲染 %d 幅，用时 %.2f 秒；取自缓存 %d 幅。",
        site.svg.rendered,
        site.svg.seconds,
        site.svg.cached,
    )
