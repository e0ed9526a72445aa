"""The White Paper on the site: each of its figures and tables under its number on its chapter's page,
a list of figures whose every link lands, diagrams that show every row of their data, and the check
of a stated count against the list it names."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import page_macros, project_catalog
from macros.base import addresses
from macros.charts.diagram_layouts import DIAGRAM_LAYOUTS
from macros.charts.registry import CHARTS
from macros.data.catalog import Catalog, DataError
from macros.data.checks import run_checks
from macros.data.derived import DERIVED
from macros.documents import load_documents

PACKAGE = "white-paper-2020"
CATALOG = project_catalog()
FIGURES = CATALOG.table(f"{PACKAGE}/figures").frame
LABELS = list(FIGURES["label"])
load_documents()
OUR_CHARTS = sorted(chart_id for chart_id, d in CHARTS.items() if d.document == PACKAGE)
OUR_DERIVED = sorted(t for t in DERIVED if t.startswith(f"{PACKAGE}/"))
OUR_DIAGRAMS = sorted(t for t in DIAGRAM_LAYOUTS if t.startswith(f"{PACKAGE}/"))
HREF = re.compile(r'href="([^"]*#[^"]+)"')


def chapter_pages(site: Path) -> dict[int, Path]:
    """The document's chapter pages, found by the number in their title (第N章)."""
    pages = {}
    for path in sorted((site / PACKAGE).glob("*.html")):
        match = re.search(r"<h1[^>]*>\s*第(\d+)章", path.read_text(encoding="utf-8"))
        if match:
            pages[int(match.group(1))] = path
    return pages


def document_pages(site: Path) -> list[Path]:
    """The document's own pages: everything in its folder but the print page, which repeats them all."""
    return [p for p in sorted((site / PACKAGE).glob("*.html")) if p.name != "print.html"]


def element_text(path: Path, element_id: str) -> str:
    """The HTML from the element with this id to the end of that element's first 2,000 characters."""
    html = path.read_text(encoding="utf-8")
    start = html.find(f'id="{element_id}"')
    assert start >= 0, f"{path.name}: no element with id {element_id}"
    return html[start : start + 2000]


def resolve(page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    return target, unquote(parts.fragment)


@pytest.fixture(scope="module")
def figure_list_page(built_site) -> Path:
    pages = [
        p for p in document_pages(built_site) if 'id="document-figures"' in p.read_text(encoding="utf-8")
    ]
    assert len(pages) == 1, "the list of figures is on one page of the document"
    return pages[0]


def test_the_document_has_figures_and_chapters(built_site):
    assert OUR_CHARTS and OUR_DERIVED and OUR_DIAGRAMS, "nothing of the White Paper was discovered"
    assert LABELS and all(re.fullmatch(r"[图表]\d+", label) for label in LABELS)
    assert set(FIGURES["chapter"]) <= set(chapter_pages(built_site))


@pytest.mark.parametrize("label", LABELS)
def test_figure_stands_under_its_number_on_its_chapter_page(built_site, label):
    row = FIGURES[FIGURES["label"] == label].iloc[0]
    page = chapter_pages(built_site)[int(row["chapter"])]
    html = page.read_text(encoding="utf-8")
    # The caption whole, up to its closing tag: a chart of the figure may caption itself at greater length.
    heading = f'<span class="mems-label">{label}</span> {escape(row["caption"])}</'
    assert html.count(heading) == 1, f"{page.name}: {label} {row['caption']} is not shown once"


@pytest.mark.parametrize("label", LABELS)
def test_figure_list_links_once_to_the_figure(figure_list_page, label):
    html = figure_list_page.read_text(encoding="utf-8")
    rows = re.findall(rf'<tr data-label="{label}">(.*?)</tr>', html)
    assert len(rows) == 1, f"{label} is listed {len(rows)} times"
    href = HREF.search(rows[0]).group(1)
    target, fragment = resolve(figure_list_page, href)
    assert target.is_file(), href
    assert f">{label}<" in element_text(target, fragment), f"{href} does not lead to {label}"


def test_every_link_of_the_figure_list_lands_on_an_element(figure_list_page):
    html = figure_list_page.read_text(encoding="utf-8")
    listed = html[html.index('id="document-figures"') : html.index("</article>")]
    links = HREF.findall(listed)
    assert len(links) > len(LABELS), "the site's own charts and tables are listed too"
    for href in links:
        target, fragment = resolve(figure_list_page, href)
        assert target.is_file(), href
        assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), href


@pytest.mark.parametrize("table_id", OUR_DIAGRAMS)
def test_diagram_shows_every_row_of_its_table(built_site, table_id):
    table = CATALOG.table(table_id)
    layout = DIAGRAM_LAYOUTS[table_id]
    anchor = f"diagram-{table_id.replace('/', '-')}"
    pages = [p for p in document_pages(built_site) if f'id="{anchor}"' in p.read_text(encoding="utf-8")]
    assert len(pages) == 1, f"{table_id}: the diagram is on {len(pages)} pages"
    html = pages[0].read_text(encoding="utf-8")
    body = html[html.index(f'id="{anchor}"') :]
    body = body[: body.index('<div class="mems-views__table')]
    for _, row in table.frame.iterrows():
        for column in (layout.box, layout.item, layout.row):
            if column:
                assert f">{escape(row[column])}<" in body, f"{table_id}: {row[column]} is not drawn"


def test_a_diagram_of_a_table_without_a_layout_names_those_that_have_one(site_data):
    with pytest.raises(
        DataError, match="has no diagram layout.*diagram_layout\\(\\) in the document's module"
    ):
        page_macros(site_data).diagram(f"{PACKAGE}/policies")


