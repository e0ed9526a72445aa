"""Tables for readers and Chinese typography: row anchors, data pages grouped by section, a figure
as two views, no stray spaces from source line breaks, and printable editions with contents."""

from __future__ import annotations

import re
from html import unescape

import pytest

from conftest import project_catalog
from macros.base.formatting import join_lines, join_source_breaks
from macros.html.render import panel_column, plotted_first, reading_order

CATALOG = project_catalog()
TABLES = sorted(CATALOG.tables)
CJK = "\u3400-\u9fff"


def test_there_are_tables_to_check():
    assert TABLES


def test_a_row_anchor_is_made_from_the_primary_key():
    facts = CATALOG.table("white-paper-2020/facts")
    row = facts.positions_where({"id": "china_mems_market_size_2019"})[0]
    assert facts.row_anchor(row) == "row-china_mems_market_size_2019"


def test_a_row_anchor_without_a_key_is_the_csv_line():
    keyless = next(t for t in CATALOG.tables.values() if not t.primary_key)
    assert keyless.row_anchor(0) == "row-2"
    assert keyless.row_anchor(3) == "row-5"


@pytest.mark.parametrize("table_id", TABLES)
def test_every_row_anchor_of_a_table_is_unique_and_a_clean_fragment(table_id):
    table = CATALOG.table(table_id)
    anchors = [table.row_anchor(row) for row in range(len(table.frame))]
    assert len(set(anchors)) == len(anchors), f"{table_id}: two rows share an anchor"
    assert all(re.fullmatch(r"row-[\w-]+", a) for a in anchors), anchors[:5]


def test_folded_yaml_lines_leave_no_space_in_chinese():
    assert (
        join_lines("各说一次时记两行， 主题、对象 写法完全相同。")
        == "各说一次时记两行，主题、对象写法完全相同。"
    )
    # A space between Chinese and a Latin word is the author's, and stays.
    assert join_lines("按 MEMS 传感器 计") == "按 MEMS 传感器计"


@pytest.mark.parametrize("table_id", TABLES)
def test_no_description_keeps_a_space_from_a_folded_line(table_id):
    table = CATALOG.table(table_id)
    texts = [table.description, table.package.description, *(f.description for f in table.fields)]
    spaced = [t for t in texts if re.search(rf"[{CJK}，。；：、]\s+[{CJK}，。；：、]", t)]
    assert not spaced, f"{table_id}: {spaced[0][:80]}"


def test_markdown_line_breaks_in_chinese_leave_no_space_but_code_keeps_its_lines():
    # The site's prose writes Latin words against Chinese with no space (MEMS传感器), so a break
    # beside Chinese goes; one between two Latin words stays a space.
    html = "<p>为主；\n需求量<b>70</b>\n，以\nMEMS压力\nand so\non</p><pre>中文\n中文</pre>"
    assert (
        join_source_breaks(html) == "<p>为主；需求量<b>70</b>，以MEMS压力and so\non</p><pre>中文\n中文</pre>"
    )


def test_the_facts_table_reads_measure_and_value_first_and_section_and_key_last():
    facts = CATALOG.table("white-paper-2020/facts")
    order = reading_order(facts)
    assert order[0] == "subject" and order[-2:] == ["location", "id"]
    assert order.index("value") < 6


def test_plotted_columns_come_first_in_the_order_the_chart_encodes_them():
    table = CATALOG.table("white-paper-2020/wafer_demand_by_size")
    spec = {"layer": [{"encoding": {"y": {"field": "wafer_size"}, "x": {"field": "demand"}}}]}
    assert plotted_first(table, spec)[:2] == ["wafer_size", "demand"]
    assert sorted(plotted_first(table, spec)) == sorted(f.name for f in table.fields)


def test_a_chart_drawn_in_panels_has_its_table_view_in_the_same_sections():
    table = CATALOG.table("market-report-2026/national_averages_2025")
    assert panel_column(table, {"facet": {"row": {"field": "measure"}}, "spec": {}}) == "measure"
    assert panel_column(table, {"facet": {"field": "measure"}, "spec": {}}) == "measure"
    # Not a column of the table, or no panels: no sections.
    assert panel_column(table, {"facet": {"row": {"field": "panel"}}, "spec": {}}) is None
    assert panel_column(table, {"mark": "bar"}) is None
    # Panels whose rows do not stand together in the table (each basis comes once per measure) are
    # not made sections: one would open twice.
    assert table.frame["basis"].tolist()[:6] == table.frame["basis"].tolist()[6:]
    assert panel_column(table, {"facet": {"row": {"field": "basis"}}}) is None


# -- the built site ---------------------------------------------------------------------------------


