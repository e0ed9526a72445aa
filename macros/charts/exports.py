"""Chart downloads that stand alone: the SVG and PNG a reader takes away carry the figure's number,
title, unit, source and the site's name, which on the page stand around the chart."""

from __future__ import annotations

import textwrap

from ..data.catalog import Table
from ..data.plain_text import YEAR_LIKE, source_text
from .spec import channels

# What Vega-Lite allows only at the top of a spec; the rest of the chart becomes the first view
# of a column whose second view is the footer.
TOP_LEVEL = {"$schema", "config", "datasets", "background", "padding", "autosize", "usermeta"}
FOOTER_SIZE = 11
FOOTER_LINE = 15
# Characters a footer line holds in the wide layout (CJK text is 1 em a character).
FOOTER_CHARS = 58


def units_drawn(spec: dict, table: Table) -> list[str]:
    """The units of the table's measures that the chart encodes as quantities, in spec order."""
    measures = {f.name: f for f in table.fields if f.numeric and not YEAR_LIKE.search(f.name)}
    units: list[str] = []
    for channel in channels(spec):
        field = channel.get("field") if isinstance(channel, dict) else None
        if field in measures and channel.get("type") == "quantitative" and measures[field].unit:
            unit = measures[field].unit
            if unit not in units:
                units.append(unit)
    return units


def export_spec(spec: dict, label: str, caption: str, table: Table, site_name: str, address: str) -> dict:
    """The chart's spec with a title above (number, caption, unit) and a footer below (source, site)."""
    units = units_drawn(spec, table)
    unit_line = f"单位：{units[0]}" if len(units) == 1 else "单位见各坐标轴与分图标题" if units else ""
    lines = textwrap.wrap(f"来源：{source_text(table)}", FOOTER_CHARS) + [f"{site_name} {address}"]
    footer = {
        "data": {"values": [{}]},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "top",
            "fontSize": FOOTER_SIZE,
            "lineHeight": FOOTER_LINE,
            "color": "#444444",
        },
        "encoding": {"x": {"value": 0}, "y": {"value": 0}, "text": {"value": lines}},
        "width": 1,
        "height": FOOTER_LINE * len(lines),
    }
    title = {"text": f"{label} {caption}".strip(), "anchor": "start", "fontSize": 14, "offset": 12}
    if unit_line:
        title.update(subtitle=unit_line, subtitleFontSize=12, subtitleColor="#444444")
    top = {key: value for key, value in spec.items() if key in TOP_LEVEL}
    chart = {key: value for key, value in spec.items() if key not in TOP_LEVEL}
    # A white ground: a file opened on its own has no page behind it (the page's charts are clear).
    return {**top, "background": "white", "title": title, "vconcat": [chart, footer], "spacing": 16}
