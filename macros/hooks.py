"""MkDocs hooks: generated data pages, the stashed HTML put back into pages, and the files a
reader can take away (CSVs, chart SVG/PNG, the data package zip, the vega bundle)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

# The project folder is importable, so that the hooks share the macros' build state.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import macros  # noqa: E402
from macros import chartfont, datapages, render  # noqa: E402
from macros.charts import LAYOUTS  # noqa: E402
from macros.exports import export_spec  # noqa: E402

CHART_SCRIPT = "assets/javascripts/charts.js"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
# figures.css loads the chart font from here (the characters the charts draw, made at each build).
FONT_FOLDER = "assets/fonts"
log = logging.getLogger("mkdocs.plugins.mems")


def on_files(files, config):
    """A page per dataset and the catalogue, generated from the data: no stub is written by hand."""
    site = macros.current
    for table in site.catalog.tables.values():
        source = render.data_page_url(table)[: -len(".html")] + ".md"
        files.append(File.generated(config, source, content=datapages.data_page_source(table)))
    catalogue = datapages.CATALOGUE_SOURCE.format(zip=datapages.PACKAGE_ZIP.removeprefix("data/"))
    files.append(File.generated(config, "data/index.md", content=catalogue))
    return files


def on_pre_page(page, config, files):
    """The edit button: a chapter links to its Markdown, a data page to its CSV, on the repository
    named in extra.repo (repo_url would make Material fetch repository facts from GitHub)."""
    project = Path(config["config_file_path"]).resolve().parent
    docs = Path(config["docs_dir"]).resolve()
    candidates = [docs / page.file.src_uri]
    if page.file.src_uri.startswith("data/"):
        candidates.append(project / Path(page.file.src_uri).with_suffix(".csv"))
    source = next((path for path in candidates if path.is_file()), None)
    if source is None:
        page.edit_url = None
    else:
        page.edit_url = f"{config.extra['repo']}/edit/main/{source.relative_to(project).as_posix()}"
    return page


def on_page_content(html, page, config, files):
    site = macros.current
    html = site.restore(html)
    html = render.scope_header_cells(html)
    if site.charts_on.get(page.url):
        # Only pages with charts load the script, and it fetches vega itself when a chart is used.
        base = "../" * page.url.count("/")
        html += f'<script src="{base}{CHART_SCRIPT}" data-vega="{base}{VEGA_BUNDLE}" defer></script>'
    return html


def chart_export(site, name: str, config) -> dict:
    """The spec of a chart's download: its wide layout with title, unit, source and the site."""
    definition = site.charts[name]
    table = site.catalog.table(definition.table_id)
    address = config["site_url"] + render.chart_file_url(name, "svg") if config.get("site_url") else ""
    spec = site.chart_spec(name, "wide")
    return export_spec(spec, definition.label, definition.caption, table, config["site_name"], address)


def on_post_build(config):
    try:
        write_downloads(config)
    except macros.DataError as error:
        raise PluginError(str(error)) from None


def write_downloads(config):
    site = macros.current
    site_dir = Path(config["site_dir"])
    for table in site.catalog.tables.values():
        target = site_dir / render.csv_url(table)
        target.parent.mkdir(parents=True, exist_ok=True)
        # The download copy starts with a byte order mark, so that Excel on Windows reads it as
        # UTF-8 (without one it guesses the local code page and shows the Chinese garbled); the
        # CSVs in data/ and in the data package stay plain UTF-8.
        if table.computed:
            text = table.frame.to_csv(index=False, lineterminator="\n")
        else:
            text = table.path.read_text(encoding="utf-8")
        target.write_text(text, encoding="utf-8-sig", newline="")
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    (site_dir / datapages.PACKAGE_ZIP).write_bytes(datapages.package_zip(site.catalog, epoch))
    for name in sorted(site.chart_svgs):
        svg = site.svg.render(chart_export(site, name, config), f"{name}-export")
        target = site_dir / render.chart_file_url(name, "svg")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg, encoding="utf-8")
        site_dir.joinpath(render.chart_file_url(name, "png")).write_bytes(site.svg.png(svg))
        specs = {layout: site.chart_spec(name, layout) for layout in LAYOUTS}
        spec_script = render.chart_spec_script(name, specs)
        site_dir.joinpath(render.chart_file_url(name, "spec.js")).write_text(spec_script, encoding="utf-8")
    drawn = "".join(sorted({c for svg in site.svg.drawn for c in chartfont.chart_text(svg)}))
    for name, data in chartfont.web_fonts(drawn).items():
        target = site_dir / FONT_FOLDER / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    bundle = site_dir / VEGA_BUNDLE
    if any(site.charts_on.values()) and not bundle.exists():
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
