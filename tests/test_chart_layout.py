"""Charts in the browser at a phone's and a wide screen's width, with JavaScript off (the static
SVG) and on (the live chart): every text inside its chart, 11 px or more on the phone, and each
chart at least three quarters of the text column wide on the wide screen."""

from __future__ import annotations

import pytest

import test_browser
from test_browser import LIVEN_CHARTS, report

pytestmark = pytest.mark.browser

PHONE, WIDE_SCREEN = 375, 1280
SMALLEST_TEXT = 11

MEASURE = """() => [...document.querySelectorAll('.mems-chart')].map(figure => {
  const column = figure.getBoundingClientRect();
  const svg = [...figure.querySelectorAll('.mems-chart__view svg')]
    .find(s => s.checkVisibility() && s.getBoundingClientRect().width > 0 && !s.closest('svg svg'));
  if (!svg) return {name: figure.dataset.chart, missing: true};
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && t.checkVisibility());
  const cut = [], small = [];
  for (const text of texts) {
    const r = text.getBoundingClientRect();
    const outside = r.left < box.left - 0.5 || r.right > box.right + 0.5
      || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
    if (outside) cut.push(`${text.textContent.trim()} [${r.left.toFixed(0)}–${r.right.toFixed(0)} px]`);
    // The size the reader sees: the font size times the scale of the SVG on the screen.
    const matrix = text.getScreenCTM();
    const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (size < SMALLEST - 0.05) small.push(`${text.textContent.trim()} (${size.toFixed(1)} px)`);
  }
  return {name: figure.dataset.chart, live: !!svg.closest('.vega-embed'), width: box.width,
          column: column.width, texts: texts.length, cut, small};
})""".replace("SMALLEST", str(SMALLEST_TEXT))


def measure(site: test_browser.Site, javascript: bool) -> dict[int, list[tuple[str, dict]]]:
    context = site.new_context(java_script_enabled=javascript)
    tab = site.new_tab(context)
    seen: dict[int, list[tuple[str, dict]]] = {PHONE: [], WIDE_SCREEN: []}
    try:
        for width in seen:
            tab.set_viewport_size({"width": width, "height": 900})
            for page in site.chart_pages():
                site.open(tab, page)
                tab.evaluate("document.fonts.ready.then(() => true)")
                if javascript:
                    tab.evaluate(LIVEN_CHARTS)
                seen[width] += [(site.name(page), chart) for chart in tab.evaluate(MEASURE)]
    finally:
        context.close()
    return seen


site = test_browser.site


@pytest.fixture(scope="module", params=[False, True], ids=["javascript-off", "javascript-on"])
def measured(request, site):
    return request.param, measure(site, request.param)


def test_every_chart_text_stays_inside_its_chart(measured):
    javascript, seen = measured
    charts = [c for width in seen for _, c in seen[width]]
    assert charts and all(c.get("texts") for c in charts), "no chart text found to measure"
    if javascript:
        assert all(c["live"] for c in charts), "with JavaScript on, some charts did not turn live"
    failures = [
        f"{page} at {width} px: chart {c['name']} cuts {c['cut'][:3]}"
        for width in seen
        for page, c in seen[width]
        if c.get("missing") or c["cut"]
    ]
    assert not failures, report(failures)


def test_chart_text_is_at_least_11_px_on_a_phone(measured):
    _, seen = measured
    failures = [
        f"{page}: chart {c['name']} has text below {SMALLEST_TEXT} px: {c['small'][:3]}"
        for page, c in seen[PHONE]
        if c.get("missing") or c["small"]
    ]
    assert not failures, report(failures)


def test_every_chart_fills_most_of_the_column_on_a_wide_screen(measured):
    _, seen = measured
    failures = [
        f"{page}: chart {c['name']} is {c['width']:.0f} px in a {c['column']:.0f} px column"
        for page, c in seen[WIDE_SCREEN]
        if c.get("missing") or c["width"] < 0.75 * c["column"]
    ]
    assert not failures, report(failures)
