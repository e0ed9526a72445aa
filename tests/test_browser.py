"""The built site in a real browser (Debian's chromium): read from disk with no network, its charts,
navigation, search, layouts from phone to wide screen, dark mode, print and accessibility, the
catalogue's filter and the citations' copy button.

One browser serves the session. Each page is visited once in light mode and once in dark mode (the
two tours below), and what the browser saw is recorded for the tests that follow to judge; the tests
of one behaviour (tooltips, navigation, search, lazy loading, PDF) drive the browser themselves.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, HOW_TO_GET_IT, unavailable  # noqa: F401
from test_data import CATALOG

pytestmark = pytest.mark.browser

BROWSER_DIR = Path(__file__).resolve().parent / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
VEGA_BUNDLE = "vega-bundle.js"
SEARCH_TERMS = ["传感器", "晶圆"]
WIDTHS = [375, 1440]
# About the printable width of an A4 page in CSS pixels, so that a table too wide for paper shows.
PAPER_WIDTH = 700
# Violations that come from Material's own templates, out of reach of configuration and CSS:
# (rule, element) -> why the rule is not applied to that element.
# (overrides/partials/search.html gives Material's search dialog the name it lacked.)
THEME_VIOLATIONS: dict[tuple[str, str], str] = {}


# -- JavaScript run in the pages ---------------------------------------------------------------

LIVEN_CHARTS = """async () => {
  // Bring each chart into view, as a reader scrolling down would, and wait for it to turn live
  // (charts.js waits for the reader's first scroll or pointer move before it loads vega).
  window.dispatchEvent(new Event('scroll'));
  const figures = [...document.querySelectorAll('.mems-chart')];
  for (const figure of figures) {
    figure.scrollIntoView({block: 'center'});
    const start = performance.now();
    while (!['yes', 'failed'].includes(figure.dataset.interactive) && performance.now() - start < 10000) {
      await new Promise(resolve => setTimeout(resolve, 25));
    }
  }
  window.scrollTo(0, 0);
  return figures.map(figure => figure.dataset.interactive || 'never');
}"""

CHART_STATE = """() => [...document.querySelectorAll('.mems-chart')].map(figure => {
  const shown = [...figure.querySelectorAll('.mems-chart__view svg')]
    .filter(svg => svg.checkVisibility() && svg.getBoundingClientRect().width > 0);
  const box = shown.length ? shown[0].getBoundingClientRect() : {width: 0, height: 0};
  return {name: figure.dataset.chart, visible: figure.checkVisibility() && box.height > 0,
          marks: shown.length ? shown[0].querySelectorAll('path, rect, line, text').length : 0};
})"""

LAYOUT = """() => ({
  scroll: document.scrollingElement.scrollWidth,
  width: innerWidth,
  charts: [...document.querySelectorAll('.mems-chart')].map(figure => {
    const column = figure.getBoundingClientRect();
    const svgs = [...figure.querySelectorAll('.mems-chart__view svg')].filter(svg => svg.checkVisibility());
    return {name: figure.dataset.chart, column: column.width,
            widest: Math.max(0, ...svgs.map(svg => svg.getBoundingClientRect().right - column.left))};
  }),
})"""

PRINTED = """() => {
  const charts = [...document.querySelectorAll('.mems-chart')].map(figure => {
    const view = figure.querySelector('.mems-chart__view');
    const staticSvg = [...view.querySelectorAll(':scope > svg')].find(svg => svg.checkVisibility());
    const box = staticSvg ? staticSvg.getBoundingClientRect() : {width: 0, right: 0};
    const live = view.querySelector('.vega-embed');
    return {name: figure.dataset.chart,
            staticShown: !!staticSvg && staticSvg.checkVisibility() && box.width > 0,
            fits: box.right <= view.getBoundingClientRect().right + 1,
            liveHidden: !live || !live.checkVisibility()};
  });
  const article = document.querySelector('article');
  const shown = [...article.querySelectorAll('table')].filter(table => table.checkVisibility());
  const tables = shown.map(table => {
    const clipping = [];
    for (let el = table; el && el !== article; el = el.parentElement) {
      const style = getComputedStyle(el);
      const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if (clips) clipping.push(el.className || el.tagName);
    }
    return {head: (table.querySelector('th') || table).textContent.trim().slice(0, 20), clipping,
            fits: table.getBoundingClientRect().right <= article.getBoundingClientRect().right + 1};
  });
  return {charts, tables};
}"""

DARK_CHARTS = """() => {
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const whiteish = colour => {
    const c = rgb(colour);
    return c.length >= 3 && (c.length < 4 || c[3] > 0.5) && luminance(c) > 0.6;
  };
  // Text the chart leaves at its default colour, and every axis, legend and title text.
  const themed = 'text[fill="#000"], text[fill="black"], text:not([fill]), '
    + '.role-axis text, .role-legend text, .role-title text';
  return [...document.querySelectorAll('.mems-chart')].map(figure => {
    const view = figure.querySelector('.mems-chart__view');
    const area = view.getBoundingClientRect().width * view.getBoundingClientRect().height;
    const whiteBoxes = [view, ...view.querySelectorAll('div, svg, rect, path')].filter(el => {
      const box = el.getBoundingClientRect();
      if (box.width * box.height < area / 4) return false;
      const style = getComputedStyle(el);
      return whiteish(style.backgroundColor) || (el instanceof SVGGeometryElement && whiteish(style.fill));
    }).map(el => `${el.tagName}.${el.getAttribute('class') || ''}`);
    const darkText = [...view.querySelectorAll(themed)]
      .filter(t => t.textContent.trim() && luminance(rgb(getComputedStyle(t).fill)) < 0.35)
      .map(t => `${t.textContent.trim()} (${getComputedStyle(t).fill})`);
    return {name: figure.dataset.chart, whiteBoxes, darkText: darkText.slice(0, 5)};
  });
}"""

AXE_RUN = """async (options) => {
  // preload: false, or axe fetches the stylesheets itself, which file:// refuses (CORS errors).
  const result = await axe.run(document, {resultTypes: ['violations'], preload: false, ...options});
  return result.violations.flatMap(v =>
    v.nodes.map(n => ({rule: v.id, impact: v.impact, help: v.help, target: n.target.join(' '),
                       why: n.failureSummary.split('\\n').slice(-1)[0].trim()})));
}"""

HOVER_TARGETS = """(name) => {
  // The centres of the biggest marks of the live chart, biggest first.
  const live = document.querySelector(`.mems-chart[data-chart="${name}"] .vega-embed svg`);
  if (!live) return [];
  return [...live.querySelectorAll('.role-mark:not(.mark-text) path, .role-mark:not(.mark-text) rect')]
    .map(mark => mark.getBoundingClientRect())
    .filter(box => box.width * box.height > 0)
    .sort((a, b) => b.width * b.height - a.width * a.height)
    .slice(0, 6)
    .map(box => [box.x + box.width / 2, box.y + box.height / 2]);
}"""

TOOLTIP = """() => {
  const tip = document.getElementById('vg-tooltip-element');
  return tip && tip.classList.contains('visible') && tip.checkVisibility() ? tip.innerText : null;
}"""


# -- the browser and the site --------------------------------------------------------------------


@dataclass
class Visit:
    """What one page did in the browser: the requests it made and the errors it printed."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Site:
    """The built site seen from file://, in browser contexts that let nothing off the disk."""

    def __init__(self, root: Path, browser):
        self.root = root
        self.browser = browser
        # 404.html is what a web server sends for any missing path, so its links start at the
        # server's root (/assets/…): it is not a page of the site read from disk.
        self.pages = sorted(p for p in root.rglob("*.html") if p.relative_to(root).as_posix() != "404.html")
        self.visit = Visit()

    def new_context(self, **options):
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 900}, service_workers="block", **options
        )
        context.route("**/*", self._route)
        return context

    def _route(self, route) -> None:
        url = route.request.url
        self.visit.requests.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            self.visit.blocked.append(url)
            route.abort()

    def new_tab(self, context):
        tab = context.new_page()
        tab.on("console", lambda m: m.type == "error" and self.visit.errors.append(f"console: {m.text}"))
        tab.on("pageerror", lambda e: self.visit.errors.append(f"exception: {e}"))
        return tab

    def open(self, tab, page: Path) -> Visit:
        """Load a page in `tab`, recording its requests and errors from here on."""
        self.visit = Visit()
        tab.goto(page.as_uri(), wait_until="load")
        return self.visit

    def name(self, page: Path) -> str:
        return page.relative_to(self.root).as_posix()

    def path_of(self, url: str) -> Path:
        return Path(unquote(urlsplit(url).path))

    def has_charts(self, page: Path) -> bool:
        return 'class="mems-figure mems-chart"' in page.read_text(encoding="utf-8")

    def chart_pages(self) -> list[Path]:
        """Pages with charts; the whole-document print pages first, as they hold every chart."""
        pages = [p for p in self.pages if self.has_charts(p)]
        return sorted(pages, key=lambda p: p.name != "print.html")


