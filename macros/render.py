"""Turn tables, charts, values and findings into HTML. Every cell is escaped: data is never markup."""

from __future__ import annotations

import json
import math
import re
from html import escape

import pandas as pd

from .catalog import Field, Table, text_of
from .checks import Finding
from .formatting import format_number


def data_page_url(table: Table) -> str:
    """Where a dataset's own page is, relative to the site root."""
    return f"data/{table.package.name}/{table.name}.html"


def chart_file_url(name: str, kind: str) -> str:
    return f"charts/{name}.{kind}"


def csv_url(table: Table) -> str:
    return f"data/{table.package.name}/{table.name}.csv"


def cell_text(table: Table, f: Field, row: int) -> str:
    value = table.frame[f.name].iloc[row]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not f.numeric:
        return str(value)
    decimals = f.decimals if f.decimals is not None else table.written_decimals(f.name, row)
    return format_number(float(value), decimals)


def label_of(table: Table) -> str:
    """The document's number for the table (表1, 图14), or its section when it has none."""
    if table.label:
        return table.label
    if table.computed:
        return "推算表"
    return f"{table.location}节表" if table.location[:1].isdigit() else "表"


def document_name(table: Table) -> str:
    return f"《{table.package.title}》"


def source_text(table: Table) -> str:
    """One plain line: where the values stand in which document, and who published it."""
    package = table.package
    if table.computed:
        return f"由本站根据{document_name(table)}所载数值计算：{table.derivation}"
    where = f"{document_name(table)}{table.location}" if table.location else document_name(table)
    if table.label and table.label not in table.location:
        where += f" {table.label}"
    if not table.location:
        where += "（各行出处见“出处”列）"
    publisher = "，".join(filter(None, [package.publisher, package.date]))
    return f"{where}，{publisher}" if publisher else where


def source_line(table: Table, base: str) -> str:
    links = (
        f'<a href="{base}{data_page_url(table)}">数据页</a>'
        f' · <a href="{base}{csv_url(table)}" download>下载CSV</a>'
    )
    return (
        f'<p class="mems-source"><span class="mems-source__label">来源：</span>'
        f"{escape(source_text(table))} · {links}</p>"
    )


