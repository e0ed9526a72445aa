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
        f"{page} at {width} px: chart {c['name']} cuts {c['cut'][:3]}"
        for width in by_width
        for page, c in by_width[width]
        if c.get("missing") or c["cut"]
    ]
    assert not failures, report(failures)


def test_chart_text_is_at_least_11_px_on_a_phone(measured):
    _, by_width = measured
    failures = [
        f"{page}: chart {c['name']} has text below {SMALLEST_TEXT} px: {c['small'][:3]}"
        for page, c in by_width[PHONE]
        if c.get("missing") or c["small"]
    ]
    assert not failures, report(failures)


def test_every_chart_fills_most_of_the_column_on_a_wide_screen(measured):
    _, by_width = measured
    failures = [
        f"{page}: chart {c['name']} is {c['width']:.0f} px in a {c['column']:.0f} px column"
        for page, c in by_width[WIDE_SCREEN]
        if c.get("missing") or c["width"] < 0.75 * c["column"]
    ]
    assert not failures, report(failures)