def page_text(path: Path) -> str:
    """The readable text of a page's article, without tags."""
    html = path.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S)
    return re.sub(r"<[^>]+>", "", article.group(0) if article else html)


def axe_findings(tab, axe: Path | None, options: dict) -> list[str] | None:
    """axe-core violations of any impact on the page, less the theme's own (see above)."""
    if axe is None:
        return None
    tab.add_script_tag(path=str(axe))
    return [
        f"{v['impact']} {v['rule']} ({v['help']}) at {v['target']}: {v['why']}"
        for v in tab.evaluate(AXE_RUN, options)
        if (v["rule"], v["target"]) not in THEME_VIOLATIONS
    ]


@pytest.fixture(scope="session")
def site(browser, built_site) -> Site:
    site = Site(built_site, browser)
    assert site.pages, f"no HTML page in the built site {built_site}"
    return site


@pytest.fixture(scope="session")
def context(site):
    """The one context of a reader in light mode, shared by the tests."""
    context = site.new_context()
    yield context
    context.close()


@pytest.fixture
def tab(site, context):
    tab = site.new_tab(context)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def axe() -> Path | None:
    """axe-core as pinned in tests/browser/package-lock.json; `npm ci` installs it when missing."""
    npm = shutil.which("npm")
    if not AXE.exists() and npm:
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=BROWSER_DIR,
            capture_output=True,
            timeout=300,
        )
    return AXE if AXE.exists() else None


