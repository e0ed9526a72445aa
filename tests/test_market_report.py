"""The 2026 market report on the site: every section under its number, every dataset as a table and a
chart on the report's pages, every contradiction the checks find on the data notes page, lost values
shown as damaged text, and a contradiction made in the data showing up there by itself."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from conftest import PROJECT, page_macros, project_catalog
from macros.base import addresses
from macros.build.site import restore
from macros.charts.registry import CHARTS, NARROW
from macros.documents import load_documents

PACKAGE = "market-report-2026"
CATALOG = project_catalog()
load_documents()
FACTS = CATALOG.table(f"{PACKAGE}/facts").frame
# Every section the data names (facts say where each number stands: 摘要, 1.1, "2.2 表" …).
SECTIONS = sorted({m.group() for loc in FACTS["location"] if (m := re.match(r"\d\.\d", str(loc)))})
DATASETS = sorted(t for t in CATALOG.packages[PACKAGE].tables if t != "facts")
OUR_CHARTS = sorted(chart_id for chart_id, d in CHARTS.items() if d.document == PACKAGE)
LOST = sorted(
    row["id"] for _, row in FACTS.iterrows() if math.isnan(row["value"]) and isinstance(row["published"], str)
)
HEADING = re.compile(r"<h[1-6][^>]*>\s*(\d\.\d)\s")


def report_pages(site: Path) -> dict[str, str]:
    """The report's pages, and the comparison page, which shows the dataset that sets the report's
    market size beside the white paper's."""
    pages = sorted((site / PACKAGE).glob("*.html")) + [site / "compare.html"]
    return {p.name: p.read_text(encoding="utf-8") for p in pages}


def section_of(html: str, element_id: str) -> str:
    """The HTML from the heading with this id to the next heading of the same level."""
    match = re.search(rf'<h2 id="{element_id}"', html)
    assert match, f"no heading with id {element_id}"
    rest = html[match.end() :]
    end = rest.find("<h2 ")
    return rest if end < 0 else rest[:end]


def warnings_in(html: str, severity: str = r"\w+") -> set[str]:
    """The findings (not passes) shown in this HTML, of one severity or of any."""
    pattern = rf'class="admonition \w+ mems-check mems-check--{severity}" id="check-([^"]+)"'
    return set(re.findall(pattern, html))


SEVERITY_SECTIONS = {"contradiction": "contradictions", "tension": "tensions", "rounding": "rounding"}


def passes_in(html: str) -> set[str]:
    return set(re.findall(r'class="admonition success mems-check" id="check-([^"]+)"', html))


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    found = report_pages(built_site)
    assert "index.html" in found and "data-notes.html" in found
    return found


def test_the_report_is_discovered():
    assert SECTIONS and DATASETS and OUR_CHARTS and LOST, "nothing of the 2026 report was discovered"
    assert "1.1" in SECTIONS and "4.3" in SECTIONS


@pytest.mark.parametrize("section", SECTIONS)
def test_section_has_its_heading(pages, section):
    headed = [name for name, html in pages.items() if section in HEADING.findall(html)]
    assert headed, f"no page of the report has a heading for section {section}"


def test_home_page_says_where_the_text_ends(pages):
    home = pages["index.html"]
    assert CATALOG.packages[PACKAGE].title in home
    assert "4.3节中途" in home and "4.4" in home and "缺失" in home
    linked = set(re.findall(r'href="(\w[\w-]*\.html)#sec-(\d)-(\d)"', home))
    assert {f"{a}.{b}" for _, a, b in linked} == set(SECTIONS), "the contents table must link every section"


@pytest.mark.parametrize("table_name", DATASETS)
def test_dataset_is_shown_as_a_table_and_a_chart(pages, table_name):
    table_id = f"{PACKAGE}/{table_name}"
    anchor = f'id="{addresses.table_anchor(CATALOG.table(table_id).id)}"'
    assert any(anchor in html for html in pages.values()), f"{table_id} is not shown as a table"
    if not any(f.numeric for f in CATALOG.table(table_id).fields):
        return  # a list of names (places, sites) has no quantity to draw
    charts = [name for name in OUR_CHARTS if CHARTS[name].table_id == table_id]
    assert charts, f"{table_id} has no chart"
    assert any(
        f'id="{addresses.chart_anchor(CHARTS[name].id)}"' in html
        for name in charts
        for html in pages.values()
    ), f"no chart of {table_id} is shown on the report's pages"


