"""Turn tables, charts, values and findings into HTML. Every cell is escaped: data is never markup."""

from __future__ import annotations

import json
import math
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
    head = "".join(
        f'<th scope="col"{numeric_class(f)}>{escape(f.heading)}</th>' for f in fields
    )
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


def table_html(
    table: Table, base: str, columns: list[str] | None = None, caption: str | None = None
) -> str:
    label = label_of(table)
    title = caption or table.title
    return (
        f'<figure class="mems-figure mems-table" id="{anchor("table", table)}">'
        f'<figcaption><span class="mems-label">{escape(label)}</span> {escape(title)}</figcaption>'
        f'<div class="mems-scroll">{table_body(table, columns)}</div>'
        f"{derived_note(table)}{source_line(table, base)}</figure>"
    )


def derived_note(table: Table) -> str:
    if not table.computed:
        return ""
    return (
        '<p class="mems-note">本表含由本站计算的数值（标为“推算值”），'
        "并非文献所载；计算方法见来源行。</p>"
    )


def chart_html(
    name: str,
    label: str,
    caption: str,
    table: Table,
    svg: str,
    spec: dict,
    description: str,
    base: str,
) -> str:
    spec_json = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
    shown_label = f'<span class="mems-label">{escape(label)}</span> ' if label else ""
    return (
        f'<figure class="mems-figure mems-chart" id="chart-{name}" data-chart="{name}">'
        f"<figcaption>{shown_label}{escape(caption)}</figcaption>"
        f'<div class="mems-chart__view" role="img" aria-label="{escape(description)}" '
        f"data-search-exclude>{svg}</div>"
        f'<script type="application/json" class="mems-chart__spec">{spec_json}</script>'
        f'<details class="mems-chart__data"><summary>以表格查看本图数据</summary>'
        f'<div class="mems-scroll">{table_body(table)}</div></details>'
        f"{derived_note(table)}{source_line(table, base)}"
        f'<p class="mems-downloads">下载本图：<a href="{base}{chart_file_url(name, "svg")}" download>SVG</a>'
        f' · <a href="{base}{chart_file_url(name, "png")}" download>PNG</a>'
        f' · <a href="{base}{csv_url(table)}" download>数据CSV</a></p></figure>'
    )


def describe_chart(caption: str, table: Table) -> str:
    """A text alternative made from the data: what the chart shows, its largest and smallest value."""
    numeric = [f for f in table.fields if f.numeric and f.name not in ("year", "rank")]
    text = [f for f in table.fields if not f.numeric or f.name in ("year", "rank")]
    parts = [f"图表：{caption}。共{len(table.frame)}行数据。"]
    if numeric and text:
        measure, category = numeric[0], text[0]
        values = table.frame[measure.name]
        if values.notna().any():
            top, bottom = values.idxmax(), values.idxmin()
            frame = table.frame

            def point(index) -> str:
                row = frame.index.get_loc(index)
                extra = [text_of(frame[f.name].iloc[row]) for f in text[:2] if text_of(frame[f.name].iloc[row])]
                return f"{'，'.join(extra)}：{cell_text(table, measure, row)}{measure.unit}"

            parts.append(f"{measure.title}最大值为{point(top)}；最小值为{point(bottom)}。")
    parts.append("图下可展开数据表。")
    return "".join(parts)


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
