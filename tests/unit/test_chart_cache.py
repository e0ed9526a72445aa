"""The chart cache follows the code: its key is the chart's built spec with the renderer's and the
font's versions, so a change to a shared chart setting shows even when every SVG is cached."""

from __future__ import annotations

from conftest import PROJECT
from macros import charts
from macros.site import SiteData

CHART = "market-report-2026/application_market_lines"


def svg_of(cache) -> tuple[str, int]:
    site = SiteData(PROJECT, cache)
    svg = site.chart_svg(site.charts[CHART], "wide")
    return svg, site.svg.rendered


def test_a_warm_cache_serves_the_same_chart(tmp_path):
    first, rendered = svg_of(tmp_path)
    again, rendered_again = svg_of(tmp_path)
    assert rendered == 1 and rendered_again == 0, "the second build should take the SVG from the cache"
    assert again == first


def test_a_changed_shared_setting_changes_the_cached_chart(tmp_path, monkeypatch):
    before, _ = svg_of(tmp_path)
    # The site's palette, set in macros/charts.py and applied to every chart by styled().
    monkeypatch.setattr(charts, "PALETTE", list(reversed(charts.PALETTE)))
    after, rendered = svg_of(tmp_path)
    assert rendered == 1, "the cache served a chart drawn with the old setting"
    assert after != before
