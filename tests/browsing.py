"""The built site as a reader's browser (Debian's chromium) gets it from disk, for the browser tests.

Each page is visited once, by the tour below: loaded (the navigation's pages through their links in
the navigation, one from the next), its charts brought to life (and hovered, the first time the
tour sees each), checked by axe-core, seen at a wide screen's width, in print at
paper width and at a phone's width. axe's colour rules judge the first element of each kind the
tour meets (FRESH_KINDS), in light mode and in dark mode through the page's own palette switch.
A second, shorter tour sees every chart once with JavaScript off. What the browser saw is recorded
for the tests to judge (tests/test_tour.py, tests/test_chart_layout.py); the tests of one
behaviour drive the browser themselves (tests/test_browser.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from macros.charts.registry import LAYOUTS

BROWSER_DIR = Path(__file__).resolve().parent / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
VEGA_BUNDLE = "vega-bundle.js"
# A phone's width and a wide screen's: the pages must fit both, and the charts read well on both.
PHONE, WIDE_SCREEN = 375, 1280
WIDTHS = [PHONE, WIDE_SCREEN]
# About the printable width of an A4 page in CSS pixels, so that a table too wide for paper shows.
PAPER_WIDTH = 700
SMALLEST_TEXT = 11
# The smallest text a notice, a table or a source line may have on a phone, in CSS pixels.
SMALLEST_READING_TEXT = 14
# Violations that come from Material's own templates, out of reach of configuration and CSS:
# (rule, element) -> why the rule is not applied to that element.
# (macros/html/theme.py gives Material's search dialog and nav sections the names they lacked.)
THEME_VIOLATIONS: dict[tuple[str, str], str] = {}
# axe's rules that judge colours: those are the same for every element of one kind (FRESH_KINDS,
# below), so they judge the first element of each kind the tour meets, in light and in dark mode.
# The other rules read a page's structure: its elements where they stand, their attributes and
# whether they are named (STRUCTURE, below). They judge a page whole where it shows a structure the
# tour had not judged; the datasets' and the entities' pages, each made by one function from rows
# of data, mostly show none after the first few. (The Nu Html Checker reads every page whole:
# tests/test_standards.py.)
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
ONLY_COLOUR_RULES = {"runOnly": {"type": "rule", "values": COLOUR_RULES}}
ALL_BUT_COLOUR_RULES = {"rules": {rule: {"enabled": False} for rule in COLOUR_RULES}}


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

SHOW_EVERY_CHART = """async () => {
  // A chart out of the window is not rendered (content-visibility: auto) and has not fetched its
  // font: render each, as the reader's scrolling would, and wait for the fonts before measuring.
  document.querySelectorAll('.mems-chart__view').forEach(view => view.style.contentVisibility = 'visible');
  await document.fonts.ready;
  return true;
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

AXE_RUN = """async ([options, freshOnly]) => {
  // preload: false, or axe fetches the stylesheets itself, which file:// refuses (CORS errors).
  // freshOnly: the elements FRESH_KINDS chose (and what they hold), not the whole page; none, and
  // there is nothing to judge (axe takes an empty list to mean the whole page).
  if (freshOnly && !(window.memsFreshKinds || []).length) return [];
  const context = freshOnly ? {include: window.memsFreshKinds} : document;
  const result = await axe.run(context, {resultTypes: ['violations'], preload: false, ...options});
  return result.violations.flatMap(v =>
    v.nodes.map(n => ({rule: v.id, impact: v.impact, help: v.help, target: n.target.join(' '),
                       why: n.failureSummary.split('\\n').slice(-1)[0].trim()})));
}"""

FRESH_KINDS = """(checked) => {
  // The kind of an element: its tag, classes and colour attributes in the chain of its ancestors'
  // tags and classes (what decides its colours and its background). Inside an SVG (a chart), the
  // chain starts at the <svg> and only vega's mark-* and role-* classes count, on the ancestors
  // that carry one: the rest are names vega makes from a chart's structure (concat_1_layer_0_marks)
  // and its depth of nesting, which differ from chart to chart and style nothing. So a chart's
  // parts are one kind wherever the chart stands, and the chart itself is seen in each place.
  // The colour rules judge text and links: of each kind not in `checked`, the first element with
  // text of its own, or link, that the reader can see is kept in window.memsFreshKinds for axe.
  const label = (el, inSvg) => {
    const classes = [...el.classList].sort().filter(c => !inSvg || /^(mark|role)-/.test(c));
    return inSvg && !classes.length ? null : [el.localName, ...classes].join('.');
  };
  // What an element gives its children to stand in: the labels of its chain and its own, and
  // whether it is or stands in an SVG. Kept per element, as its children share it.
  const contexts = new Map();
  const contextOf = el => {
    if (!el) return {chain: [], svg: false};
    if (!contexts.has(el)) {
      const parent = contextOf(el.parentElement);
      const own = label(el, parent.svg);
      const base = parent.svg || el.localName !== 'svg' ? parent.chain : [];
      const chain = own && own !== base[base.length - 1] ? [...base, own] : base;
      contexts.set(el, {chain, svg: parent.svg || el.localName === 'svg'});
    }
    return contexts.get(el);
  };
  const kind = el => {
    const parent = contextOf(el.parentElement);
    const colours = ['fill', 'style'].filter(name => el.hasAttribute(name))
      .map(name => `[${name}=${el.getAttribute(name)}]`).join('');
    return `${parent.chain.join(' > ')} | ${label(el, parent.svg) || el.localName}${colours}`;
  };
  const seen = new Set(checked);
  const fresh = new Map();
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!(text || el.matches('a[href]')) || !el.checkVisibility()) continue;
    const key = kind(el);
    if (!seen.has(key) && !fresh.has(key)) fresh.set(key, el);
  }
  window.memsFreshKinds = [...fresh.values()];
  return [...fresh.keys()];
}"""

STRUCTURE = """(judged) => {
  // What axe's other rules read of an element: its tag and classes in the chain of its ancestors'
  // (inside a chart's SVG, only vega's mark-* and role-* classes, as in FRESH_KINDS), its
  // attributes, with the value of those that take one of a few words (role, type, scope, aria-
  // states), and, for the others and for its text, whether they are empty. Names and numbers
  // (aria-label, href, ids, the text) differ from row to row and page to page; an empty one is a
  // structure of its own. Returned: the page's structures not in `judged`.
  const WORDS = new RegExp('^(role|type|scope|aria-(hidden|expanded|current|checked|selected|'
    + 'pressed|level|live|modal|sort|haspopup|disabled|readonly|required|orientation))$');
  const label = (el, inSvg) => {
    const classes = [...el.classList].sort().filter(c => !inSvg || /^(mark|role)-/.test(c));
    return inSvg && !classes.length ? null : [el.localName, ...classes].join('.');
  };
  const contexts = new Map();
  const contextOf = el => {
    if (!el) return {chain: '', svg: false};
    if (!contexts.has(el)) {
      const parent = contextOf(el.parentElement);
      const own = label(el, parent.svg);
      const chain = own ? `${parent.chain} > ${own}` : parent.chain;
      contexts.set(el, {chain, svg: parent.svg || el.localName === 'svg'});
    }
    return contexts.get(el);
  };
  // Whether each element holds text, children before their parents (reverse document order).
  const elements = [...document.querySelectorAll('*')];
  const holdsText = new Set();
  for (const el of elements.toReversed()) {
    const own = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (own || [...el.children].some(child => holdsText.has(child))) holdsText.add(el);
  }
  const structures = new Set();
  for (const el of elements) {
    const parent = contextOf(el.parentElement);
    const attributes = [...el.attributes].filter(a => a.name !== 'class')
      .map(a => WORDS.test(a.name) ? `${a.name}=${a.value}` : a.value.trim() ? a.name : `${a.name}=`)
      .sort();
    const empty = holdsText.has(el) ? '' : ' (empty)';
    structures.add(`${parent.chain} > ${label(el, parent.svg) || el.localName} [${attributes}]${empty}`);
  }
  const seen = new Set(judged);
  return [...structures].filter(structure => !seen.has(structure));
}"""

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

HOVER_TARGETS = """(name) => {
  // The centres of the biggest marks of the live chart, biggest first; lines and rules last, as the
  // centre of a line's box is seldom on the line.
  const live = document.querySelector(`.mems-chart[data-chart="${name}"] .vega-embed svg`);
  if (!live) return [];
  const thin = mark => !!mark.closest('.mark-line, .mark-rule, .mark-trail');
  return [...live.querySelectorAll('.role-mark:not(.mark-text) path, .role-mark:not(.mark-text) rect')]
    .map(mark => ({thin: thin(mark), box: mark.getBoundingClientRect()}))
    .filter(({box}) => box.width * box.height > 0)
    .sort((a, b) => a.thin - b.thin || b.box.width * b.box.height - a.box.width * a.box.height)
    .slice(0, 6)
    .map(({box}) => [box.x + box.width / 2, box.y + box.height / 2]);
}"""

SHOW_CHART = """async (name) => {
  // Scroll the chart to the middle of the window at once (no smooth scrolling) and let two frames
  // pass: the marks are then where the pointer is sent.
  const figure = document.querySelector(`.mems-chart[data-chart="${name}"]`);
  figure.scrollIntoView({block: 'center', behavior: 'instant'});
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""

TOOLTIP = """() => {
  const tip = document.getElementById('vg-tooltip-element');
  return tip && tip.classList.contains('visible') && tip.checkVisibility() ? tip.innerText : null;
}"""

# The theme eases its colours and drawers from one state to the next; the tour judges where they
# end (a colour caught halfway through a transition fails a contrast check that the page passes).
# The rule is in every page of the tour from its start: added to a loaded page, it restyled the
# whole page once more (a twentieth of the tour's CPU).
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"
WITHOUT_MOTION = f"""{{
  const sheet = new CSSStyleSheet();
  sheet.replaceSync({json.dumps(NO_MOTION)});
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}}"""
MOVING = """() => [...document.querySelectorAll('*')]
  .filter(el => getComputedStyle(el).transitionDuration.split(',').some(d => parseFloat(d) > 0)).length"""

LIVE_LAYOUT_DRAWN = """() => [...document.querySelectorAll('.mems-chart[data-interactive="yes"]')]
  .every(figure => {
  // charts.js redraws a live chart in the layout that suits its new width (from the wide width up).
  const view = figure.querySelector('.mems-chart__view');
  return figure.dataset.liveLayout === (view.clientWidth >= WIDE ? 'wide' : 'narrow');
})""".replace("WIDE", str(LAYOUTS["wide"]))


NAV_LINK = ".md-sidebar--primary a.md-nav__link[href]"
NAV_TARGETS = """(selector) => [...new Set([...document.querySelectorAll(selector)].map(a => a.href))]
  .filter(href => href.startsWith('file://') && !href.includes('#'))"""
VISIBLE_NAV_LINK = """([selector, target]) => [...document.querySelectorAll(selector)]
  .findIndex(a => a.href === target && a.checkVisibility())"""

# What a reader sees of the checking machinery on a page as it loads: the passing checks folded
# into (at most) one summary line, every finding shown in full (tests/test_tour.py).
VISIBLE_PASSES = """() => {
  const passes = [...document.querySelectorAll('article .mems-check[data-consistent="true"]')];
  const summaries = [...document.querySelectorAll('article details.mems-passes > summary')];
  return {
    passes: passes.length,
    shown: passes.filter(p => p.checkVisibility()).map(p => p.id),
    summaries: summaries.filter(s => s.checkVisibility()).map(s => s.textContent.trim()),
    findings: [...document.querySelectorAll('article .mems-check[data-consistent="false"]')]
      .filter(f => !f.checkVisibility()).map(f => f.id),
  };
}"""

# The words a reader sees: the article's rendered text without the citations (which carry the
# page's address) and without anything closed.
READERS_TEXT = """() => {
  // Hidden by a style for the reading, not cut from a copy: a copy added to the page would be
  // seen by the page's own scripts, which the tour goes on to judge.
  const hide = document.createElement('style');
  hide.textContent = 'article :is(.mems-cite, .mems-figure__tools, .headerlink) { display: none !important }';
  document.head.appendChild(hide);
  const text = document.querySelector('article').innerText;
  hide.remove();
  return text;
}"""

# Reading text under `smallest` CSS pixels in a notice, a table or a source line (a phone is where
# it matters: the tour runs it at a phone's width).
SMALL_TEXT = """(smallest) => {
  const selector = ['.admonition', '.admonition *', 'table th', 'table td', 'table td *', '.mems-source',
    '.mems-source *', '.mems-note', 'details.mems-passes summary', '.mems-docfigure__status']
    .map(s => 'article ' + s).join(', ');
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.checkVisibility()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const text = el.textContent.trim().slice(0, 16);
    if (size < smallest - 0.05) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px: ${text}`);
  }
  return [...new Set(small)].slice(0, 5);
}"""

CHART_NAME = re.compile(r'class="mems-figure mems-chart"[^>]* data-chart="([^"]+)"')
# What the browser may not fetch: anything not on the disk. Only those requests are held (and
# stopped); the others are recorded as they go. Holding every file:// request to let it go on
# cost the browser, its driver and the test a tenth of each page load's CPU.
OFF_THE_DISK = re.compile(r"^(?!file:)")

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
        context.on("request", lambda request: self.visit.requests.append(request.url))
        context.route(OFF_THE_DISK, self._block)
        return context

    def _block(self, route) -> None:
        self.visit.blocked.append(route.request.url)
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

    def follow(self, tab, link) -> Visit:
        """Click `link` in `tab`, as a reader does, recording the next page's requests and errors."""
        self.visit = Visit()
        with tab.expect_navigation(wait_until="load"):
            link.click()
        return self.visit

    def name(self, page: Path) -> str:
        return page.relative_to(self.root).as_posix()

    def path_of(self, url: str) -> Path:
        return Path(unquote(urlsplit(url).path))

    def has_charts(self, page: Path) -> bool:
        return 'class="mems-figure mems-chart"' in page.read_text(encoding="utf-8")

    def chart_pages(self, pages: list[Path] | None = None) -> list[Path]:
        """Pages with charts (of `pages`, or of the site); the whole-document print pages first, as
        they hold every chart."""
        charted = [p for p in (self.pages if pages is None else pages) if self.has_charts(p)]
        return sorted(charted, key=lambda p: p.name != "print.html")


def is_readers_page(name: str) -> bool:
    """The chapters, the documents' front and data-notes pages, the figure lists, the comparison,
    the entities and the home page: every page but the data pages (made for looking values up) and
    the printable editions (which gather the chapters)."""
    return not name.startswith("data/") and not name.endswith("print.html")


def report(failures: list[str]) -> str:
    return f"{len(failures)} problem(s):\n" + "\n".join(failures)


def page_text(path: Path) -> str:
    """The readable text of a page's article, without tags."""
    html = path.read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S)
    return re.sub(r"<[^>]+>", "", article.group(0) if article else html)


def axe_findings(tab, axe: Path | None, options: dict, fresh_only: bool = False) -> list[str] | None:
    """axe-core violations of any impact on the page (or only in the elements FRESH_KINDS kept),
    less the theme's own (see above)."""
    if axe is None:
        return None
    if not tab.evaluate("() => 'axe' in window"):
        # By its address, not as inline text: V8 keeps a compiled script by its source and address,
        # so axe's half megabyte is compiled once for the tour instead of once a page.
        tab.add_script_tag(url=axe.as_uri())
    return [
        f"{v['impact']} {v['rule']} ({v['help']}) at {v['target']}: {v['why']}"
        for v in tab.evaluate(AXE_RUN, [options, fresh_only])
        if (v["rule"], v["target"]) not in THEME_VIOLATIONS
    ]


# -- the tours -----------------------------------------------------------------------------------


@dataclass
class DarkView:
    """The page after the reader switched it to dark mode."""

    scheme: str
    charts: list[dict]
    contrast: list[str] | None  # axe's colour rules on the page's fresh kinds (FRESH_KINDS)


@dataclass
class PageReport:
    name: str
    has_charts: bool
    visit: Visit
    clicked: bool  # reached by a click on the previous page's navigation, not opened by address
    navigation: list[str]  # what went wrong in reaching it through the navigation, or leaving it
    charts_as_built: list[dict]
    chart_states: list[str]
    charts_live: list[dict]
    layouts: dict[int, dict]
    measured: dict[int, list[dict]]  # the live charts' text, measured at each width
    tooltips: dict[str, str | None]  # what hovering each chart first seen here showed (None: nothing)
    printed: dict
    axe: list[str] | None
    fresh_kinds: list[str]  # the kinds of element the colour rules first judged here (FRESH_KINDS)
    structures: list[str]  # the structures the other rules first judged here (STRUCTURE)
    dark: DarkView | None  # seen on some pages only (take_tour)
    passes: dict  # the passing checks and findings as the page loads (VISIBLE_PASSES)
    readers_text: str | None  # the article's words, on readers' pages only (READERS_TEXT)
    small_text: list[str]  # reading text under SMALLEST_READING_TEXT at a phone's width


def switch_scheme(tab, to: str) -> None:
    """Click the palette switch in the header, as a reader does, until the page shows `to`."""
    # The switch's own radio button, clicked in the page: a pointer on the header button would
    # raise its tooltip, which then fades in over the page axe is checking.
    tab.evaluate(
        "to => document.querySelector(`input[name=__palette][data-md-color-scheme=${to}]`).click()", to
    )
    tab.wait_for_function("to => document.body.dataset.mdColorScheme === to", arg=to)


def hover_charts(tab, names: list[str]) -> dict[str, str | None]:
    """Move the pointer over the biggest marks of each named live chart, as a reader does, until one
    shows the chart's tooltip: what it showed, by chart (None: no mark showed one)."""
    shown = {}
    for name in names:
        tab.evaluate(SHOW_CHART, name)
        shown[name] = None
        for x, y in tab.evaluate(HOVER_TARGETS, name):
            tab.mouse.move(x, y)
            try:
                tab.wait_for_function(TOOLTIP, timeout=1000)
            except PlaywrightTimeout:
                continue
            shown[name] = tab.evaluate(TOOLTIP)
            break
        tab.mouse.move(0, 0)
    tab.evaluate("window.scrollTo(0, 0)")
    return shown


def take_tour(site: Site, pages: list[Path], context, axe: Path | None) -> list[PageReport]:
    """Each of `pages`, once, in one tab of a light-mode reader. The home page comes first, then the
    pages of the primary navigation, each reached as a reader does, by a click on its link in the
    navigation of the page before (and the last one's navigation must lead home), then the others.
    The widths come wide first, then paper, then phone: the live charts are drawn wide, and redrawn
    narrow once, for paper and phone alike. axe's colour rules judge the elements of kinds the tour
    had not met (FRESH_KINDS), in light mode and then in dark mode (a restyle of the whole page), on
    the page that first shows them; a page is switched to dark too when it shows a chart not yet
    seen in dark. axe's other rules judge a page whole where it shows a structure (STRUCTURE) they
    had not judged. `context` is the tour's own: every page opened in it is without motion."""
    reports = []
    checked: list[str] = []  # the kinds of element the colour rules have judged
    judged: list[str] = []  # the structures the other rules have judged
    seen_dark: set[str] = set()  # the charts seen in dark mode
    hovered: set[str] = set()  # each chart is hovered on the first page that shows it
    context.add_init_script(WITHOUT_MOTION)
    tab = site.new_tab(context)
    home = site.root / "index.html"
    order = [home, *(p for p in pages if p != home)]
    navigation: list[Path] = []  # the pages the home page's navigation links to, in its order
    for number, page in enumerate(order):
        problems = []
        if page in navigation:
            visit, clicked = reach_by_navigation(site, tab, page, problems), True
        else:
            # Opened at the phone width the last page ended at, before its charts turn live:
            # widening it then lays out static SVGs only.
            visit, clicked = site.open(tab, page), False
        if number == 0:
            if moving := tab.evaluate(MOVING):
                raise RuntimeError(f"the tour's pages still move: {moving} elements ease between states")
            navigation = [site.path_of(url) for url in tab.evaluate(NAV_TARGETS, NAV_LINK)]
            navigation = [p for p in navigation if p in order and p != home]
            # The others smallest first: a kind of element the colour rules have not judged is
            # then judged on the smallest page that shows it (their cost grows with the page).
            others = sorted((p for p in order[1:] if p not in navigation), key=lambda p: p.stat().st_size)
            order[1:] = navigation + others
        headings = tab.locator("article h1")
        if clicked and not (headings.count() and headings.first.inner_text().strip()):
            problems.append(f"clicking the link to {site.name(page)} opened a page without a heading")
        tab.set_viewport_size({"width": WIDE_SCREEN, "height": 900})
        tab.evaluate("document.fonts.ready.then(() => true)")
        passes = tab.evaluate(VISIBLE_PASSES)
        charts_as_built = tab.evaluate(CHART_STATE)
        chart_states = tab.evaluate(LIVEN_CHARTS)
        charts_live = tab.evaluate(CHART_STATE)
        fresh = tab.evaluate(FRESH_KINDS, checked)
        structures = tab.evaluate(STRUCTURE, judged)
        findings = axe_findings(tab, axe, ALL_BUT_COLOUR_RULES) if structures or axe is None else []
        judged += structures
        if fresh and findings is not None:
            findings += axe_findings(tab, axe, ONLY_COLOUR_RULES, fresh_only=True)
        layouts = {WIDE_SCREEN: tab.evaluate(LAYOUT)}
        readers_text = tab.evaluate(READERS_TEXT) if is_readers_page(site.name(page)) else None
        measured = {WIDE_SCREEN: tab.evaluate(MEASURE)}
        tooltips = hover_charts(tab, [c["name"] for c in charts_live if c["name"] not in hovered])
        hovered |= set(tooltips)
        # The navigation goes round: the last of its pages leads home again.
        last = bool(navigation) and page == navigation[-1]
        if last and tab.evaluate(VISIBLE_NAV_LINK, [NAV_LINK, home.as_uri()]) < 0:
            problems.append(f"{site.name(page)}: no visible navigation link to {site.name(home)}")
        dark = None
        if fresh or {c["name"] for c in charts_live} - seen_dark:
            # Dark mode as the reader turns it on: the same page, the scheme switched in place; the
            # switch back leaves the next page light (Material keeps the choice for the whole site).
            switch_scheme(tab, "slate")
            dark = DarkView(
                tab.evaluate("document.body.dataset.mdColorScheme"),
                tab.evaluate(DARK_CHARTS),
                axe_findings(tab, axe, ONLY_COLOUR_RULES, fresh_only=True) if fresh else [],
            )
            switch_scheme(tab, "default")
            seen_dark |= {c["name"] for c in dark.charts}
        checked += fresh
        tab.set_viewport_size({"width": PAPER_WIDTH, "height": 1000})
        tab.emulate_media(media="print")
        printed = tab.evaluate(PRINTED)
        tab.emulate_media(media="screen")
        tab.set_viewport_size({"width": PHONE, "height": 900})
        tab.wait_for_function(LIVE_LAYOUT_DRAWN)
        layouts[PHONE] = tab.evaluate(LAYOUT)
        measured[PHONE] = tab.evaluate(MEASURE)
        small_text = tab.evaluate(SMALL_TEXT, SMALLEST_READING_TEXT)
        reports.append(
            PageReport(
                site.name(page),
                site.has_charts(page),
                visit,
                clicked,
                problems,
                charts_as_built,
                chart_states,
                charts_live,
                layouts,
                measured,
                tooltips,
                printed,
                findings,
                fresh,
                structures,
                dark,
                passes,
                readers_text,
                small_text,
            )
        )
    tab.close()
    return reports


def reach_by_navigation(site: Site, tab, page: Path, problems: list[str]) -> Visit:
    """Click the link to `page` in the primary navigation of the page in `tab`, at a wide screen's
    width (on a phone the navigation is a drawer); where there is none to click, open it by address
    and say so in `problems`."""
    came_from = site.name(site.path_of(tab.url))
    tab.set_viewport_size({"width": WIDE_SCREEN, "height": 900})
    index = tab.evaluate(VISIBLE_NAV_LINK, [NAV_LINK, page.as_uri()])
    if index < 0:
        problems.append(f"{came_from}: no visible navigation link to {site.name(page)}")
        return site.open(tab, page)
    visit = site.follow(tab, tab.locator(NAV_LINK).nth(index))
    if site.path_of(tab.url) != page:
        problems.append(f"{came_from}: the navigation link to {site.name(page)} opened {tab.url}")
    return visit


@dataclass
class StaticReport:
    """A chart page with JavaScript off, at one width: the charts as the HTML carries them."""

    name: str
    width: int
    charts: list[dict]
    measured: list[dict]


def take_static_tour(site: Site, pages: list[Path]) -> list[StaticReport]:
    """The fewest of `pages` that together show every chart (the whole-document print pages), with
    JavaScript off, at a wide screen's and then a phone's width (one load each: without scripts,
    narrowing the window is all that changes the charts). A chart's HTML, static SVGs and column
    are the same on every page that shows it; each page's charts as built are seen by the tour."""
    context = site.new_context(java_script_enabled=False)
    tab = site.new_tab(context)
    reports = []
    try:
        for page in fewest_pages_showing_every_chart(site.chart_pages(pages)):
            tab.set_viewport_size({"width": WIDE_SCREEN, "height": 900})
            site.open(tab, page)
            tab.evaluate(SHOW_EVERY_CHART)
            for width in (WIDE_SCREEN, PHONE):
                tab.set_viewport_size({"width": width, "height": 900})
                reports.append(
                    StaticReport(site.name(page), width, tab.evaluate(CHART_STATE), tab.evaluate(MEASURE))
                )
    finally:
        context.close()
    return reports


def fewest_pages_showing_every_chart(pages: list[Path]) -> list[Path]:
    """The fewest of `pages`, chosen greedily in their order, that together show every chart any of
    them shows."""
    shown = {page: set(CHART_NAME.findall(page.read_text(encoding="utf-8"))) for page in pages}
    missing, chosen = set().union(*shown.values()), []
    while missing:
        best = max(pages, key=lambda p: (len(shown[p] & missing), -pages.index(p)))
        chosen.append(best)
        missing -= shown[best]
    return chosen