# -- the two tours: every page once in light mode, once in dark mode ----------------------------


@dataclass
class PageReport:
    name: str
    has_charts: bool
    visit: Visit
    charts_as_built: list[dict]
    chart_states: list[str]
    charts_live: list[dict]
    layouts: dict[int, dict]
    printed: dict
    axe: list[str] | None


@pytest.fixture(scope="session")
def light_tour(site, context, axe) -> list[PageReport]:
    """Each page as a reader in light mode gets it: loaded, charts scrolled into view, checked by
    axe-core, then seen at phone and wide-screen widths and in print at paper width."""
    tab = site.new_tab(context)
    reports = []
    for page in site.pages:
        tab.set_viewport_size({"width": 1280, "height": 900})
        visit = site.open(tab, page)
        charts_as_built = tab.evaluate(CHART_STATE)
        chart_states = tab.evaluate(LIVEN_CHARTS)
        charts_live = tab.evaluate(CHART_STATE)
        findings = axe_findings(tab, axe, {})
        layouts = {}
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            layouts[width] = tab.evaluate(LAYOUT)
        tab.set_viewport_size({"width": PAPER_WIDTH, "height": 1000})
        tab.emulate_media(media="print")
        printed = tab.evaluate(PRINTED)
        tab.emulate_media(media="screen")
        reports.append(
            PageReport(
                site.name(page),
                site.has_charts(page),
                visit,
                charts_as_built,
                chart_states,
                charts_live,
                layouts,
                printed,
                findings,
            )
        )
    tab.close()
    return reports


@dataclass
class DarkReport:
    name: str
    scheme: str
    charts: list[dict]
    contrast: list[str] | None


