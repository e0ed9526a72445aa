"""Charts in the browser at a phone's and a wide screen's width, with JavaScript off (the static
SVG, from the static tour) and on (the live chart, from the tour): every text inside its chart,
11 px or more on the phone, and each chart at least three quarters of the text column wide on the
wide screen. The measuring is browsing.MEASURE."""

from __future__ import annotations

import pytest

from browsing import PHONE, SMALLEST_TEXT, WIDE_SCREEN, report

pytestmark = pytest.mark.browser

JAVASCRIPT = [False, True]


def seen(tour, static_tour, javascript: bool) -> dict[int, list[tuple[str, dict]]]:
    """Every chart measured, by width: (page, measure) pairs."""
    by_width: dict[int, list[tuple[str, dict]]] = {PHONE: [], WIDE_SCREEN: []}
    if javascript:
        for r in tour:
            for width in by_width:
                by_width[width] += [(r.name, chart) for chart in r.measured[width]]
    else:
        for r in static_tour:
            by_width[r.width] += [(r.name, chart) for chart in r.measured]
    return by_width


@pytest.fixture(params=JAVASCRIPT, ids=["javascript-off", "javascript-on"])
def measured(request, tour, static_tour):
    return request.param, seen(tour, static_tour, request.param)


def test_every_chart_text_stays_inside_its_chart(measured):
    javascript, by_width = measured
    charts = [c for width in by_width for _, c in by_width[width]]
    assert charts and all(c.get("texts") for c in charts), "no chart text found to measure"
    # Live means drawn by vega in the page; the static SVG is the one the HTML carries.
    assert all(c.get("live") == javascript for c in charts), "a chart was measured in the wrong form"
    failures = [
        f"at {width} px: {failure}"
        for width in by_width
        for failure in failing(by_width[width], lambda c: c["cut"], lambda c: f"cuts {c['cut'][:3]}")
    ]
    assert not failures, report(failures)


def test_chart_text_is_at_least_11_px_on_a_phone(measured):
    _, by_width = measured
    small = failing(
        by_width[PHONE],
        lambda c: c["small"],
        lambda c: f"has text below {SMALLEST_TEXT} px: {c['small'][:3]}",
    )
    assert not small, report(small)


def test_every_chart_fills_most_of_the_column_on_a_wide_screen(measured):
    _, by_width = measured
    narrow = failing(
        by_width[WIDE_SCREEN],
        lambda c: c["width"] < 0.75 * c["column"],
        lambda c: f"is {c['width']:.0f} px in a {c['column']:.0f} px column",
    )
    assert not narrow, report(narrow)


def test_every_chart_fits_its_column_on_a_phone(measured):
    """Drawn live or as the static SVG the HTML carries, no chart is wider than its column on a
    phone (so a page without script does not scroll sideways for a chart either)."""
    _, by_width = measured
    wide = failing(
        by_width[PHONE],
        lambda c: c["width"] > c["column"] + 1,
        lambda c: f"is {c['width']:.0f} px in a {c['column']:.0f} px column",
    )
    assert not wide, report(wide)


def failing(measured: list, fails, describe) -> list[str]:
    """Each measured chart that is missing or fails, as 'page: chart name <what is wrong>'."""
    return [
        f"{page}: chart {c['name']} " + ("was not measured" if c.get("missing") else describe(c))
        for page, c in measured
        if c.get("missing") or fails(c)
    ]
