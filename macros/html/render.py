"""Turn tables, charts, values and findings into HTML. Every cell is escaped: data is never markup."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd

from ..base import addresses
from ..base.escaping import html_attr, html_text, json_script
from ..charts.registry import ChartDef
from ..charts.spec import channels as spec_channels
from ..data.catalog import DataError, Field, Table, text_of
from ..data.checks import Finding
from ..data.plain_text import YEAR_LIKE, cell_text, document_name, label_of, source_text
from ..data.quantity import COMPUTED, FIGURE_STATUSES, LOST, PUBLISHED, Quantity

# How a chart figure opens: a page holding one loads the chart script (macros/build/outputs.py, page_assets).
# Data cannot write it: every quote in data reaches a page as &quot;.
CHART_FIGURE = 'class="mems-figure mems-chart"'


def source_line(table: Table, base: str) -> str:
    links = (
        f'<a href="{base}{addresses.data_page(table.id)}">数据页</a>'
        f' · <a href="{base}{addresses.csv_file(table.id)}" download>下载CSV</a>'
    )
    return (
        f'<p class="mems-source"><span class="mems-source__label">来源：</span>'
        f'{html_text(source_text(table))}<span class="mems-source__links"> · {links}</span></p>'
    )


# A page lists at most this many rows of a table; the rest are in its CSV download, so that a long
# dataset neither makes its pages heavy nor fills the search index.
SHOWN_ROWS = 500


def table_body(
    table: Table,
    columns: list[str] | None = None,
    rows: pd.Index | None = None,
    anchors: bool = False,
    group: str | None = None,
) -> str:
    """The table's cells, escaped. With anchors, each row carries its own id (Table.row_anchor), for
    a data page that prose numbers link to; with group, a heading row opens each run of rows that
    share that column's value (the facts pages' sections)."""
    fields = [table.field(c) for c in columns] if columns else table.fields
    positions = range(len(table.frame)) if rows is None else [table.frame.index.get_loc(r) for r in rows]
    total = len(positions)
    positions = positions[:SHOWN_ROWS]
    # data-field names the column, for values.js to find a row's value cell when a number leads there.
    head = "".join(
        f'<th scope="col"{numeric_class(f)} data-field="{html_attr(f.name)}">{html_text(f.heading)}</th>'
        for f in fields
    )
    body = []
    current_group = None
    for row in positions:
        if group is not None:
            section = text_of(table.value(row, group)) or "（未注明）"
            if section != current_group:
                current_group = section
                body.append(
                    f'<tr class="mems-group"><th scope="colgroup" colspan="{len(fields)}">'
                    f"{html_text(section)}</th></tr>"
                )
        cells = []
        for f in fields:
            text = html_text(cell_text(table, f, row))
            if f.name == "status" and text == COMPUTED:
                text = f'<span class="mems-derived">{text}</span>'
            cells.append(f"<td{numeric_class(f)}>{text}</td>")
        row_id = f' id="{table.row_anchor(row)}"' if anchors else ""
        body.append(f"<tr{row_id}>{''.join(cells)}</tr>")
    shown = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if total > SHOWN_ROWS:
        shown += (
            f'<p class="mems-note mems-table__more">共{total:,}行，此处列出前{SHOWN_ROWS}行；'
            "全部数据见本表的CSV下载。</p>"
        )
    return shown


# The column that says where each row stands in the document, when rows come from several places.
GROUP_COLUMNS = ("location", "source")


def group_column(table: Table) -> str | None:
    frame = table.frame
    return next((c for c in GROUP_COLUMNS if c in frame.columns and frame[c].nunique() > 1), None)


def reading_order(table: Table) -> list[str]:
    """The columns of a data page's table as an analyst reads them: what is measured and its
    value first, the section a row stands in and its key last (both are given by the group heading
    and the row's anchor, and they are the widest cells)."""
    last = [c for c in (group_column(table), *table.primary_key) if c]
    last = list(dict.fromkeys(last))
    return [f.name for f in table.fields if f.name not in last] + last


def data_table_html(table: Table, base: str) -> str:
    """A dataset's whole table on its data page: every row anchored, grouped by section when rows
    come from several places; tables.js makes it sortable and filterable (it works from disk, and
    without JavaScript the table is all there)."""
    group = group_column(table)
    body = table_body(table, reading_order(table), anchors=True, group=group)
    return (
        # Out of the search index, where its cells would run together: the page indexes its rows as
        # sentences instead (datapages.search_sentences).
        f'<div class="mems-scroll mems-datatable" tabindex="0" role="region" data-search-exclude '
        f'aria-label="{html_attr(table.title)}：全部数据" data-sortable>{body}</div>'
        f'<script src="{base}{addresses.TABLES_SCRIPT}" defer></script>'
    )


def numeric_class(f: Field) -> str:
    return ' class="mems-num"' if f.numeric else ""


# Every table sits in a `mems-scroll` wrapper that scrolls sideways on a phone; its tabindex lets
# a keyboard reach and scroll it too.
def table_html(
    table: Table, base: str, columns: list[str] | None = None, caption: str | None = None, tools: str = ""
) -> str:
    label = label_of(table)
    title = caption or table.title
    return (
        f'<figure class="mems-figure mems-table" id="{addresses.table_anchor(table.id)}">'
        f'<figcaption><span class="mems-label">{html_text(label)}</span> {html_text(title)}</figcaption>'
        f'<div class="mems-scroll" tabindex="0">{table_body(table, columns)}</div>'
        f"{derived_note(table)}{source_line(table, base)}{tools}</figure>"
    )


def derived_note(table: Table) -> str:
    if not table.computed:
        return ""
    if table.has("status") and set(table.text["status"]) == {PUBLISHED}:
        # A table that only gathers published values (side by side) computes none of them.
        return '<p class="mems-note">本表只把文献所载的数值汇集在一起，没有推算值；汇集方法见来源行。</p>'
    return '<p class="mems-note">本表含由本站计算的数值（标为“推算值”），并非文献所载；计算方法见来源行。</p>'


def chart_html(
    definition: ChartDef,
    table: Table,
    svgs: dict[str, str],
    description: str,
    base: str,
    columns: list[str] | None = None,
    table_view: bool = True,
    tools: str = "",
    note: str = "",
    caption: str | None = None,
    panels: str | None = None,
) -> str:
    """A chart as its static SVGs, which paint without any script: one per layout, of which the
    stylesheet shows the one that fits the column. The Vega-Lite specs that make it live stay out
    of the page (data-spec names their file), so that they weigh only once they are used. The chart
    and its data table are two views of one figure (columns: the plotted ones first); on a data
    page, whose whole table is already there, the chart comes alone (table_view=False)."""
    # A caption given is the document's own figure's, which links reach by its anchor (fig-图8).
    caption_id = f' id="{addresses.figure_anchor(definition.label)}"' if caption else ""
    name, label, caption = definition.id, definition.label, caption or definition.caption
    shown_label = f'<span class="mems-label">{html_text(label)}</span> ' if label else ""
    view = (
        f'<div class="mems-chart__view" role="img" aria-label="{html_attr(description)}" '
        f"data-search-exclude>{''.join(layout_svg(svg, layout) for layout, svg in svgs.items())}</div>"
    )
    anchor = addresses.chart_anchor(definition.id)
    body = views_html(anchor, "图表", view, table, columns, panels) if table_view else view
    return (
        f'<figure {CHART_FIGURE} id="{anchor}" data-chart="{name}" '
        f'data-spec="{base}{addresses.chart_file(definition.id, "spec.js")}">'
        f"<figcaption{caption_id}>{shown_label}{html_text(caption)}</figcaption>{note}"
        f"{body}{derived_note(table)}{source_line(table, base)}"
        f'<p class="mems-downloads">下载本图：'
        f'<a href="{base}{addresses.chart_file(definition.id, "svg")}" download>SVG</a>'
        f' · <a href="{base}{addresses.chart_file(definition.id, "png")}" download>PNG</a>'
        f' · <a href="{base}{addresses.csv_file(table.id)}" download>数据CSV</a></p>{tools}</figure>'
    )


def layout_svg(svg: str, layout: str) -> str:
    """Mark a chart's SVG with its layout, for the stylesheet to choose by the column's width."""
    return svg.replace("<svg ", f'<svg data-layout="{layout}" ', 1)


def views_html(
    group: str,
    first_name: str,
    first_html: str,
    table: Table,
    columns: list[str] | None,
    panels: str | None = None,
) -> str:
    """Two views of one figure, a drawing and its data table, with a switch between them as in
    Our World in Data's figures. The switch is a pair of radio buttons and CSS (:has), so that it
    works with JavaScript off; a browser without :has shows both views, one after the other. A
    drawing in panels (panel_column) has its table in the same sections, each under a heading row."""
    switch = "".join(
        f'<label class="mems-views__tab"><input type="radio" name="{group}-view" value="{value}"'
        f"{' checked' if value == 'drawing' else ''}>{text}</label>"
        for value, text in (("drawing", first_name), ("table", "数据表"))
    )
    return (
        f'<div class="mems-views">'
        f'<div class="mems-views__switch" role="radiogroup" aria-label="本图的视图">{switch}</div>'
        f'<div class="mems-views__drawing">{first_html}</div>'
        f'<div class="mems-views__table mems-scroll" tabindex="0" role="region" aria-label="数据表">'
        f"{table_body(table, [c for c in columns if c != panels] if panels else columns, group=panels)}"
        "</div></div>"
    )


def panel_column(table: Table, spec: dict | None) -> str | None:
    """The column of the table a chart is drawn in panels by (the field of its facet's rows, columns
    or wrapped panels), when each panel's rows stand together in the table, as its table view can
    then show them: the panel's name once, over its rows, not in every row."""
    facet = (spec or {}).get("facet") or {}
    fields = [facet.get("field"), *((facet.get(k) or {}).get("field") for k in ("row", "column"))]
    names = {f.name for f in table.fields}
    column = next((f for f in fields if f in names), None)
    if column is None:
        return None
    values = table.frame[column].tolist()
    runs = 1 + sum(a != b for a, b in zip(values, values[1:], strict=False))
    return column if runs == len(set(values)) else None


def plotted_first(table: Table, spec: dict | None) -> list[str]:
    """The table's columns with those the chart encodes first, in the order its encodings name
    them (outer view, then its layers), and the others after, in the table's order."""
    names = {f.name for f in table.fields}
    plotted: list[str] = []
    for channel in spec_channels(spec):
        for item in channel if isinstance(channel, list) else [channel]:
            field = item.get("field") if isinstance(item, dict) else None
            if field in names and field not in plotted:
                plotted.append(field)
    return plotted + [f.name for f in table.fields if f.name not in plotted]


def chart_spec_script(name: str, specs: dict[str, dict]) -> str:
    """The chart's Vega-Lite spec for each layout as a script that charts.js loads when the chart
    comes into view (a script, not JSON: pages opened from disk may not fetch files, but may load
    scripts)."""
    registry = "(window.memsChartSpecs = window.memsChartSpecs || {})"
    return f"{registry}[{json_script(name)}] = {json_script(specs)};\n"


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
    parts.append("本图数据另有表格可查。")
    return "".join(parts)


# Numbers that name a row rather than measure it: years and ranks.
def drawn_measure(spec: dict | None, table: Table) -> Field | None:
    """The quantity the chart draws: the first quantitative field of its encodings (outer view
    first, then its layers) that is a measure column of the table."""
    measures = {f.name: f for f in table.fields if f.numeric and not YEAR_LIKE.search(f.name)}
    for channel in spec_channels(spec):
        field = channel.get("field") if isinstance(channel, dict) else None
        if field in measures and channel.get("type") == "quantitative":
            return measures[field]
    return None


def label_text(table: Table, f: Field, row: int) -> str:
    """A row's name in a field, with the field's unit when it has one (6英寸, 2019年, 8寸)."""
    text = cell_text(table, f, row) if f.numeric else text_of(table.value(row, f.name))
    return f"{text}{f.unit}" if text else ""


TABLE_HEAD = re.compile(r"<thead>.*?</thead>", re.S)
UNSCOPED_HEADER = re.compile(r"<th(?![^>]*\bscope=)(?=[\s>])")


TAG = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """The words of a piece of HTML, as a reader sees them, without its markup."""
    return unescape(escaped_words(html))


def escaped_words(html: str) -> str:
    """The words of a piece of HTML without its tags, still escaped: text for another HTML context."""
    return TAG.sub("", html)


def scope_header_cells(html: str) -> str:
    """Header cells of tables written in Markdown get scope="col", like the generated tables, so
    that a screen reader announces each cell with its column's heading."""
    return TABLE_HEAD.sub(lambda head: UNSCOPED_HEADER.sub('<th scope="col"', head.group(0)), html)


def figure_html(figures: Table, row: int, tools: str = "") -> str:
    """The document's own figure (figures.csv): its number, caption and how much of its data survives."""
    label, caption = figures.text_cell(row, "label"), figures.text_cell(row, "caption")
    status = figures.text_cell(row, "data_status")
    if status not in FIGURE_STATUSES:
        raise DataError(
            f"data/{figures.package.name}/{figures.path.name}, line {figures.line_of(row)}, column "
            f"data_status: '{status}' is not one of {', '.join(FIGURE_STATUSES)}. "
            "Say how much of the figure's data survives."
        )
    return (
        f'<div class="mems-docfigure" id="{addresses.figure_anchor(label)}" data-label="{html_attr(label)}">'
        f'<p class="mems-docfigure__caption"><span class="mems-label">{html_text(label)}</span> '
        f"{html_text(caption)}</p>"
        f'<p class="mems-docfigure__status">{figure_notice(figures, row, status)}</p>{tools}</div>'
    )


def figure_notice(figures: Table, row: int, status: str) -> str:
    """What the page holds of a figure's data, pointing at where it really is: a figure whose
    surviving numbers are facts has them in the section's prose (before or after the figure); one
    with a table of its own has that table, or a drawing redrawn from it."""
    kept_in = figures.text_cell(row, "data_table")
    drawn = "表格" if figures.text_cell(row, "label").startswith("表") else "图表"
    notice = FIGURE_STATUSES[status].format(drawn=drawn)
    if status == "部分" and kept_in not in ("", "facts"):
        return notice.split("；")[0] + "；本节据正文整理的表格或示意图只收录正文明确给出的内容。"
    return notice


def quantity_tip(q: Quantity) -> str:
    """Where a value comes from, in one line: document, place, figure or table, and what it is."""
    table = q.table
    if q.computed:
        return f"{COMPUTED}：由本站根据{document_name(table)}所载数值计算。{table.derivation}"
    where = "，".join(filter(None, [document_name(table) + q.location, table.label]))
    note = f"。{q.note}" if q.lost and q.note else ""
    lost = f"；{LOST}，数值无法确定" if q.lost else ""
    return f"{PUBLISHED}：{where}{lost}{note}"


def quantity_html(q: Quantity, base: str) -> str:
    """A value in the prose: the number as the source prints it, linked to its row on the dataset's
    page; the source shows on hover, focus or tap (data-tip, drawn by CSS as plain text)."""
    href = f"{base}{addresses.data_page(q.table.id)}#{q.anchor}"
    shown = html_text(q.text())
    classes = "mems-q"
    if q.lost:
        classes += " mems-lost"
        shown += f'<sup class="mems-lost__mark">（{LOST}）</sup>'
    elif q.computed:
        classes += " mems-q--computed"
    return (
        f'<a class="{classes}" href="{html_attr(href)}" data-tip="{html_attr(quantity_tip(q))}">{shown}</a>'
    )


def text_value_html(table: Table, row: int, column: str, base: str) -> str:
    """A name or label quoted from a table (not a number), linked to its row like a number."""
    href = f"{base}{addresses.data_page(table.id)}#{table.row_anchor(row)}"
    text = html_text(table.text_cell(row, column))
    return f'<a class="mems-q" href="{html_attr(href)}">{text}</a>'


# Each severity: its admonition type, its title and what the note adds after the values.
SEVERITY_STYLES = {
    "contradiction": ("danger", "原文数据矛盾", "两处说法不能同时成立。"),
    "tension": ("warning", "原文数据存疑", "两处说法并不互相排斥，但很难同时成立，或所比的并非同一个量。"),
    "rounding": ("note", "原文数据有舍入出入", "差距不超过所印末位数字的一个单位，是计算或舍入的小疏漏。"),
    "wording": ("info", "原文措辞出入", "出入在说法上，不在数值上。"),
}
SEVERITY_NAMES = {"contradiction": "矛盾", "tension": "存疑", "rounding": "舍入出入", "wording": "措辞出入"}


def finding_html(finding: Finding, base: str, tables_link: bool = True) -> str:
    """A data note: what disagrees, each value with its place in the source, styled by severity."""
    if finding.consistent:
        # A check of statements against each other shows that they agree, not that they are true.
        scope = "（只说明几处说法彼此一致，不说明数值本身为真）" if finding.kind == "same" else ""
        return (
            f'<div class="admonition success mems-check" id="check-{finding.id}" {check_attributes(finding)}>'
            f'<p class="admonition-title">数据核对：{html_text(finding.title)}</p>'
            f"<p>核对通过{scope}：{html_text(finding.explanation)}</p></div>"
        )
    kind, title, gloss = SEVERITY_STYLES[finding.severity or "contradiction"]
    rows = []
    for op in finding.operands:
        href = f"{base}{addresses.data_page(op.table.id)}#{op.table.row_anchor(op.row)}"
        link = f' <a class="mems-check__link" href="{html_attr(href)}">数据</a>' if tables_link else ""
        shown = f"{html_text(op.location)}：{html_text(op.name)} = {html_text(op.shown())}"
        rows.append(f"<li>{shown}{link}</li>")
    severity = finding.severity or "contradiction"
    listed = f"<ul>{''.join(rows)}</ul>" if rows else ""
    return (
        f'<div class="admonition {kind} mems-check mems-check--{severity}" id="check-{finding.id}"'
        f' data-severity="{severity}" {check_attributes(finding)}>'
        f'<p class="admonition-title">{title}：{html_text(finding.title)}</p>'
        f"<p>{html_text(finding.description)} {html_text(finding.explanation)}"
        f"{gloss}各数值均按原文保留，本站不作取舍。</p>"
        f"{listed}</div>"
    )


def severity_badge(severity: str) -> str:
    """The label of a severity for a note written in prose, styled like the findings."""
    return f'<span class="mems-severity mems-severity--{severity}">{SEVERITY_NAMES[severity]}</span>'


def check_attributes(finding: Finding) -> str:
    """The check and its result as data attributes, which `make review` (macros/review.py) reads."""
    consistent = "true" if finding.consistent else "false"
    return f'data-check="{html_attr(finding.id)}" data-consistent="{consistent}"'