@pytest.fixture(scope="session")
def dark_tour(site, axe) -> list[DarkReport]:
    """Each page for a reader whose system is in dark mode. Its own context: Material keeps the
    scheme it chose in local storage, which the light context has filled."""
    context = site.new_context(color_scheme="dark")
    tab = site.new_tab(context)
    reports = []
    contrast_rules = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
    for page in site.pages:
        site.open(tab, page)
        scheme = tab.evaluate("document.body.dataset.mdColorScheme")
        tab.evaluate(LIVEN_CHARTS)
        charts = tab.evaluate(DARK_CHARTS)
        reports.append(DarkReport(site.name(page), scheme, charts, axe_findings(tab, axe, contrast_rules)))
    context.close()
    return reports


def report(failures: list[str]) -> str:
    return f"{len(failures)} problem(s):\n" + "\n".join(failures)


# -- what the tours saw --------------------------------------------------------------------------


def test_no_request_leaves_the_disk(light_tour):
    failures = [f"{r.name}: {url}" for r in light_tour for url in r.visit.blocked]
    assert not failures, report(failures)
    assert all(r.visit.requests for r in light_tour), "requests are not being recorded"


def test_no_page_prints_an_error(light_tour):
    failures = [f"{r.name}: {error}" for r in light_tour for error in r.visit.errors]
    assert not failures, report(failures)


def test_every_chart_is_visible_with_its_svg(light_tour):
    """As built (static SVG) and once live (vega-embed), every chart shows a drawn SVG."""
    assert any(r.has_charts for r in light_tour), "no page with a chart: nothing to check"
    failures = []
    for r in light_tour:
        for when, charts in (("as built", r.charts_as_built), ("live", r.charts_live)):
            failures += [
                f"{r.name}: chart {c['name']} ({when}) is not visible or its SVG is empty: {c}"
                for c in charts
                if not c["visible"] or c["marks"] < 3
            ]
        failures += [f"{r.name}: a chart did not turn live ({s})" for s in r.chart_states if s != "yes"]
    assert not failures, report(failures)


def test_pages_without_charts_load_no_chart_script(light_tour):
    without = [r for r in light_tour if not r.has_charts]
    assert without, "every page has a chart: nothing to check"
    failures = [
        f"{r.name}: {url}"
        for r in without
        for url in r.visit.requests
        if VEGA_BUNDLE in url or "charts.js" in url
    ]
    assert not failures, report(failures)


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_without_horizontal_scrolling(light_tour, width):
    """At phone and wide-screen widths the page never scrolls sideways and charts fit their column."""
    failures = []
    for r in light_tour:
        layout = r.layouts[width]
        if layout["scroll"] > layout["width"]:
            failures.append(f"{r.name}: the page is {layout['scroll']} px wide in a {width} px window")
        failures += [
            f"{r.name}: chart {c['name']} reaches {c['widest']:.0f} px in a {c['column']:.0f} px column"
            for c in layout["charts"]
            if c["widest"] > c["column"] + 1
        ]
    assert not failures, report(failures)


def test_print_shows_every_chart_statically_and_tables_whole(light_tour):
    """On paper a chart is its static SVG (the interactive copy is hidden) and no table is cut."""
    failures = []
    for r in light_tour:
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
    assert any(r.printed["tables"] for r in light_tour), "no table found to check"
    assert not failures, report(failures)


def test_no_accessibility_violation_on_any_page(light_tour):
    """axe-core on every page, with its charts live: no violation of any impact (minor included)."""
    if any(r.axe is None for r in light_tour):
        unavailable("axe-core is not installed: run `npm ci` in tests/browser (npm comes with nodejs)")
    failures = [f"{r.name}: {finding}" for r in light_tour for finding in r.axe]
    assert not failures, report(failures)


def test_dark_mode_gives_the_slate_scheme(dark_tour):
    failures = [f"{r.name}: scheme {r.scheme!r}" for r in dark_tour if r.scheme != "slate"]
    assert not failures, report(failures)


def test_charts_in_dark_mode_have_no_white_box_and_light_text(dark_tour):
    assert any(r.charts for r in dark_tour), "no chart seen in dark mode"
    failures = []
    for r in dark_tour:
        for chart in r.charts:
            if chart["whiteBoxes"]:
                failures.append(f"{r.name}: chart {chart['name']} has a white box: {chart['whiteBoxes']}")
            if chart["darkText"]:
                failures.append(f"{r.name}: chart {chart['name']} has dark text: {chart['darkText']}")
    assert not failures, report(failures)


