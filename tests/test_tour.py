"""What the tour saw (tests/browsing.py): every page of the built site, visited once from disk in
light mode (a page showing a kind of element the colour checks had not met also switched to dark),
and every chart once with JavaScript off. The tour is costly, so
the tests that read it live here and in tests/test_chart_layout.py, which conftest.py keeps on one
pytest-xdist worker."""

from __future__ import annotations

import re

import pytest

from browsing import (
    AXE,
    FRESH_KINDS,
    ONLY_COLOUR_RULES,
    STRUCTURE,
    VEGA_BUNDLE,
    WIDTHS,
    axe_findings,
    is_readers_page,
    report,
)
from conftest import unavailable

pytestmark = pytest.mark.browser


def test_no_request_leaves_the_disk(tour):
    failures = [f"{r.name}: {url}" for r in tour for url in r.visit.blocked]
    assert not failures, report(failures)
    assert all(r.visit.requests for r in tour), "requests are not being recorded"


def test_no_page_prints_an_error(tour):
    failures = [f"{r.name}: {error}" for r in tour for error in r.visit.errors]
    assert not failures, report(failures)


def test_every_chart_is_visible_with_its_svg(tour):
    """As built (static SVG) and once live (vega-embed), every chart shows a drawn SVG."""
    assert any(r.has_charts for r in tour), "no page with a chart: nothing to check"
    failures = []
    for r in tour:
        for when, charts in (("as built", r.charts_as_built), ("live", r.charts_live)):
            failures += [
                f"{r.name}: chart {c['name']} ({when}) is not visible or its SVG is empty: {c}"
                for c in charts
                if not c["visible"] or c["marks"] < 3
            ]
        failures += [f"{r.name}: a chart did not turn live ({s})" for s in r.chart_states if s != "yes"]
    assert not failures, report(failures)


def test_navigation_between_pages_works(tour):
    """Each link of the navigation, clicked on the page the previous click opened, opens its page,
    and the last page's navigation leads home again."""
    clicked = [r.name for r in tour if r.clicked]
    assert len(clicked) >= 3, f"the tour reached too few pages through the navigation: {clicked}"
    failures = [problem for r in tour for problem in r.navigation]
    assert not failures, report(failures)


def test_every_chart_shows_a_tooltip_on_hover(tour):
    """Hovering a bar (or point, or slice) of a live chart shows the values behind it."""
    hovered = {name: (r.name, shown) for r in tour for name, shown in r.tooltips.items()}
    charts = {c["name"] for r in tour for c in r.charts_live}
    assert charts, "no chart found to hover"
    failures = [f"chart {name}: never hovered" for name in sorted(charts - set(hovered))]
    failures += [
        f"{page}: chart {name} shows no tooltip on hover"
        for name, (page, shown) in hovered.items()
        if not shown
    ]
    assert not failures, report(failures)


def test_pages_without_charts_load_no_chart_script(tour):
    without = [r for r in tour if not r.has_charts]
    assert without, "every page has a chart: nothing to check"
    failures = [
        f"{r.name}: {url}"
        for r in without
        for url in r.visit.requests
        if VEGA_BUNDLE in url or "charts.js" in url
    ]
    assert not failures, report(failures)


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_without_horizontal_scrolling(tour, width):
    """At phone and wide-screen widths the page never scrolls sideways and charts fit their column."""
    failures = []
    for r in tour:
        layout = r.layouts[width]
        if layout["scroll"] > layout["width"]:
            failures.append(f"{r.name}: the page is {layout['scroll']} px wide in a {width} px window")
        failures += [
            f"{r.name}: chart {c['name']} reaches {c['widest']:.0f} px in a {c['column']:.0f} px column"
            for c in layout["charts"]
            if c["widest"] > c["column"] + 1
        ]
    assert not failures, report(failures)


