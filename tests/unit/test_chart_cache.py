"""The chart cache follows the code: its key is the chart's built spec with the renderer's and the
font's versions, so a change to a shared chart setting shows even when every SVG is cached. The web
font cut for a page's charts is kept the same way, under the text it holds."""

from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont

from conftest import PROJECT
from macros.build.site import Build, template_cache
from macros.charts import registry as charts
from macros.charts.svg import LIVE_EXTRA, SvgRenderer

CHART = "market-report-2026/application_market_lines"


def svg_of(cache) -> tuple[str, int]:
    site = Build(PROJECT, cache)
    svg = site.chart_svg(site.charts[CHART], "wide")
    return svg, site.svg.rendered


def test_a_warm_cache_serves_the_same_chart(tmp_path):
    first, rendered = svg_of(tmp_path)
    again, rendered_again = svg_of(tmp_path)
    assert rendered == 1 and rendered_again == 0, "the second build should take the SVG from the cache"
    assert again == first


def test_one_spec_under_two_names_is_drawn_once_with_ids_of_each(tmp_path):
    """A copied document's chart has the original's spec and another name: the drawing is taken
    from the cache, and its ids carry the copy's prefix, so both can stand on one page."""
    # A clipped mark: vl-convert gives its clip path an id.
    spec = {
        "data": {"values": [{"a": 1, "b": 2}]},
        "mark": {"type": "bar", "clip": True},
        "encoding": {
            "x": {"field": "a", "type": "quantitative"},
            "y": {"field": "b", "type": "quantitative"},
        },
    }
    renderer = SvgRenderer(tmp_path)
    original, copy = renderer.render(spec, "original"), renderer.render(spec, "copy")
    assert renderer.rendered == 1 and renderer.cached == 1
    ids = re.compile(r'\bid="([^"]+)"')
    assert ids.findall(original) and all(i.startswith("original-") for i in ids.findall(original))
    assert [i.removeprefix("copy-") for i in ids.findall(copy)] == [
        i.removeprefix("original-") for i in ids.findall(original)
    ]
    assert f"url(#{ids.findall(copy)[0]})" in copy


def test_a_changed_shared_setting_changes_the_cached_chart(tmp_path, monkeypatch):
    before, _ = svg_of(tmp_path)
    # The site's palette, set in macros/charts/registry.py and applied to every chart by styled().
    monkeypatch.setattr(charts, "PALETTE", list(reversed(charts.PALETTE)))
    after, rendered = svg_of(tmp_path)
    assert rendered == 1, "the cache served a chart drawn with the old setting"
    assert after != before


def web_fonts_for(cache, text: str) -> dict[str, bytes]:
    page = f'<figure class="mems-figure mems-chart"><svg><text>{text}</text></svg></figure>'
    return {font.name: font.data for font in SvgRenderer(cache).web_fonts(page)}


def test_a_page_gets_the_chart_font_cut_for_its_charts_once(tmp_path):
    first = web_fonts_for(tmp_path, "传感器")
    assert sorted(name.split("-", 1)[1] for name in first) == [
        "MEMSNotoSansSC-Bold.woff",
        "MEMSNotoSansSC-Regular.woff",
    ]
    cut = sorted(tmp_path.glob("*.woff"))
    assert len(cut) == 2, "each weight is kept in the cache"
    regular = next(data for name, data in first.items() if name.endswith("Regular.woff"))
    covered = {chr(code) for code in TTFont(io.BytesIO(regular)).getBestCmap()}
    assert set("传感器") <= covered and "晶" not in covered, "the font holds just what is drawn"
    assert set(LIVE_EXTRA) <= covered, "and what a live chart may draw at another width"
    # The same text again: taken from the cache, byte for byte.
    assert web_fonts_for(tmp_path, "传感器") == first and sorted(tmp_path.glob("*.woff")) == cut
    # Other text: a font of its own under another name, never the one cut for other characters.
    other = web_fonts_for(tmp_path, "晶圆")
    assert set(other).isdisjoint(first) and len(list(tmp_path.glob("*.woff"))) == 4


def test_a_spec_is_checked_when_it_is_drawn_and_not_when_it_is_cached(tmp_path):
    """The schema check of a chart's spec runs before vl-convert draws it: a drawing in the cache is
    of a spec that passed the check then, since the spec is the cache's key."""
    spec = {"data": {"values": [{"a": 1}]}, "mark": "bar", "encoding": {"x": {"field": "a"}}}
    checked = []
    renderer = SvgRenderer(tmp_path)
    renderer.render(spec, "first", check=lambda: checked.append("first"))
    renderer.render(spec, "again", check=lambda: checked.append("again"))
    assert checked == ["first"] and renderer.rendered == 1


def test_the_compiled_templates_are_kept_where_the_setting_says(tmp_path, monkeypatch):
    """The theme's compiled templates: the project's .cache/templates, MEMS_TEMPLATE_CACHE's folder,
    or none with off (tests/test_publishing.py builds without them and gets the same bytes)."""
    monkeypatch.delenv("MEMS_TEMPLATE_CACHE", raising=False)
    assert template_cache(tmp_path).directory == str(tmp_path / ".cache" / "templates")
    monkeypatch.setenv("MEMS_TEMPLATE_CACHE", str(tmp_path / "elsewhere"))
    assert template_cache(tmp_path).directory == str(tmp_path / "elsewhere")
    monkeypatch.setenv("MEMS_TEMPLATE_CACHE", "off")
    assert template_cache(tmp_path) is None
