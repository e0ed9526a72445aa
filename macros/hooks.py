"""MkDocs hooks: generated data pages, the stashed HTML put back into pages, and the files a
reader can take away (CSVs, chart SVG/PNG, the data package zip, the vega bundle)."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from mkdocs.structure.files import File

# The project folder is importable, so that the hooks share the macros' build state.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import macros  # noqa: E402
from macros import datapages, provenance, render  # noqa: E402

CHART_SCRIPT = "assets/javascripts/charts.js"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
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
    computed = macros.current.catalog.tables.get(page.file.src_uri.removeprefix("data/").removesuffix(".md"))
    if source is None and computed is not None and computed.computed:
        # A computed dataset has no CSV to edit: its edit link opens the code that computes it.
        found = provenance.provenance(computed, macros.current.catalog, project)
        source = project / found.code_path if found else None
    if source is None:
        page.edit_url = None
    else:
        page.edit_url = f"{config.extra['repo']}/edit/main/{source.relative_to(project).as_posix()}"
    return page


def on_page_content(html, page, config, files):
    site = macros.current
    html = site.restore(html)
    html = render.scope_header_cells(html)
    if not (page.file.src_uri.startswith("data/") and page.file.src_uri != "data/index.md"):
        # A data page carries its own citation; every other page gets one at its end.
        html += site.page_citation(page.url, page.title or "")
    if site.charts_on.get(page.url):
        # Only pages with charts load the script, and it fetches vega itself when a chart is used.
        base = "../" * page.url.count("/")
        html += f'<script src="{base}{CHART_SCRIPT}" data-vega="{base}{VEGA_BUNDLE}" defer></script>'
    return html


def on_post_build(config):
    site = macros.current
    site_dir = Path(config["site_dir"])
    for table in site.catalog.tables.values():
        target = site_dir / render.csv_url(table)
        target.parent.mkdir(parents=True, exist_ok=True)
        if table.computed:
            target.write_bytes(provenance.computed_csv(table))
        else:
            shutil.copyfile(table.path, target)
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    (site_dir / datapages.PACKAGE_ZIP).write_bytes(datapages.package_zip(site.catalog, epoch))
    for name, text in sorted(site.cite_files.items()):
        target = site_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    for name, svg in sorted(site.chart_svgs.items()):
        target = site_dir / render.chart_file_url(name, "svg")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg, encoding="utf-8")
        site_dir.joinpath(render.chart_file_url(name, "png")).write_bytes(site.svg.png(svg))
        spec_script = render.chart_spec_script(name, site.chart_spec(name))
        site_dir.joinpath(render.chart_file_url(name, "spec.js")).write_text(spec_script, encoding="utf-8")
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