def test_colour_contrast_holds_in_dark_mode(dark_tour):
    if any(r.contrast is None for r in dark_tour):
        unavailable("axe-core is not installed: run `npm ci` in tests/browser (npm comes with nodejs)")
    failures = [f"{r.name}: {finding}" for r in dark_tour for finding in r.contrast]
    assert not failures, report(failures)


# -- behaviours, each driven here ------------------------------------------------------------------


def test_every_chart_shows_a_tooltip_on_hover(site, tab):
    """Hovering a bar (or point, or slice) of a live chart shows the values behind it."""
    seen: set[str] = set()
    failures = []
    for page in site.chart_pages():
        site.open(tab, page)
        # A reader's pointer moves over the page: that is when the charts turn live.
        tab.mouse.move(5, 5)
        for name in tab.eval_on_selector_all(".mems-chart", "figures => figures.map(f => f.dataset.chart)"):
            if name in seen:
                continue
            seen.add(name)
            figure = tab.locator(f'.mems-chart[data-chart="{name}"]').first
            figure.scroll_into_view_if_needed()
            figure.locator(".vega-embed svg").wait_for(state="visible", timeout=10000)
            shown = None
            for x, y in tab.evaluate(HOVER_TARGETS, name):
                tab.mouse.move(x, y)
                try:
                    tab.wait_for_function(TOOLTIP, timeout=1000)
                except Exception:
                    continue
                shown = tab.evaluate(TOOLTIP)
                break
            tab.mouse.move(0, 0)
            if not shown:
                failures.append(f"{site.name(page)}: chart {name} shows no tooltip on hover")
    assert seen, "no chart found to hover"
    assert not failures, report(failures)


def test_navigation_between_pages_works(site, tab):
    """Each link of the navigation, clicked on the page the previous click opened, opens its page."""
    site.open(tab, site.root / "index.html")
    links = tab.eval_on_selector_all(
        ".md-sidebar--primary a.md-nav__link[href]", "links => [...new Set(links.map(a => a.href))]"
    )
    targets = [link for link in links if link.startswith("file://") and "#" not in link]
    assert len(targets) >= 3, f"the navigation has too few links: {links}"
    failures = []
    for target in targets[1:] + targets[:1]:
        index = tab.evaluate(
            "t => [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link[href]')]"
            ".findIndex(a => a.href === t && a.checkVisibility())",
            target,
        )
        if index < 0:
            failures.append(f"{tab.url}: no visible navigation link to {target}")
            site.open(tab, site.path_of(target))
            continue
        with tab.expect_navigation():
            tab.locator(".md-sidebar--primary a.md-nav__link[href]").nth(index).click()
        headings = tab.locator("article h1")
        heading = headings.first.inner_text() if headings.count() else ""
        if tab.url != target or not site.path_of(target).exists() or not heading:
            failures.append(f"clicking the link to {target} opened {tab.url} (heading {heading!r})")
    assert not failures, report(failures)


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_chinese_search_finds_the_pages_that_use_the_term(site, tab, term):
    """Typing a Chinese word lists pages that contain it; the first result opens such a page."""
    assert any(term in page_text(p) for p in site.pages), f"no page contains {term}: choose another term"
    site.open(tab, site.root / "index.html")
    # The search worker builds its index in the background after the page loads.
    tab.wait_for_timeout(1000)
    tab.locator(".md-search__input").click()
    tab.keyboard.type(term)
    # Typing CJK sends no key events, and key events are what the search listens to.
    tab.keyboard.press("ArrowRight")
    tab.wait_for_selector(".md-search-result__item", timeout=10000)
    hrefs = tab.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    assert hrefs, f"searching {term} shows no result"
    wrong = []
    for href in hrefs:
        # A result names the words it matched (?h=…): the segmenter may match a part of the term.
        words = parse_qs(urlsplit(href).query).get("h", [""])[0].split() or [term]
        path = site.path_of(href)
        if path.name == "print.html" or not path.exists() or not any(w in page_text(path) for w in words):
            wrong.append(f"{href} (matched {words})")
    assert not wrong, f"results for {term} that do not lead to a page with it:\n" + "\n".join(wrong)
    with tab.expect_navigation():
        tab.locator(".md-search-result__link").first.click()
    opened = site.path_of(tab.url)
    assert opened.is_relative_to(site.root) and page_text(opened), f"the first result opens {tab.url}"


