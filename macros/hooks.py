"""MkDocs hooks: put the macros' finished HTML into pages, ship data files and the chart script."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

# The project folder is importable, so that the hooks share the macros' build state.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import macros  # noqa: E402

CHART_SCRIPT = "assets/javascripts/charts.js"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"


def on_page_content(html, page, config, files):
    site = macros.current
    html = site.restore(html)
    if site.charts_on.get(page.url):
        # Only pages with charts load the script, and it fetches vega itself when a chart is used.
        base = "../" * page.url.count("/")
        html += (
            f'<script src="{base}{CHART_SCRIPT}" data-vega="{base}{VEGA_BUNDLE}" defer></script>'
        )
    return html


def on_post_build(config):
    site = macros.current
    site_dir = Path(config["site_dir"])
    for table in site.catalog.tables.values():
        target = site_dir / "data" / table.package.name / f"{table.name}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        if table.computed:
            table.frame.to_csv(target, index=False, encoding="utf-8")
        else:
            shutil.copyfile(table.path, target)
    bundle = site_dir / VEGA_BUNDLE
    if any(site.charts_on.values()) and not bundle.exists():
        import vl_convert

        bundle.parent.mkdir(parents=True, exist_ok=True)
        bundle.write_text(vl_convert.javascript_bundle(), encoding="utf-8")
