"""The charts' own font: hiding the machine's fonts really hides them (the build made that way is
compared byte for byte with the normal one in tests/test_publishing.py), a loud stop when the font
is missing or lacks a character, and cache keys that follow the font and the renderer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HOW_TO_GET_IT, PROJECT, fonts_hiding, unavailable
from macros.charts import font as chartfont
from macros.data.catalog import DataError

# Renders every chart in both layouts, and each download (SVG and PNG), in a fresh process, and
# prints a digest of each file; with a chart cache (the third argument) it reads there what a build
# on this machine, its fonts in sight, already drew. With `control` it renders instead a text in
# the system's own CJK font, which only shows whether the machine's fonts are visible to vl-convert.
RENDER_ALL = """
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
site = Build(project, Path(sys.argv[3]) if len(sys.argv) > 3 else None, Settings.from_config(config))
digests = {}
for name, definition in site.charts.items():
    for layout in LAYOUTS:
        svg = site.chart_svg(definition, layout)
        digests[f"{name}.{layout}.svg"] = hashlib.sha256(svg.encode()).hexdigest()
    svg = chart_download(site, definition)
    digests[f"{name}.svg"] = hashlib.sha256(svg.encode()).hexdigest()
    digests[f"{name}.png"] = hashlib.sha256(site.svg.png(svg)).hexdigest()
print(json.dumps(digests))
"""


def render_all(
    tmp_path: Path, hide_fonts: bool, what: str = "charts", cache: Path | None = None
) -> dict[str, str]:
    command = [sys.executable, "-c", RENDER_ALL, str(PROJECT), what, *([str(cache)] if cache else [])]
    env = {**os.environ}
    if hide_fonts:
        prefix, why_not = fonts_hiding()
        if not prefix:
            pytest.skip(why_not)
        command = [*prefix, *command]
        env["HOME"] = str(tmp_path)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_hiding_the_machines_fonts_changes_what_they_draw(tmp_path):
    """The control: with the fonts hidden, the system's own CJK font is really out of reach (else
    the build with the fonts hidden, tests/test_publishing.py second_build, would prove nothing).
    It needs that font on the machine: without it there is nothing to hide."""
    listed = subprocess.run(["fc-list", ":family=Noto Sans CJK SC"], capture_output=True, text=True)
    if not listed.stdout.strip():
        unavailable(f"the machine has no Noto Sans CJK SC for the control to hide: {HOW_TO_GET_IT}")
    assert render_all(tmp_path, hide_fonts=False, what="control") != render_all(
        tmp_path, hide_fonts=True, what="control"
    ), "hiding the machine's fonts changed nothing: the byte-for-byte test below cannot fail"


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