def test_the_table_view_of_a_chart_in_panels_names_each_panel_once(built_site):
    """全国平均OEE与毛利率 is drawn in two panels, one per measure: its table view has a heading row
    per measure, and the measure is not repeated in every row."""
    html = (built_site / "market-report-2026" / "supply-demand.html").read_text(encoding="utf-8")
    start = html.index('id="chart-market-report-2026-national_averages_dots"')
    view = html[html.index("mems-views__table", start) : html.index("</table>", start)]
    headings = re.findall(r'<tr class="mems-group"><th [^>]*>([^<]+)</th></tr>', view)
    assert headings == ["平均设备综合效率（OEE）", "平均毛利率"], headings
    assert view.count("平均设备综合效率（OEE）") == 1 and view.count("平均毛利率") == 1
    assert view.count("<tr") == 1 + 2 + 12  # the header, two headings, the twelve rows


def data_pages(site):
    return sorted((site / "data").glob("*/*.html"))


def test_every_row_of_every_data_page_has_its_anchor(built_site):
    checked = 0
    for table_id in TABLES:
        table = CATALOG.table(table_id)
        html = (built_site / "data" / f"{table_id}.html").read_text(encoding="utf-8")
        ids = re.findall(r'<tr id="(row-[^"]+)"', html)
        expected = [table.row_anchor(row) for row in range(len(table.frame))]
        assert sorted(ids) == sorted(expected), f"{table_id}: rows without their anchor"
        checked += 1
    assert checked == len(TABLES)


@pytest.mark.parametrize("package", ["white-paper-2020", "market-report-2026"])
def test_a_facts_page_is_grouped_by_section_and_each_row_names_its_source(built_site, package):
    facts = CATALOG.table(f"{package}/facts")
    html = (built_site / "data" / package / "facts.html").read_text(encoding="utf-8")
    groups = [unescape(g) for g in re.findall(r'<tr class="mems-group"><th[^>]*>(.*?)</th>', html)]
    sections = list(dict.fromkeys(facts.frame["location"]))
    assert groups and set(groups) == set(sections)
    # Each row still carries its section, so that it names its source when sorted away from it.
    assert "tables.js" in html
    first = re.search(r'<tr id="row-[^"]+">(.*?)</tr>', html).group(1)
    assert unescape(re.findall(r"<td[^>]*>(.*?)</td>", first)[-2]) == facts.frame["location"].iloc[0]


def test_no_page_shows_a_table_a_chart_and_the_table_again(built_site):
    """A table the document numbered (表2) shown beside a chart of it keeps its place, and the chart
    comes without a table view; any other table with a chart on its page is that chart's table
    view (one figure, one number): only its anchor stays where table() was called."""
    from macros.charts.registry import CHARTS
    from macros.documents import load_documents

    load_documents()
    seen_alone = 0
    for page in sorted(built_site.rglob("*.html")):
        if page.name == "print.html":
            continue
        html = page.read_text(encoding="utf-8")
        tables = set(re.findall(r'class="mems-figure mems-table" id="table-([\w-]+?)-(\w+)"', html))
        shown = {f"{p}/{n}" for p, n in tables}
        if 'class="mems-scroll mems-datatable"' in html:
            shown.add(page.relative_to(built_site / "data").with_suffix("").as_posix())
        for figure in re.findall(r'<figure class="mems-figure mems-chart".*?</figure>', html, re.S):
            name = re.search(r'data-chart="([\w/-]+)"', figure).group(1)
            has_view = "mems-views__table" in figure
            if CHARTS[name].table_id in shown:
                assert not has_view, f"{page.name}: chart {name} repeats the table shown beside it"
            else:
                assert has_view, f"{page.name}: chart {name} has no table view"
                seen_alone += 1
    assert seen_alone


def test_figure_notices_point_at_what_the_page_holds(built_site):
    html = (built_site / "white-paper-2020" / "market.html").read_text(encoding="utf-8")
    notices = re.findall(r'class="mems-docfigure__status">(.*?)</p>', html)
    assert notices and not any("下面只列出" in n for n in notices)


def test_no_synthesized_italic_for_chinese(built_site):
    css = (built_site / "assets" / "stylesheets" / "figures.css").read_text(encoding="utf-8")
    assert "font-style: italic" not in css
    assert re.search(r"figcaption[^{]*\{[^}]*font-style: normal", css)


@pytest.mark.parametrize("document", ["white-paper-2020", "market-report-2026"])
def test_a_printable_edition_has_contents_and_a_running_header(built_site, document):
    html = (built_site / document / "print.html").read_text(encoding="utf-8")
    title = CATALOG.packages[document].title
    contents = re.search(r'<div class="mems-print-toc">(.*?)</div>', html, re.S)
    assert contents and contents.group(1).count("<li") >= 10
    # Every entry leads to a heading of the edition itself.
    for anchor in re.findall(r'href="#([^"]+)"', contents.group(1)):
        assert f'id="{anchor}"' in html, anchor
    assert f'@top-left {{ content: "{title}"' in html


def test_the_search_dialog_has_an_accessible_name(built_site):
    html = (built_site / "white-paper-2020" / "market.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search"[^>]*role="dialog" aria-label="[^"]+"', html)