def test_charts_are_drawn_without_javascript(site):
    """The SVG is in the HTML: with scripts off, every chart is there to read before any script runs."""
    context = site.new_context(java_script_enabled=False)
    tab = context.new_page()
    failures = []
    try:
        for page in site.chart_pages():
            site.open(tab, page)
            failures += [
                f"{site.name(page)}: chart {c['name']} is not drawn without JavaScript: {c}"
                for c in tab.evaluate(CHART_STATE)
                if not c["visible"] or c["marks"] < 3
            ]
    finally:
        context.close()
    assert not failures, report(failures)


def test_vega_loads_only_when_a_chart_comes_into_view(site, tab):
    """Scrolling a chart into view is what fetches the vega bundle: a page whose first chart is
    further down does not fetch it at load."""
    window = 400
    tab.set_viewport_size({"width": 1280, "height": window})
    checked = []
    for page in site.chart_pages():
        visit = site.open(tab, page)
        top = tab.evaluate("document.querySelector('.mems-chart').getBoundingClientRect().top")
        # charts.js starts loading 200 px before a chart reaches the window.
        if top < window + 200 + 100:
            continue
        tab.wait_for_timeout(300)
        assert not any(VEGA_BUNDLE in url for url in visit.requests), (
            f"{site.name(page)}: the vega bundle loads before any chart is in view"
        )
        tab.locator(".mems-chart").first.scroll_into_view_if_needed()
        tab.wait_for_function("document.querySelector('.mems-chart').dataset.interactive === 'yes'")
        assert any(VEGA_BUNDLE in url for url in visit.requests), f"{site.name(page)}: vega never loaded"
        checked.append(page)
        if len(checked) == 3:
            break
    assert checked, "no page has a chart below the fold to check lazy loading with"


def test_each_whole_document_prints_to_pdf(site, tab):
    """The one-page edition of each document prints: a PDF of several pages with its charts."""
    print_pages = [p for p in site.pages if p.name == "print.html"]
    assert print_pages, "no print page (print.html) in the built site"
    for page in print_pages:
        site.open(tab, page)
        tab.evaluate(LIVEN_CHARTS)
        tab.emulate_media(media="print")
        pdf = tab.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        tab.emulate_media(media="screen")
        assert pdf.startswith(b"%PDF"), f"{site.name(page)}: the print is not a PDF"
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert pages >= 2, f"{site.name(page)}: the whole document prints on {pages} page(s)"


# -- data tables and figure views ------------------------------------------------------------------

SORTABLE = """() => {
  const frame = document.querySelector('.mems-datatable[data-ready]');
  if (!frame) return null;
  const rows = [...frame.querySelectorAll('tbody tr')];
  const shown = rows.filter(r => !r.hidden);
  const values = [...frame.querySelectorAll('thead th')].findIndex(th => th.textContent.startsWith('数值'));
  return {
    total: rows.filter(r => !r.classList.contains('mems-group')).length,
    shownData: shown.filter(r => !r.classList.contains('mems-group')).map(r => r.textContent),
    shownGroups: shown.filter(r => r.classList.contains('mems-group')).length,
    values: shown.filter(r => !r.classList.contains('mems-group'))
      .map(r => r.cells[values].textContent.replace(/,/g, '')).filter(Boolean).map(Number),
    count: document.querySelector('.mems-tablefilter output').textContent,
    sort: [...frame.querySelectorAll('thead th')].map(th => th.getAttribute('aria-sort')).filter(Boolean),
  };
}"""


