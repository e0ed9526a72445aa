"""A page for each company, region or place the documents name (data/entities.yaml): its names and
what supports each, then every row that names it, grouped by document and year, each value linked to
its row. Pure functions of the register and the catalog; every text from data/ is escaped here."""

from __future__ import annotations

from ..base import addresses
from ..base.escaping import html_attr, html_text
from ..data.entities import KINDS, SUPPORTS, Entity, Mention
from ..data.plain_text import cell_text
from . import render

FOLDER = "entities"
COMPARE_PAGE = "compare.html"


def entity_source(entity: Entity) -> str:
    """The generated page's source path, as MkDocs names pages: entities/broadcom.md."""
    return f"{FOLDER}/{entity.id}.md"


def entity_url(entity: Entity) -> str:
    return f"{FOLDER}/{entity.id}.html"


def entity_of(source: str, entities: list[Entity]) -> Entity | None:
    """The entity whose generated page has this source path, if any."""
    for entity in entities:
        if entity.has_page and entity_source(entity) == source:
            return entity
    return None


def mention_html(mention: Mention, base: str) -> str:
    """One row that names the entity: its values (each linked to its row) or, for a row without
    numbers, its text, linked the same way."""
    table, row = mention.table, mention.row
    values = []
    for f in table.fields:
        if not f.numeric or f.name == "value_max":
            continue
        quantity = table.quantity(row, f.name)
        if quantity.value is None and not (f.name == "value" and quantity.published):
            continue
        shown = render.quantity_html(quantity, base)
        values.append(shown if table.has("subject") else f"{html_text(f.title)} {shown}")
    href = f"{base}{addresses.data_page(table.id)}#{table.row_anchor(row)}"
    if table.has("subject"):
        what = html_text(table.quantity(row, "value").name)
    else:
        # A row's id (id, site_id) is for links and references, not for readers.
        named = [f for f in table.fields if not f.numeric and f.name != "id" and not f.name.endswith("_id")]
        cells = [cell_text(table, f, row) for f in named]
        what = html_text("，".join(c for c in cells if c))
    where = "，".join(filter(None, [table.title, table.text_cell(row, "location") or table.location]))
    listed = f"：{'；'.join(values)}" if values else ""
    return (
        f'<li><a href="{html_attr(href)}">{what}</a>{listed}'
        f' <span class="mems-note">（{html_text(where)}）</span></li>'
    )


def users(entity: Entity, name: str, titles: dict[str, str]) -> str:
    """The documents whose data uses this name of the entity, escaped."""
    found = [html_text(titles[d]) for d in titles if name in entity.names_in(d)]
    return "、".join(found) or "（数据中未见）"


def year_order(year: str) -> tuple:
    """Years in order, then periods the document names without a year (3年期起点), then none."""
    return (year == "", not year[:4].isdigit(), year)


def year_heading(year: str) -> str:
    if not year:
        return "未写年份"
    return f"{year}年" if year[-1].isdigit() else year


def entity_page_html(entity: Entity, titles: dict[str, str], base: str) -> str:
    """The whole page body (the theme adds the title from the page's name). `titles`: each
    document's title, in the order the site shows them."""
    names = "".join(
        f"<tr><td>{html_text(spec.name)}</td><td>{SUPPORTS[spec.support]}</td>"
        f"<td>{html_text(spec.evidence)}</td>"
        f"<td>{users(entity, spec.name, titles)}</td></tr>"
        for spec in entity.names
    )
    counts = "；".join(f"《{html_text(titles[d])}》{entity.count(d)}行" for d in titles)
    every = "、".join(html_text(spec.name) for spec in entity.names)
    # Search finds the page by this first paragraph, its names; the rest is indexed elsewhere.
    parts = [
        # Also the page's description (html/page_head.py): its own, as it names the entity.
        f"<p>{html_text(entity.name)}（{KINDS[entity.kind]}）：两份文献用来称呼它的名称有{every}。</p>",
        f"<p data-search-exclude>两份文献的数据中点名它的行：{counts}。"
        f'另见<a href="{base}{COMPARE_PAGE}">两份文献对照</a>。</p>',
    ]
    if entity.note:
        parts.append(f'<p class="mems-note">{html_text(entity.note)}</p>')
    parts.append(
        "<section data-search-exclude><h2>名称与依据</h2>"
        '<table><thead><tr><th scope="col">名称</th><th scope="col">依据</th>'
        '<th scope="col">出处或说明</th><th scope="col">使用它的文献</th></tr></thead>'
        f"<tbody>{names}</tbody></table></section>"
    )
    for document in titles:
        mentions = [m for m in entity.mentions if m.document == document]
        # The values are indexed on their data pages already; the page is found by its names.
        section = [f"<h2>《{html_text(titles[document])}》所载</h2>"]
        if not mentions:
            section.append('<p class="mems-note">这份文献的数据中没有点名它的行。</p>')
        years = sorted(dict.fromkeys(m.year for m in mentions), key=year_order)
        for year in years:
            items = "".join(mention_html(m, base) for m in mentions if m.year == year)
            section.append(f"<h3>{html_text(year_heading(year))}</h3><ul>{items}</ul>")
        parts.append(f"<section data-search-exclude>{''.join(section)}</section>")
    return "".join(parts)


def entity_list_html(entities: list[Entity], titles: dict[str, str], base: str) -> str:
    """The entities that have a page, with their names and how often each document names them."""
    shown = [e for e in entities if e.has_page]
    if not shown:
        return '<p class="mems-note">（无）</p>'
    heads = "".join(f'<th scope="col" class="mems-num">《{html_text(t)}》</th>' for t in titles.values())
    rows = "".join(
        f'<tr><th scope="row"><a href="{base}{entity_url(e)}">{html_text(e.name)}</a></th>'
        f"<td>{KINDS[e.kind]}</td><td>{html_text('、'.join(n.name for n in e.names))}</td>"
        + "".join(f'<td class="mems-num">{e.count(d)}</td>' for d in titles)
        + "</tr>"
        for e in shown
    )
    # Each name is indexed on its entity's own page, which a search for it should find first.
    return (
        '<table data-search-exclude><thead><tr><th scope="col">名称</th><th scope="col">类别</th>'
        f'<th scope="col">各处所用名称</th>{heads}</tr></thead><tbody>{rows}</tbody></table>'
    )