@pytest.mark.parametrize("name", OUR_CHARTS)
def test_chart_fits_a_phone(pages, name):
    figures = [
        html.split(f'id="{addresses.chart_anchor(CHARTS[name].id)}"', 1)[1]
        for html in pages.values()
        if f'id="{addresses.chart_anchor(CHARTS[name].id)}"' in html
    ]
    assert figures, f"chart {name} is on no page of the report"
    width = float(re.search(r'<svg data-layout="narrow"[^>]*\swidth="([\d.]+)"', figures[0]).group(1))
    assert width <= NARROW, f"{name}'s phone layout is {width:.0f} px wide, more than {NARROW}"
    caption = CHARTS[name].caption
    assert re.search(r"[\u4e00-\u9fff]", caption), f"{name}: the caption must be Chinese"


@pytest.mark.parametrize("severity", sorted(SEVERITY_SECTIONS))
def test_data_notes_list_every_finding_under_its_severity(pages, site_data, severity):
    notes = pages["data-notes.html"]
    found = [f for f in site_data.findings if f.package == PACKAGE]
    chosen = {f.id for f in found if not f.consistent and f.severity == severity}
    assert chosen, f"the report has no finding of severity {severity}"
    listed = section_of(notes, SEVERITY_SECTIONS[severity])
    assert warnings_in(listed) == warnings_in(listed, severity) == chosen
    assert not passes_in(listed), "a passed check is listed among the findings"
    consistent = {f.id for f in found if f.consistent}
    assert passes_in(section_of(notes, "consistent")) == consistent


def test_data_notes_count_each_severity(pages, site_data):
    text = re.sub(r"<[^>]+>", "", pages["data-notes.html"])
    found = [f for f in site_data.findings if f.package == PACKAGE and not f.consistent]
    counts = {s: sum(1 for f in found if f.severity == s) for s in SEVERITY_SECTIONS}
    assert f"{counts['contradiction']}处矛盾" in text
    assert f"{counts['tension']}处存疑" in text
    assert f"{counts['rounding']}处舍入出入" in text


def test_findings_are_sorted_by_the_size_of_their_gap(pages, site_data):
    listed = section_of(pages["data-notes.html"], "contradictions")
    shown = re.findall(r'mems-check--contradiction" id="check-([^"]+)"', listed)
    gaps = {f.id: f.gap for f in site_data.findings}
    assert len(shown) > 1
    assert [gaps[i] for i in shown] == sorted((gaps[i] for i in shown), reverse=True)


def test_tensions_are_not_counted_as_contradictions(site_data):
    weighed = {f.id: f.severity for f in site_data.findings if f.package == PACKAGE}
    assert weighed["aln_film_import_dependence"] == "tension"
    assert weighed["china_cagr_2021_2025"] == "rounding"
    assert weighed["china_market_size_2025_two_statements"] == "contradiction"
    assert weighed["goertek_mics_vs_national_mic_output"] == "tension"
    assert weighed["named_sites_vs_regional_split"] == "contradiction"


def test_contradictions_are_shown_in_place(pages, site_data):
    chapters = "".join(html for name, html in pages.items() if name != "data-notes.html")
    shown = warnings_in(chapters)
    missing = {f.id for f in site_data.findings if f.package == PACKAGE and not f.consistent} - shown
    assert not missing, f"contradictions not shown beside their passage: {sorted(missing)}"


@pytest.mark.parametrize("fact_id", LOST)
def test_a_lost_value_renders_as_damaged_text(pages, site_data, fact_id):
    row = FACTS[FACTS["id"] == fact_id].iloc[0]
    html = restore(page_macros(site_data).value(f"{PACKAGE}/facts", fact_id))
    assert "mems-lost" in html and "原文缺损" in html
    assert re.sub(r"<[^>]+>", "", html).startswith(row["published"])
    cited = [name for name, page in pages.items() if f'"{fact_id}"' in source_of(name)]
    for name in cited:
        # The chapter is one folder down from the site root, so its links start with ../.
        shown = html.replace('href="data/', 'href="../data/')
        assert shown in pages[name], f"{name}: {fact_id} is not shown as the damaged text {row['published']}"


def source_of(page_name: str) -> str:
    source = PROJECT / "docs" / PACKAGE / page_name.replace(".html", ".md")
    return source.read_text(encoding="utf-8") if source.is_file() else ""


def test_a_contradiction_made_in_the_data_appears_on_the_data_notes_page(changed_site, pages):
    """The accelerometers' share 32.5 made 42.5 in product_mix_2025.csv (conftest.CORRECTIONS)."""
    before = warnings_in(section_of(pages["data-notes.html"], "contradictions"))
    assert "product_mix_shares" not in before
    notes = (changed_site / PACKAGE / "data-notes.html").read_text(encoding="utf-8")
    after = warnings_in(section_of(notes, "contradictions"))
    assert after - before == {"product_mix_shares", "top3_products_share_total"}
    assert f"{len(after)}处矛盾" in re.sub(r"<[^>]+>", "", notes)
    chapter = (changed_site / PACKAGE / "status.html").read_text(encoding="utf-8")
    assert "product_mix_shares" in warnings_in(chapter)