def test_print_shows_every_chart_statically_and_tables_whole(tour):
    """On paper a chart is its static SVG (the interactive copy is hidden) and no table is cut."""
    failures = []
    for r in tour:
        failures += [
            f"{r.name}: chart {c['name']} does not print as its static SVG: {c}"
            for c in r.printed["charts"]
            if not (c["staticShown"] and c["fits"] and c["liveHidden"])
        ]
        failures += [
            f"{r.name}: a table ({t['head']}…) is cut in print: {t}"
            for t in r.printed["tables"]
            if t["clipping"] or not t["fits"]
        ]
    assert any(r.printed["tables"] for r in tour), "no table found to check"
    assert not failures, report(failures)


def test_no_accessibility_violation_on_any_page(tour):
    """axe-core on every page, with its charts live: no violation of any impact (minor included).
    The colour rules judge the first element of each kind that the tour meets, the others each
    page that shows a structure not judged before (browsing.py)."""
    if any(r.axe is None for r in tour):
        unavailable("axe-core is not installed: run `npm ci` in tests/browser (npm comes with nodejs)")
    failures = [f"{r.name}: {finding}" for r in tour for finding in r.axe]
    assert not failures, report(failures)


def seen_dark(tour):
    """The pages the tour switched to dark: those with a kind of element or a chart not met before."""
    dark = [r for r in tour if r.dark]
    assert dark, "no page seen in dark mode"
    return dark


def test_the_palette_switch_turns_the_pages_dark(tour):
    failures = [f"{r.name}: scheme {r.dark.scheme!r}" for r in seen_dark(tour) if r.dark.scheme != "slate"]
    assert not failures, report(failures)


def test_every_chart_is_seen_in_dark_mode(tour):
    """The pages seen in dark hold every chart of the site."""
    charts = {c["name"] for r in tour for c in r.charts_live}
    seen = {c["name"] for r in seen_dark(tour) for c in r.dark.charts}
    assert charts and charts <= seen, f"never seen in dark mode: {sorted(charts - seen)}"


def test_the_colour_rules_judged_every_kind_of_element_in_light_and_dark(tour):
    """Each kind is judged once, on the page that first shows it, and that page was seen in dark."""
    judged = [kind for r in tour for kind in r.fresh_kinds]
    assert len(judged) > 100, f"only {len(judged)} kinds of element judged"
    assert len(judged) == len(set(judged)), "a kind of element was judged twice"
    failures = [f"{r.name}: never switched to dark" for r in tour if r.fresh_kinds and not r.dark]
    assert not failures, report(failures)


# -- what a kind of element is (browsing.FRESH_KINDS), on pages made for it ------------------------

PAGE = "<!doctype html><html lang=zh><head><title>t</title></head><body><main>{}</main></body></html>"
CHART = (
    '<div class="mems-chart__view"><svg class="marks"><g class="mark-group role-frame root">'
    '<g class="{structure}"><g class="mark-text role-axis-label"><text fill="#000">1</text></g>'
    "</g></g></svg></div>"
)


def fresh_kinds(tab, tmp_path, body: str, checked: list[str] | None = None) -> list[str]:
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(body), encoding="utf-8")
    tab.goto(page.as_uri())
    return tab.evaluate(FRESH_KINDS, checked or [])


def test_vegas_names_for_a_charts_structure_make_no_new_kind(tab, tmp_path):
    one = fresh_kinds(tab, tmp_path, CHART.format(structure="concat_1_group"))
    other = fresh_kinds(tab, tmp_path, CHART.format(structure="layer_0_marks"))
    assert one and one == other


def test_a_charts_parts_are_one_kind_wherever_the_chart_stands(tab, tmp_path):
    chapter = fresh_kinds(tab, tmp_path, f'<figure class="mems-views">{CHART.format(structure="x")}</figure>')
    datapage = fresh_kinds(tab, tmp_path, f'<div class="mems-datapage">{CHART.format(structure="x")}</div>')
    inside = [kind for kind in chapter if kind.startswith("svg")]
    assert inside and inside == [kind for kind in datapage if kind.startswith("svg")]