@pytest.mark.parametrize(("package", "word"), [("white-paper-2020", "2019"), ("market-report-2026", "2025")])
def test_a_facts_page_sorts_and_filters_from_disk(site, tab, package, word):
    """The facts page's table, opened from file://: grouped by section, filtered by a word, sorted
    by value both ways (the sections step aside while sorted), and back to the document's order."""
    site.open(tab, site.root / "data" / package / "facts.html")
    tab.wait_for_selector(".mems-datatable[data-ready]")
    start = tab.evaluate(SORTABLE)
    assert start["shownGroups"] >= 3 and len(start["shownData"]) == start["total"] > 50, start["count"]
    tab.fill(".mems-tablefilter input", word)
    filtered = tab.evaluate(SORTABLE)
    assert 0 < len(filtered["shownData"]) < start["total"], filtered["count"]
    assert all(word in text for text in filtered["shownData"])
    assert f"{len(filtered['shownData'])} / {start['total']}" in filtered["count"]
    tab.fill(".mems-tablefilter input", "")
    button = tab.locator("thead th .mems-sort", has_text="数值")
    button.click()
    rising = tab.evaluate(SORTABLE)
    assert rising["sort"] == ["ascending"] and rising["shownGroups"] == 0
    assert rising["values"] == sorted(rising["values"]) and len(rising["values"]) > 20
    button.click()
    falling = tab.evaluate(SORTABLE)
    assert falling["sort"] == ["descending"] and falling["values"] == sorted(falling["values"], reverse=True)
    button.click()
    again = tab.evaluate(SORTABLE)
    assert again["sort"] == [] and again["shownData"] == start["shownData"]
    assert again["shownGroups"] == start["shownGroups"]


def test_a_row_anchor_scrolls_to_its_row(site, tab):
    """A link to a row (facts.html#row-…) lands on that row, the page's own target."""
    page = site.root / "data" / "white-paper-2020" / "facts.html"
    tab.goto(page.as_uri() + "#row-china_mems_market_size_2019", wait_until="load")
    top = tab.evaluate(
        "document.getElementById('row-china_mems_market_size_2019').getBoundingClientRect().top"
    )
    assert 0 <= top < 900, f"the row is at {top} px, not in the window"


VIEWS = """() => [...document.querySelectorAll('.mems-views')].map(views => ({
  drawing: views.querySelector('.mems-views__drawing').checkVisibility(),
  table: views.querySelector('.mems-views__table').checkVisibility(),
}))"""


def test_a_figure_switches_between_drawing_and_table_without_javascript(site):
    """The switch is radio buttons and CSS: with scripts off, the drawing shows first, one click
    shows its table instead, another brings the drawing back."""
    context = site.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        pages = [
            p for p in site.pages if p.name != "print.html" and "mems-views__switch" in p.read_text("utf-8")
        ]
        assert pages, "no page with a figure of two views"
        site.open(tab, pages[0])
        assert all(v == {"drawing": True, "table": False} for v in tab.evaluate(VIEWS))
        first = tab.locator(".mems-views").first
        first.locator("label", has_text="数据表").click()
        assert tab.evaluate(VIEWS)[0] == {"drawing": False, "table": True}
        first.locator(".mems-views__tab").first.click()
        assert tab.evaluate(VIEWS)[0] == {"drawing": True, "table": False}
    finally:
        context.close()