@pytest.mark.parametrize("table_id", [t for t in OUR_DIAGRAMS if DIAGRAM_LAYOUTS[t].flag[0]])
def test_diagram_sets_apart_exactly_the_flagged_items(built_site, table_id):
    table = CATALOG.table(table_id)
    layout = DIAGRAM_LAYOUTS[table_id]
    column, value = layout.flag
    html = "".join(p.read_text(encoding="utf-8") for p in document_pages(built_site))
    for _, row in table.frame.iterrows():
        name = escape(row[layout.item])
        classes = re.search(
            rf'<li class="([^"]+)"><span class="mems-diagram__name">{re.escape(name)}</span>', html
        )
        assert classes, f"{row[layout.item]} is not drawn"
        flagged = "mems-diagram__item--flagged" in classes.group(1)
        assert flagged == (row[column] == value), f"{row[layout.item]}: {column} is {row[column]}"


@pytest.mark.parametrize("name", OUR_CHARTS)
def test_chart_is_shown_in_a_chapter(built_site, name):
    assert any(
        f'id="{addresses.chart_anchor(CHARTS[name].id)}"' in p.read_text(encoding="utf-8")
        for p in document_pages(built_site)
    )


@pytest.mark.parametrize("table_id", OUR_DERIVED)
def test_computed_table_is_shown_in_a_chapter_as_computed(built_site, table_id):
    name = table_id.split("/")[1]
    charts = [c for c in OUR_CHARTS if CHARTS[c].table_id == table_id]
    ids = [f'id="table-{PACKAGE}-{name}"'] + [f'id="{addresses.chart_anchor(CHARTS[c].id)}"' for c in charts]
    pages = [p.read_text(encoding="utf-8") for p in document_pages(built_site)]
    shown = [html for html in pages if any(i in html for i in ids)]
    assert shown, f"{table_id} is on no page"
    assert all("由本站根据" in html for html in shown), "its source line says that the site computed it"


def test_checks_of_counts_and_every_contradiction_stand_where_the_values_do(site_data, built_site):
    chosen = [
        f for f in site_data.findings if f.package == PACKAGE and (f.kind == "count" or not f.consistent)
    ]
    assert any(f.kind == "count" for f in chosen)
    pages = chapter_pages(built_site)
    for finding in chosen:
        chapters = {int(m) for op in finding.operands for m in re.findall(r"第(\d+)章", op.location)}
        assert chapters, f"{finding.id}: its values say no chapter"
        for chapter in chapters:
            html = pages[chapter].read_text(encoding="utf-8")
            assert f'id="check-{finding.id}"' in html, f"{finding.id} is not shown in chapter {chapter}"


def test_chapter_five_says_its_number_is_missing(built_site):
    html = chapter_pages(built_site)[5].read_text(encoding="utf-8")
    assert "章号" in html and "推定" in html


def test_a_changed_revenue_changes_the_computed_growth(changed_site):
    """Bosch's 2014 revenue 14 made 16 in company_revenue.csv (conftest.CORRECTIONS)."""
    html = next(
        p
        for p in chapter_pages(changed_site).values()
        if addresses.chart_anchor(CHARTS[f"{PACKAGE}/company_revenue_slopes"].id) in p.read_text("utf-8")
    )
    page = re.sub(r"<[^>]+>", "", html.read_text(encoding="utf-8"))
    # (16 / 4) ** (1 / 5) - 1 = 32.0%; the published 14 gave 28.5%.
    assert "年均增长32.0%" in page and "28.5%" not in page


# -- the count check ---------------------------------------------------------------------------


def count_package(tmp_path: Path, stated: int, where: dict) -> Path:
    folder = tmp_path / "data" / "demo"
    folder.mkdir(parents=True)
    (folder / "facts.csv").write_text(f"id,value,unit\nareas,{stated},个\n", encoding="utf-8")
    (folder / "areas.csv").write_text("basis,area\n数量,甲\n数量,乙\n金额,甲\n", encoding="utf-8")
    descriptor = {
        "name": "demo",
        "title": "示例",
        "resources": [
            {
                "name": "facts",
                "path": "facts.csv",
                "title": "数字",
                "location": "正文",
                "schema": {"fields": [{"name": "id"}, {"name": "value", "type": "number"}, {"name": "unit"}]},
            },
            {
                "name": "areas",
                "path": "areas.csv",
                "title": "领域",
                "location": "正文",
                "schema": {"fields": [{"name": "basis", "title": "依据"}, {"name": "area"}]},
            },
        ],
        "checks": [
            {
                "id": "areas_count",
                "kind": "count",
                "stated": "facts[id=areas].value",
                "table": "areas",
                "where": where,
            }
        ],
    }
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    return tmp_path / "data"


def test_a_stated_count_that_matches_its_list_passes(tmp_path):
    (finding,) = run_checks(Catalog(count_package(tmp_path, 2, {"basis": "数量"})))
    assert finding.consistent
    assert "依据为“数量”的有2项" in finding.explanation


def test_a_stated_count_that_differs_from_its_list_is_a_contradiction(tmp_path):
    (finding,) = run_checks(Catalog(count_package(tmp_path, 4, {"basis": "数量"})))
    assert not finding.consistent
    assert "有2项（计数），原文所述为4个" in finding.explanation


def test_a_count_of_nothing_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no row of demo/areas has 依据为“数目”"):
        run_checks(Catalog(count_package(tmp_path, 2, {"basis": "数目"})))