def test_a_colour_attribute_is_a_kind_of_its_own(tab, tmp_path):
    black = fresh_kinds(tab, tmp_path, CHART.format(structure="x"))
    white = fresh_kinds(tab, tmp_path, CHART.format(structure="x").replace("#000", "#fff"))
    assert black != white


def test_a_kind_is_judged_once_on_an_element_the_reader_sees(tab, tmp_path):
    body = '<p hidden>hidden</p><p>one</p><p>two</p><p class="note">three</p><p><a href="#x"></a></p>'
    kinds = fresh_kinds(tab, tmp_path, body)
    assert len(kinds) == 3, kinds  # p, p.note and the link; the two visible paragraphs are one kind
    assert tab.evaluate("window.memsFreshKinds.map(e => e.textContent)") == ["one", "three", ""]
    assert fresh_kinds(tab, tmp_path, body, checked=kinds) == []
    assert fresh_kinds(tab, tmp_path, body, checked=kinds[:1]) == kinds[1:]


def test_the_colour_rules_find_faint_text_among_the_fresh_kinds(tab, tmp_path):
    """The control for the colour checks: axe, given only the fresh elements, finds the faint one;
    once its kind has been judged, it is no longer looked at."""
    if not AXE.exists():
        unavailable("axe-core is not installed: run `npm ci` in tests/browser (npm comes with nodejs)")
    body = '<p>legible</p><p class="faint" style="color: #ddd">faint</p>'
    kinds = fresh_kinds(tab, tmp_path, body)
    findings = axe_findings(tab, AXE, ONLY_COLOUR_RULES, fresh_only=True)
    assert len(findings) == 1 and "color-contrast" in findings[0] and ".faint" in findings[0], findings
    fresh_kinds(tab, tmp_path, body, checked=kinds)
    assert axe_findings(tab, AXE, ONLY_COLOUR_RULES, fresh_only=True) == []


# -- what a structure is (browsing.STRUCTURE), on pages made for it --------------------------------


def structures(tab, tmp_path, body: str, judged: list[str] | None = None) -> list[str]:
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(body), encoding="utf-8")
    tab.goto(page.as_uri())
    return tab.evaluate(STRUCTURE, judged or [])


ROW = '<table><tr><th scope="row">{}</th><td><a href="{}" aria-label="{}">{}</a></td></tr></table>'


def test_rows_that_differ_in_their_words_and_numbers_are_one_structure(tab, tmp_path):
    judged = structures(tab, tmp_path, ROW.format("博世", "#a", "来源", "14"))
    assert judged and structures(tab, tmp_path, ROW.format("ST", "#b", "出处", "9.3"), judged) == []


def test_an_empty_name_or_text_is_a_structure_of_its_own(tab, tmp_path):
    judged = structures(tab, tmp_path, ROW.format("博世", "#a", "来源", "14"))
    for body in (ROW.format("博世", "#a", "来源", ""), ROW.format("博世", "#a", "", "14")):
        assert [s for s in structures(tab, tmp_path, body, judged) if " > a " in s], body


def test_a_role_or_a_new_place_makes_a_new_structure(tab, tmp_path):
    row = ROW.format("博世", "#a", "来源", "14")
    judged = structures(tab, tmp_path, row)
    assert structures(tab, tmp_path, row.replace('"row"', '"col"'), judged)
    moved = row.replace("<td><a", "<td><span><a").replace("</a>", "</a></span>")
    assert structures(tab, tmp_path, moved, judged)


def test_the_other_rules_judged_every_page_whose_structure_was_new(tour):
    """Each structure is judged once, on the first page that shows it; a page with none new (a
    dataset's or an entity's page like one judged before) is not judged again."""
    judged = [structure for r in tour for structure in r.structures]
    assert len(judged) == len(set(judged)), "a structure was judged twice"
    assert len([r for r in tour if r.structures]) >= 20, "too few pages judged whole"
    assert [r for r in tour if not r.structures], "every page judged whole: STRUCTURE sees words?"


