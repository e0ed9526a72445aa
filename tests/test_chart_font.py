"""The charts' own font: charts drawn afresh where the machine's fonts are hidden (and the control
that hiding them really hides them) are the site's, byte for byte; a loud stop when the font is
missing or lacks a character; and cache keys that follow the font and the renderer."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HOW_TO_GET_IT, PROJECT, fonts_hiding, unavailable
from macros.charts import font as chartfont
from macros.charts.registry import LAYOUTS
from macros.data.catalog import DataError
from macros.html.render import layout_svg

# Draws the named charts (document/name) afresh, with no chart cache, in a fresh process: each in
# both layouts as the pages show it, its SVG download and the digest of its PNG. With `control` it
# draws instead a text in the system's own CJK font, which only shows whether the machine's fonts
# are visible to vl-convert.
DRAW = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
if sys.argv[2] == "control":
    import vl_convert
    spec = {"data": {"values": [{"t": "6寸晶圆 发布值"}]}, "encoding": {"text": {"field": "t"}},
            "mark": {"type": "text", "font": "Noto Sans CJK SC"}}
    print(json.dumps({"control": hashlib.sha256(vl_convert.vegalite_to_png(spec)).hexdigest()}))
    raise SystemExit
from pathlib import Path
import yaml
from macros.charts.registry import LAYOUTS
from macros.build.outputs import chart_download
from macros.build.site import Build, Settings
project = Path(sys.argv[1])
config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
site = Build(project, None, Settings.from_config(config))
drawn = {}
for name in sys.argv[3:]:
    definition = site.charts[name]
    files = {layout: site.chart_svg(definition, layout) for layout in LAYOUTS}
    files["svg"] = chart_download(site, definition)
    files["png"] = hashlib.sha256(site.svg.png(files["svg"])).hexdigest()
    drawn[name] = files
print(json.dumps(drawn))
"""


def draw(tmp_path: Path, hide_fonts: bool, what: str, charts: list[str] | None = None) -> dict:
    command = [sys.executable, "-c", DRAW, str(PROJECT), what, *(charts or [])]
    env = {**os.environ}
    if hide_fonts:
        prefix, why_not = fonts_hiding()
        if not prefix:
            pytest.skip(why_not)
        command = [*prefix, *command]
        # Out of the user's own font folders too, with the system's hidden.
        env["HOME"] = str(tmp_path)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def most_lettered_charts(site: Path) -> list[str]:
    """Of each document, the chart whose SVG download draws the most different characters."""
    best: dict[str, tuple[int, str]] = {}
    for path in sorted(site.glob("charts/*/*.svg")):
        document = path.parent.name
        count = len(set(chartfont.chart_text(path.read_text(encoding="utf-8"))))
        if count > best.get(document, (-1, ""))[0]:
            best[document] = (count, f"{document}/{path.stem}")
    return [name for _, name in best.values()]


def test_hiding_the_machines_fonts_changes_what_they_draw(tmp_path):
    """The control: with the fonts hidden, the system's own CJK font is really out of reach (else
    the test below, which draws charts with the fonts hidden, would prove nothing).
    It needs that font on the machine: without it there is nothing to hide."""
    listed = subprocess.run(["fc-list", ":family=Noto Sans CJK SC"], capture_output=True, text=True)
    if not listed.stdout.strip():
        unavailable(f"the machine has no Noto Sans CJK SC for the control to hide: {HOW_TO_GET_IT}")
    assert draw(tmp_path, hide_fonts=False, what="control") != draw(
        tmp_path, hide_fonts=True, what="control"
    ), "hiding the machine's fonts changed nothing: the test below cannot fail"


def test_a_chart_drawn_afresh_without_the_machines_fonts_is_the_sites(built_site, tmp_path):
    """Of each document, the chart that draws the most different characters (CJK, Latin letters,
    digits and signs, in both weights), drawn afresh with no chart cache where the machine's fonts
    are out of sight (the control above): both layouts are the ones its pages show and its SVG and
    PNG downloads are the site's, byte for byte. The site's were drawn with the machine's fonts in
    sight, or taken from the chart cache: the charts depend on neither. (Every other page and file
    is compared byte for byte with a build by the other engine, tests/test_publishing.py.)"""
    charts = most_lettered_charts(built_site)
    assert len(charts) >= 2, charts
    pages = "".join(page.read_text(encoding="utf-8") for page in built_site.rglob("*.html"))
    different = []
    for name, files in draw(tmp_path, hide_fonts=True, what="charts", charts=charts).items():
        download = built_site / "charts" / name
        if files["svg"] != download.with_suffix(".svg").read_text(encoding="utf-8"):
            different.append(f"{name}.svg")
        if files["png"] != hashlib.sha256(download.with_suffix(".png").read_bytes()).hexdigest():
            different.append(f"{name}.png")
        for layout in LAYOUTS:
            # As a page shows it (macros/html/render.py).
            if layout_svg(files[layout], layout) not in pages:
                different.append(f"{name} ({layout})")
    assert not different, f"drawn otherwise without the machine's fonts: {different}"


def test_the_charts_ask_for_the_projects_font_only():
    from macros.charts.registry import FONT

    assert FONT == chartfont.FAMILY
    for name in chartfont.FILES:
        assert (chartfont.FONT_DIR / name).is_file()
    assert (chartfont.FONT_DIR / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") == 1


def test_a_character_without_a_glyph_stops_the_build():
    svg = '<svg><text font-family="x">晶圆&#x2F00;\U00020000</text></svg>'
    with pytest.raises(DataError) as error:
        chartfont.check_glyphs(svg, "wafer_demand_by_size_bars-wide")
    message = str(error.value)
    assert "chart 'wafer_demand_by_size_bars' (wide layout)" in message
    assert "U+20000" in message and "make_subset.py" in message
    assert "晶" not in message.split("draws")[1].split("which")[0], "a covered character is named"
    chartfont.check_glyphs('<svg><text x="1">6寸晶圆 发布值 推算值（%）</text></svg>', "ok-wide")


def test_a_font_that_will_not_load_stops_the_build(tmp_path, monkeypatch):
    for name in chartfont.FILES:
        (tmp_path / name).write_bytes(b"not a font")
    monkeypatch.setattr(chartfont, "FONT_DIR", tmp_path)
    chartfont.chart_font.cache_clear()
    try:
        with pytest.raises(DataError) as error:
            chartfont.chart_font()
    finally:
        monkeypatch.undo()
        chartfont.chart_font.cache_clear()
    message = str(error.value)
    assert message.startswith(f"macros/charts/fonts/{chartfont.FILES[0]}: the chart font cannot be loaded")
    assert "\n" not in message and "Traceback" not in message


def test_the_cache_key_follows_the_font_and_the_renderer(tmp_path, monkeypatch):
    from macros.charts import svg as svg_module

    renderer = svg_module.SvgRenderer(tmp_path)
    spec = {"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a"}}}
    renderer.render(spec, "probe-wide")
    monkeypatch.setattr(renderer, "font", chartfont.ChartFont("another", renderer.font.characters))
    renderer.render(spec, "probe-wide")
    monkeypatch.setattr(svg_module.vl_convert, "__version__", "0.0.0")
    renderer.render(spec, "probe-wide")
    assert renderer.rendered == 3, "a new font or renderer version reused a cached chart"
    assert len(list(tmp_path.glob("*.svg"))) == 3