def test_print_pages_carry_contents_running_header_and_page_numbers(site, tab, tmp_path):
    """Each printable edition's PDF: a contents list first, the document's title at the top of
    every page and 'n / total' at its foot, and none of the link-only text (数据页 · 下载CSV)."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        unavailable("pdftotext (poppler-utils) is not installed")
    for page in [p for p in site.pages if p.name == "print.html"]:
        site.open(tab, page)
        tab.emulate_media(media="print")
        pdf = tmp_path / "print.pdf"
        pdf.write_bytes(tab.pdf(format="A4"))
        tab.emulate_media(media="screen")
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        sheets = [s for s in text.split("\f") if s.strip()]
        title = re.search(r'@top-left \{ content: "([^"]+)"', page.read_text("utf-8")).group(1)
        assert len(sheets) >= 5, f"{site.name(page)}: {len(sheets)} pages"
        assert "目录" in sheets[0], f"{site.name(page)}: no contents on the first page"
        for number, sheet in enumerate(sheets, 1):
            lines = [line.strip() for line in sheet.strip().splitlines()]
            assert lines[0].startswith(title), f"{site.name(page)} p.{number}: header {lines[0]!r}"
            assert lines[-1] == f"{number} / {len(sheets)}", f"{site.name(page)} p.{number}: {lines[-1]!r}"
        # Prose may name a data page in a sentence; the source lines' bare links must not print.
        assert "下载CSV" not in text and "数据页 ·" not in text, f"{site.name(page)}: link-only text printed"


# -- the data catalogue and the citations ------------------------------------------------------

# A term and a dataset it must find, by what the dataset holds rather than by its name.
CONTENT_TERMS = [
    ("博世", "white-paper-2020/company_revenue"),  # a company in a cell
    ("597.8", "white-paper-2020/facts"),  # a value as the CSV writes it
    ("万片", "white-paper-2020/wafer_demand_by_size"),  # a unit
    ("需求量", "white-paper-2020/wafer_demand_by_size"),  # a column title
    ("ＭＥＭＳ", "white-paper-2020/facts"),  # full-width letters match as ASCII
]
SHOWN = """() => [...document.querySelectorAll('.mems-catalogue-table tbody tr')]
  .filter(row => !row.hidden).map(row => row.querySelector('code').textContent + '@' + row.dataset.package)"""


def filter_by(tab, text: str) -> None:
    """Type into the filter and wait until the page has applied it (it then rewrites the address)."""
    tab.fill("[data-filter=text]", text)
    tab.wait_for_function(
        "q => q ? new URLSearchParams(location.hash.slice(1)).get('q') === q : !location.hash", arg=text
    )


def shown_ids(tab) -> list[str]:
    return [f"{entry.split('@')[1]}/{entry.split('@')[0]}" for entry in tab.evaluate(SHOWN)]


@pytest.mark.parametrize(("term", "table_id"), CONTENT_TERMS, ids=[t for t, _ in CONTENT_TERMS])
def test_the_catalogue_filter_finds_datasets_by_content(site, tab, term, table_id):
    assert table_id in CATALOG.tables
    site.open(tab, site.root / "data" / "index.html")
    filter_by(tab, term)
    shown = shown_ids(tab)
    assert table_id in shown, f"{term!r} does not find {table_id}: {shown}"
    assert len(shown) < len(CATALOG.tables), f"{term!r} hides nothing"
    assert f"/ {len(CATALOG.tables)} 个数据集" in tab.inner_text(".mems-filter__count")


def test_the_filter_is_kept_in_the_address_and_read_back(site, tab):
    page = site.root / "data" / "index.html"
    site.open(tab, page)
    filter_by(tab, "博世")
    tab.select_option("[data-filter=package]", "white-paper-2020")
    assert tab.url.endswith("#q=%E5%8D%9A%E4%B8%96&doc=white-paper-2020"), tab.url
    expected = shown_ids(tab)
    # Opened afresh from the address, as a bookmark or a sent link would open it.
    other = tab.context.new_page()
    other.goto(tab.url, wait_until="load")
    assert other.input_value("[data-filter=text]") == "博世"
    assert other.input_value("[data-filter=package]") == "white-paper-2020"
    assert shown_ids(other) == expected and expected
    other.close()
    # Clearing the filter shows every dataset and takes the filter out of the address.
    tab.select_option("[data-filter=package]", "")
    filter_by(tab, "")
    assert len(shown_ids(tab)) == len(CATALOG.tables)
    assert tab.evaluate("location.href") == page.as_uri()


def test_a_term_in_no_dataset_says_so(site, tab):
    site.open(tab, site.root / "data" / "index.html")
    filter_by(tab, "没有这个词zzz")
    assert shown_ids(tab) == []
    assert tab.is_visible(".mems-catalogue__none")


def test_the_copy_button_copies_a_citation_with_todays_date(site, tab):
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    site.open(tab, site.root / "white-paper-2020" / "market.html")
    today = date.today().isoformat()
    block = tab.locator("details.mems-cite").last  # the page's own, at its end
    block.locator("summary").click()
    text = block.locator(".mems-cite__text").first.inner_text()
    assert f"[{today}]" in text and "[引用日期]" not in text, text
    assert "https://" in text and "market.html" in text
    from playwright.sync_api import expect

    block.locator(".mems-cite__copy").first.click()
    expect(block.locator(".mems-cite__status")).to_have_text("已复制到剪贴板。")
    assert tab.evaluate("() => navigator.clipboard.readText()") == text.strip()