def test_charts_in_dark_mode_have_no_white_box_and_light_text(tour):
    failures = []
    for r in seen_dark(tour):
        for chart in r.dark.charts:
            if chart["whiteBoxes"]:
                failures.append(f"{r.name}: chart {chart['name']} has a white box: {chart['whiteBoxes']}")
            if chart["darkText"]:
                failures.append(f"{r.name}: chart {chart['name']} has dark text: {chart['darkText']}")
    assert not failures, report(failures)


def test_colour_contrast_holds_in_dark_mode(tour):
    dark = seen_dark(tour)
    if any(r.dark.contrast is None for r in dark):
        unavailable("axe-core is not installed: run `npm ci` in tests/browser (npm comes with nodejs)")
    failures = [f"{r.name}: {finding}" for r in dark for finding in r.dark.contrast]
    assert not failures, report(failures)


def test_charts_are_drawn_without_javascript(tour, static_tour):
    """The SVG is in the HTML: with scripts off, every chart is there to read before any script runs."""
    assert static_tour, "no page with a chart seen with JavaScript off"
    charts = {c["name"] for r in tour for c in r.charts_as_built}
    unseen = charts - {c["name"] for r in static_tour for c in r.charts}
    assert not unseen, f"never seen with JavaScript off: {sorted(unseen)}"
    failures = [
        f"{r.name} at {r.width} px: chart {c['name']} is not drawn without JavaScript: {c}"
        for r in static_tour
        for c in r.charts
        if not c["visible"] or c["marks"] < 3
    ]
    assert not failures, report(failures)


# -- evidence on demand: what every page shows a reader -------------------------------------------


def test_passing_checks_show_as_at_most_one_line_and_findings_in_full(tour):
    """A reader's page shows at most one passing-check line as it loads (its summary); every pass is
    still on the page, in the summary, and every finding shows in full. (A printable edition keeps
    each chapter's summary.)"""
    failures = []
    for r in (r for r in tour if is_readers_page(r.name)):
        state = r.passes
        if state["shown"] or len(state["summaries"]) > 1 or state["findings"]:
            failures.append(f"{r.name}: {state}")
        if state["passes"] and not state["summaries"]:
            failures.append(f"{r.name}: {state['passes']} passes and no summary to open them")
    assert any(r.passes["passes"] for r in tour), "no page has a passing check: nothing to judge"
    assert not failures, report(failures)


# What belongs to contributors: a path in the repository, a file name with its extension, a field
# expression (facts[id=…].value) or a snake_case id.
MACHINE_WORDS = re.compile(
    r"(?:macros|data|docs)/[\w./-]+|\b[\w-]+\.(?:py|ya?ml|csv|md)\b|\w+\[\w+=[^\]]*\]|\b[a-z]+_[a-z0-9_]+\b"
)


def test_readers_pages_show_no_code_paths_or_ids(tour):
    read = [r for r in tour if is_readers_page(r.name)]
    assert len(read) >= 10, [r.name for r in read]
    failures = []
    for r in read:
        words = sorted(set(MACHINE_WORDS.findall(r.readers_text)))
        if words:
            failures.append(f"{r.name}: {', '.join(words[:8])}")
    assert not failures, "code paths or ids in readers' text:\n" + report(failures)


def test_the_pattern_catches_what_it_is_for():
    """The control: each kind of machine word is caught, and ordinary prose is not."""
    caught = "data/market-report-2026/datapackage.yaml facts[id=x].value growth_rates_checked macros/x.py"
    assert len(MACHINE_WORDS.findall(caught)) == 4
    assert not MACHINE_WORDS.findall("2025年中国市场规模为182.3亿元，MEMS传感器（CCID）占比23.7%。")


def test_notice_table_and_source_text_is_at_least_14_px_on_a_phone(tour):
    failures = [f"{r.name}: {r.small_text}" for r in tour if r.small_text]
    assert not failures, report(failures)
