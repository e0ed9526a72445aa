"""The two documents side by side: the relations of data/relations.yaml as a table of values with
their scopes, and each relation's finding. Every text from data/ is escaped here, once."""

from __future__ import annotations

from ..base import addresses
from ..base.escaping import html_attr, html_text
from ..data.checks import NOT_COMPARABLE, Finding
from ..data.relations import Relation, year_of
from . import render

COMPARE_PAGE = "compare.html"


def finding_id(relation_id: str) -> str:
    return f"relation_{relation_id}"


def relation_anchor(relation_id: str) -> str:
    return addresses.anchor_id("relation", relation_id)


def year_label(quantity) -> str:
    """'2019年：', '未写年份：' for a row whose year the document leaves out, nothing for a table
    without years (its title gives the year)."""
    if not quantity.table.has("year"):
        return ""
    year = year_of(quantity)
    return f"{html_text(year)}年：" if year else "未写年份："


def side_html(side, base: str) -> str:
    values = "；".join(f"{year_label(q)}{render.quantity_html(q, base)}" for q in side.quantities)
    return f'{values}<br><span class="mems-note">统计范围：{html_text(side.scope)}</span>'


def comparison_table_html(relations: list[Relation], titles: dict[str, str], base: str) -> str:
    """One row per relation: each document's values (year, unit, row link) and its scope, and how the
    two scopes relate. The header names the documents in the relations' order."""
    if not relations:
        return '<p class="mems-note">（无）</p>'
    first, second = relations[0].documents
    rows = []
    for relation in relations:
        flipped = relation.documents != (first, second)
        left, right = (relation.second, relation.first) if flipped else (relation.first, relation.second)
        rows.append(
            f'<tr id="{relation_anchor(relation.id)}">'
            f'<th scope="row">{html_text(relation.title)}</th>'
            f'<td data-label="{html_attr(titles[first])}">{side_html(left, base)}</td>'
            f'<td data-label="{html_attr(titles[second])}">{side_html(right, base)}</td>'
            f'<td data-label="范围关系"><a href="#check-{html_attr(finding_id(relation.id))}">'
            f"{html_text(scope_words(relation, flipped))}</a></td></tr>"
        )
    return (
        # Its values and scopes are indexed once, with the relations' notes below it.
        '<div class="md-typeset__scrollwrap" data-search-exclude><div class="md-typeset__table">'
        '<table><thead><tr><th scope="col">对照项</th>'
        f'<th scope="col">《{html_text(titles[first])}》</th>'
        f'<th scope="col">《{html_text(titles[second])}》</th>'
        '<th scope="col">范围关系</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></div>"
    )


def scope_words(relation: Relation, flipped: bool) -> str:
    """How the scopes relate, said of the table's left column, never a bare 'wider' without whose."""
    if relation.scope == "same":
        return "范围相同"
    if relation.scope == "not_stated":
        return "两书未说明（不可比较）"
    narrower = (relation.scope == "narrower") != flipped
    return f"左栏的范围较{'窄' if narrower else '宽'}（不可比较）"


def relation_finding_html(
    finding: Finding, relation: Relation, titles: dict[str, str], base: str, searched: bool = True
) -> str:
    """A relation's finding: a comparison that fails is a data note like any other (its severity);
    a relation that cannot be compared says why, in its own style, as a note and not as a fault."""
    if finding.kind != NOT_COMPARABLE:
        return render.finding_html(finding, base)
    rows = []
    for side in relation.sides:
        for q in side.quantities:
            # As a data note lists its values: the number as text and a link to its row.
            href = f"{base}{addresses.data_page(q.table.id)}#{q.anchor}"
            rows.append(
                f"<li>《{html_text(titles[side.document])}》{html_text(q.location)}："
                f"{html_text(q.name)} = {html_text(q.shown())}"
                f' <a class="mems-check__link" href="{html_attr(href)}">数据</a></li>'
            )
    return (
        '<div class="admonition abstract mems-check mems-check--not-comparable"'
        f' id="check-{html_attr(finding.id)}"{"" if searched else " data-search-exclude"}'
        f' data-severity="not_comparable" {render.check_attributes(finding)}>'
        f'<p class="admonition-title">范围不同，不可比较：{html_text(finding.title)}</p>'
        f"<p>{html_text(finding.description)} {html_text(finding.explanation)}"
        "两边的数值都按原文保留，本站不作换算，也不把它们连成一条序列。"
        f' <a href="{base}{COMPARE_PAGE}#{relation_anchor(relation.id)}">两份文献对照</a></p>'
        f"<ul>{''.join(rows)}</ul></div>"
    )
