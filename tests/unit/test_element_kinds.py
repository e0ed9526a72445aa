"""The tour checks colours on the fewest pages that together hold every kind of element
(tests/browsing.py): a page with a kind no other page has is among them, and a chart's parts are one
kind wherever the chart stands."""

from __future__ import annotations

from browsing import ElementKinds, pages_showing_every_kind_of_element

PAGE = "<html><body><main><article>{}</article></main></body></html>"
CHART = (
    '<div class="mems-chart__view"><svg class="marks"><g class="mark-group role-frame root">'
    '<g class="{structure}"><g class="mark-text role-axis-label"><text fill="#000">1</text></g>'
    "</g></g></svg></div>"
)


def kinds(html: str) -> set[tuple[str, str]]:
    parser = ElementKinds()
    parser.feed(html)
    return parser.kinds


def write(folder, name: str, body: str):
    path = folder / name
    path.write_text(PAGE.format(body), encoding="utf-8")
    return path


def test_vegas_names_for_a_charts_structure_make_no_new_kind():
    one = kinds(PAGE.format(CHART.format(structure="concat_1_group")))
    other = kinds(PAGE.format(CHART.format(structure="layer_0_marks")))
    assert one == other


def test_a_charts_parts_are_one_kind_wherever_the_chart_stands():
    chapter = kinds(PAGE.format(f'<figure class="mems-views">{CHART.format(structure="x")}</figure>'))
    datapage = kinds(PAGE.format(f'<div class="mems-datapage">{CHART.format(structure="x")}</div>'))
    inside = {kind for kind in chapter if kind[0].startswith("svg")}
    assert inside and inside <= datapage, "the chart's parts depend on where the chart stands"
    # The chart itself, and what holds it, are seen in each place.
    assert chapter - inside != datapage - inside


def test_a_colour_attribute_inside_a_chart_is_a_kind_of_its_own():
    black = kinds(PAGE.format(CHART.format(structure="x")))
    white = kinds(PAGE.format(CHART.format(structure="x").replace("#000", "#fff")))
    assert black != white


def test_the_pages_chosen_hold_every_kind(tmp_path):
    plain = write(tmp_path, "a.html", "<p>text</p>")
    same = write(tmp_path, "b.html", "<p>other text</p>")
    warning = write(tmp_path, "c.html", '<p>text</p><div class="admonition warning"><p>!</p></div>')
    chart = write(tmp_path, "d.html", CHART.format(structure="concat_1_group"))
    chart_again = write(tmp_path, "e.html", "<p>t</p>" + CHART.format(structure="layer_2_marks"))
    chosen = pages_showing_every_kind_of_element([plain, same, warning, chart, chart_again])
    assert warning in chosen and (chart in chosen or chart_again in chosen)
    assert same not in chosen and not {chart, chart_again} <= set(chosen)


def test_a_small_page_is_chosen_before_a_big_one_with_the_same_kinds(tmp_path):
    warning = '<div class="admonition warning"><p>!</p></div>'
    big = write(tmp_path, "a.html", warning + "<p>text</p>" * 200)
    small = write(tmp_path, "b.html", warning + "<p>text</p>")
    assert pages_showing_every_kind_of_element([big, small]) == [small]
