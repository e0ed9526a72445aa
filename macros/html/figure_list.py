"""The list of figures and tables (图表目录): what the pages under docs/ show, read from their
Markdown, each entry linked to the element that shows it on its page."""

from __future__ import annotations

from dataclasses import dataclass

from ..base import addresses
from ..base.escaping import html_attr, html_text
from ..charts.registry import ChartDef, resolve_chart
from ..data.catalog import Catalog, DataError, Table, text_of
from ..data.pages import PageIndex
from ..data.plain_text import label_of

KINDS = ("figure", "chart", "table", "diagram")


@dataclass(frozen=True)
class Shown:
    """One call that puts a figure, chart, table or diagram on a page (a chart by its full id)."""

    kind: str
    target: str
    source: str


def shown_on_pages(index: PageIndex, charts: dict[str, ChartDef]) -> list[Shown]:
    shown = []
    for call in index.calls_of(*KINDS):
        if call.target is None:
            continue
        target = call.target
        if call.macro == "chart":
            target = resolve_chart(charts, target, call.page.document, call.where).id
        shown.append(Shown(call.macro, target, call.page.source))
    return shown


def figure_list_html(
    catalog: Catalog, index: PageIndex, charts: dict[str, ChartDef], package: str, base: str, context: str
) -> str:
    figures = catalog.table(f"{package}/figures", context)
    shown, pages = shown_on_pages(index, charts), index.pages
    ours = [s for s in shown if belongs(s, package, catalog, charts)]
    entries = [
        document_entry(figures, row, ours, package, catalog, context) for row in range(len(figures.frame))
    ]
    # Pages follow the document: a page comes where its first figure stands, pages without one last.
    first_figure = {}
    for position, (_, found) in enumerate(entries):
        first_figure.setdefault(found.source, position)
    order = sorted(
        {s.source for s in ours}, key=lambda source: (first_figure.get(source, len(entries)), source)
    )
    return (
        '<h2 id="document-figures">原书的图与表</h2>'
        f"{document_table(entries, figures, pages, base)}"
        '<h2 id="site-figures">本站据数据生成的图表</h2>'
        '<p class="mems-note">各章中由数据生成的图表、表格和示意图，按所在页面排列。</p>'
        f"{site_lists(ours, order, pages, catalog, charts, base)}"
    )


def belongs(call: Shown, package: str, catalog: Catalog, charts: dict) -> bool:
    if call.kind == "chart":
        return call.target in charts and charts[call.target].table_id.startswith(f"{package}/")
    return call.target.startswith(f"{package}/") and (call.kind == "figure" or call.target in catalog.tables)


def document_entry(
    figures: Table, row: int, ours: list[Shown], package: str, catalog: Catalog, context: str
) -> tuple[str, Shown]:
    """Where the document's figure or table `row` stands: its figure() call, or else the table()
    call of the dataset that carries its number (表1 is the policies table)."""
    label = text_of(figures.value(row, "label"))
    as_figure = [s for s in ours if s.kind == "figure" and s.target == f"{package}/{label}"]
    as_table = [s for s in ours if s.kind == "table" and catalog.tables[s.target].label == label]
    found = as_figure or as_table
    if not found:
        raise DataError(
            f"{context}: figure_list('{package}'): {label} of figures.csv (row {row + 2}) is shown on "
            f'no page under docs/. Put {{{{ figure("{package}/{label}") }}}} in its chapter.'
        )
    if len(as_figure) > 1 or (not as_figure and len(as_table) > 1):
        places = "、".join(f"docs/{s.source}" for s in found)
        raise DataError(
            f"{context}: figure_list('{package}'): {label} is shown more than once ({places}). "
            "Keep it in its own chapter only, so that the list has one place to link to."
        )
    call = found[0]
    if call.kind == "figure":
        return addresses.figure_anchor(label), call
    return addresses.table_anchor(call.target), call


def document_table(entries: list[tuple[str, Shown]], figures: Table, pages: dict, base: str) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in ("编号", "标题", "数据留存", "所在章"))
    body = []
    for row, (anchor, call) in enumerate(entries):
        page = pages[call.source]
        label, caption = text_of(figures.value(row, "label")), text_of(figures.value(row, "caption"))
        status = text_of(figures.value(row, "data_status"))
        link = f"{base}{page.url}#{anchor}"
        body.append(
            f'<tr data-label="{html_attr(label)}"><td><a href="{html_attr(link)}">{html_text(label)}</a></td>'
            f"<td>{html_text(caption)}</td><td>{html_text(status)}</td>"
            f'<td><a href="{html_attr(base + page.url)}" title="{html_attr(page.title)}">'
            f"{html_text(page.short_title)}</a></td></tr>"
        )
    return (
        '<div class="mems-scroll" tabindex="0">'
        f'<table class="mems-figure-list"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def site_lists(
    ours: list[Shown], order: list[str], pages: dict, catalog: Catalog, charts: dict, base: str
) -> str:
    parts = []
    for source in order:
        page = pages[source]
        items, seen = [], set()
        for call in (s for s in ours if s.source == source and s.kind != "figure"):
            if (call.kind, call.target) in seen:
                continue
            seen.add((call.kind, call.target))
            label, title, anchor = describe(call, catalog, charts)
            link = html_attr(f"{base}{page.url}#{anchor}")
            shown_label = f'<span class="mems-label">{html_text(label)}</span> ' if label else ""
            # A chart's label is the document's figure number; saying that it is a chart helps.
            kind = ' <span class="mems-note">（图表）</span>' if call.kind == "chart" else ""
            items.append(
                f'<li data-kind="{call.kind}"><a href="{link}">{shown_label}{html_text(title)}</a>{kind}</li>'
            )
        if items:
            parts.append(
                f'<h3><a href="{html_attr(base + page.url)}">{html_text(page.title)}</a></h3>'
                f"<ul>{''.join(items)}</ul>"
            )
    return "".join(parts)


def describe(call: Shown, catalog: Catalog, charts: dict) -> tuple[str, str, str]:
    """(label, title, anchor) of a chart, table or diagram, as its page shows them."""
    if call.kind == "chart":
        definition = charts[call.target]
        return definition.label, definition.caption, addresses.chart_anchor(definition.id)
    table = catalog.tables[call.target]
    if call.kind == "diagram":
        return "示意图", table.title, addresses.diagram_anchor(table.id)
    return label_of(table), table.title, addresses.table_anchor(table.id)