def table_body(table: Table, columns: list[str] | None = None, rows: pd.Index | None = None) -> str:
    fields = [table.field(c) for c in columns] if columns else table.fields
    positions = range(len(table.frame)) if rows is None else [table.frame.index.get_loc(r) for r in rows]
    head = "".join(f'<th scope="col"{numeric_class(f)}>{escape(f.heading)}</th>' for f in fields)
    body = []
    for row in positions:
        cells = []
        for f in fields:
            text = escape(cell_text(table, f, row))
            if f.name == "status" and text == "推算值":
                text = f'<span class="mems-derived">{text}</span>'
            cells.append(f"<td{numeric_class(f)}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def numeric_class(f: Field) -> str:
    return ' class="mems-num"' if f.numeric else ""


def anchor(kind: str, table: Table) -> str:
    return f"{kind}-{table.package.name}-{table.name}"


# Every table sits in a `mems-scroll` wrapper that scrolls sideways on a phone; its tabindex lets
# a keyboard reach and scroll it too.
def table_html(
    table: Table, base: str, columns: list[str] | None = None, caption: str | None = None, tools: str = ""
) -> str:
    label = label_of(table)
    title = caption or table.title
    return (
        f'<figure class="mems-figure mems-table" id="{anchor("table", table)}">'
        f'<figcaption><span class="mems-label">{escape(label)}</span> {escape(title)}</figcaption>'
        f'<div class="mems-scroll" tabindex="0">{table_body(table, columns)}</div>'
        f"{derived_note(table)}{source_line(table, base)}{tools}</figure>"
    )


def derived_note(table: Table) -> str:
    if not table.computed:
        return ""
    return '<p class="mems-note">本表含由本站计算的数值（标为“推算值”），并非文献所载；计算方法见来源行。</p>'


def chart_html(
    name: str,
    label: str,
    caption: str,
    table: Table,
    svg: str,
    description: str,
    base: str,
    tools: str = "",
) -> str:
    """A chart as its static SVG, which paints without any script. The Vega-Lite spec that makes it
    live stays out of the page (data-spec names its file), so that it weighs only once it is used."""
    shown_label = f'<span class="mems-label">{escape(label)}</span> ' if label else ""
    return (
        f'<figure class="mems-figure mems-chart" id="chart-{name}" data-chart="{name}" '
        f'data-spec="{base}{chart_file_url(name, "spec.js")}">'
        f"<figcaption>{shown_label}{escape(caption)}</figcaption>"
        f'<div class="mems-chart__view" role="img" aria-label="{escape(description)}" '
        f"data-search-exclude>{svg}</div>"
        f'<details class="mems-chart__data"><summary>以表格查看本图数据</summary>'
        f'<div class="mems-scroll" tabindex="0">{table_body(table)}</div></details>'
        f"{derived_note(table)}{source_line(table, base)}"
        f'<p class="mems-downloads">下载本图：<a href="{base}{chart_file_url(name, "svg")}" download>SVG</a>'
        f' · <a href="{base}{chart_file_url(name, "png")}" download>PNG</a>'
        f' · <a href="{base}{csv_url(table)}" download>数据CSV</a></p>{tools}</figure>'
    )


def chart_spec_script(name: str, spec: dict) -> str:
    """The chart's Vega-Lite spec as a script that charts.js loads when the chart comes into view
    (a script, not JSON: pages opened from disk may not fetch files, but may load scripts)."""
    registry = "(window.memsChartSpecs = window.memsChartSpecs || {})"
    return f"{registry}[{json.dumps(name)}] = {json.dumps(spec)};\n"


def describe_chart(caption: str, table: Table, spec: dict | None = None) -> str:
    """A text alternative made from the data: what the chart shows, its largest and smallest value."""
    measure = drawn_measure(spec, table) or next(
        (f for f in table.fields if f.numeric and not YEAR_LIKE.search(f.name)), None
    )
    labels = [f for f in table.fields if f is not measure and (not f.numeric or YEAR_LIKE.search(f.name))]
    parts = [f"图表：{caption}。共{len(table.frame)}行数据。"]
    if measure is not None and labels and table.frame[measure.name].notna().any():
        frame = table.frame
        values = frame[measure.name]

        def point(index) -> str:
            row = frame.index.get_loc(index)
            names = [label_text(table, f, row) for f in labels[:2]]
            return f"{'，'.join(n for n in names if n)}：{cell_text(table, measure, row)}{measure.unit}"

        parts.append(f"{measure.title}最大值为{point(values.idxmax())}；最小值为{point(values.idxmin())}。")
    parts.append("图下可展开数据表。")
    return "".join(parts)


# Numbers that name a row rather than measure it: years and ranks.
YEAR_LIKE = re.compile(r"^(year|rank)$|_year$")


def drawn_measure(spec: dict | None, table: Table) -> Field | None:
    """The quantity the chart draws: the first quantitative field of its encodings (outer view
    first, then its layers) that is a measure column of the table."""
    measures = {f.name: f for f in table.fields if f.numeric and not YEAR_LIKE.search(f.name)}
    views = [spec] if spec else []
    while views:
        view = views.pop(0)
        for channel in (view.get("encoding") or {}).values():
            field = channel.get("field") if isinstance(channel, dict) else None
            if field in measures and channel.get("type") == "quantitative":
                return measures[field]
        for key in ("layer", "hconcat", "vconcat", "concat"):
            views += [v for v in view.get(key, []) if isinstance(v, dict)]
        if isinstance(view.get("spec"), dict):
            views.append(view["spec"])
    return None


def label_text(table: Table, f: Field, row: int) -> str:
    """A row's name in a field, with the field's unit when it is a number (6英寸, 2019年)."""
    if f.numeric:
        text = cell_text(table, f, row)
        return f"{text}{f.unit}" if text else ""
    return text_of(table.frame[f.name].iloc[row])


TABLE_HEAD = re.compile(r"<thead>.*?</thead>", re.S)
UNSCOPED_HEADER = re.compile(r"<th(?![^>]*\bscope=)(?=[\s>])")


def scope_header_cells(html: str) -> str:
    """Header cells of tables written in Markdown get scope="col", like the generated tables, so
    that a screen reader announces each cell with its column's heading."""
    return TABLE_HEAD.sub(lambda head: UNSCOPED_HEADER.sub('<th scope="col"', head.group(0)), html)


def value_html(text: str) -> str:
    return f'<span class="mems-value">{escape(text)}</span>'


def lost_value_html(published: str, note: str) -> str:
    """A value whose digits the source lost: shown as the source prints it, never as a number."""
    title = note or "源文本此处丢失了字符，数值无法确定"
    return (
        f'<span class="mems-lost" title="{escape(title)}">{escape(published)}'
        '<sup class="mems-lost__mark">（原文缺损）</sup></span>'
    )


def finding_html(finding: Finding, base: str, tables_link: bool = True) -> str:
    """A data note: what disagrees, each value with its place in the source."""
    if finding.consistent:
        return (
            f'<div class="admonition success mems-check" id="check-{finding.id}">'
            f'<p class="admonition-title">数据核对：{escape(finding.title)}</p>'
            f"<p>核对通过：{escape(finding.explanation)}</p></div>"
        )
    rows = []
    for op in finding.operands:
        link = f' <a href="{base}{data_page_url(op.table)}">数据</a>' if tables_link else ""
        rows.append(f"<li>{escape(op.location)}：{escape(op.name)} = {escape(op.shown())}{link}</li>")
    return (
        f'<div class="admonition warning mems-check" id="check-{finding.id}">'
        f'<p class="admonition-title">原文数据不一致：{escape(finding.title)}</p>'
        f"<p>{escape(finding.description)} {escape(finding.explanation)}"
        "两个数值均按原文保留，本站不作取舍。</p>"
        f"<ul>{''.join(rows)}</ul></div>"
    )


ANCHOR = re.compile(r'\bid="((?:check|chart|table|fig)-[^"]+)"')


def unique_anchors(html: str) -> str:
    """Number repeated figure and note anchors on one page (a note shown in two sections of the
    print page), so that every id stays unique and the first keeps the name links point to."""
    seen: dict[str, int] = {}

    def number(match: re.Match) -> str:
        name = match.group(1)
        seen[name] = seen.get(name, 0) + 1
        return match.group(0) if seen[name] == 1 else f'id="{name}-{seen[name]}"'

    return ANCHOR.sub(number, html)
