"""Text from data/ is data, by every route: a build whose fields hold markup, script, template
code, forged tokens and outside images shows each as text, runs none of it and loads nothing.

The static half reads every built file with an HTML parser; the browser half opens the pages from
file://, hovers, clicks, searches and filters, with a dialog hook and a marker that any script
planted by the data would set.
"""

from __future__ import annotations

import contextlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from browsing import LIVEN_CHARTS, OFF_THE_DISK
from conftest import build, copy_project
from payloads import MARKER, poison_project

# Attributes the theme and our pages may carry; anything else starting with "on" came from data.
OUTSIDE = ("http://", "https://", "//")


@pytest.fixture(scope="session")
def payload_site(tmp_path_factory, chart_cache) -> Path:
    project = poison_project(copy_project(tmp_path_factory.mktemp("payload-project")))
    result = build(project, chart_cache)
    assert result.returncode == 0, f"the payload project does not build:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
    return project / "site"


class Elements(HTMLParser):
    """Every element of a page, with its attributes, and the text of its scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html")) + sorted(site.rglob("*.svg"))


def test_no_payload_becomes_markup(payload_site):
    found = []
    for path in pages(payload_site):
        parsed = parse(path)
        name = path.relative_to(payload_site)
        for tag, attrs in parsed.elements:
            for key, value in attrs.items():
                value = value or ""
                if key.startswith("on"):
                    found.append(f"{name}: <{tag} {key}=…>")
                if key in ("href", "src", "xlink:href") and value.strip().lower().startswith("javascript:"):
                    found.append(f"{name}: <{tag} {key}={value!r}>")
                if key in ("src", "srcset", "data") and value.startswith(OUTSIDE):
                    found.append(f"{name}: <{tag} {key}={value!r}> loads from another host")
            if tag == "img" and attrs.get("src") == "x":
                found.append(f"{name}: an <img src=x> from the data")
        found += [f"{name}: a script from the data" for s in parsed.scripts if "memsPwned" in s]
    assert not found, "\n".join(found[:30])


def test_template_code_in_data_never_runs(payload_site):
    ran = [p for p in pages(payload_site) if MARKER + "49" in p.read_text(encoding="utf-8")]
    assert not ran, f"template code from data/ ran on: {ran[:5]}"
    shown = [p for p in payload_site.rglob("*.html") if "{{ 'PWNED' ~ 7*7 }}" in "".join(parse(p).text)]
    assert shown, "the template payload is shown as text on no page (negative control)"


def test_payloads_read_as_the_text_they_are(payload_site):
    facts = parse(payload_site / "data" / "white-paper-2020" / "facts.html")
    text = "".join(facts.text)
    for payload in ("<img src=x onerror=window.memsPwned=1>", "[点我](javascript:window.memsPwned=1)"):
        assert payload in text, f"{payload!r} is not shown as text on the facts page"
    assert "*强调* _下划_ `代码`" in text, "Markdown signs in data were read as Markdown"


def test_forged_tokens_stay_text(payload_site):
    html = "".join(parse(payload_site / "white-paper-2020" / "print.html").text)
    assert "MEMSSTASH000001X MEMS0123456789abcdefN000001X" in html


def test_no_file_of_the_build_has_a_script_from_data(payload_site):
    """Chart specs are JavaScript files: a payload in them is a string that cannot end the script."""
    for spec in payload_site.rglob("*.spec.js"):
        text = spec.read_text(encoding="utf-8")
        assert "</script" not in text.lower() and "<img" not in text.lower(), spec


# -- in a browser ----------------------------------------------------------------------------

TRAP = """() => {
  window.memsDialogs = [];
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (message) => { window.memsDialogs.push(String(message)); };
  }
}"""
RAN = "() => ({marker: !!window.memsPwned, dialogs: (window.memsDialogs || []).length})"
# Elements that show something when the pointer is over them or they get focus: quoted values,
# diagrams, the theme's tooltips (title), and the marks of the live charts.
HOVERED = (".mems-q", ".mems-chart__view", ".mems-docfigure", "[title]", ".vega-embed .role-mark > *")
POINT_AT_EVERY = """async (selectors) => {
  // What a pointer resting on each element sends, at its centre, and then a focus: every element,
  // where a real pointer (below) visits a few of each kind.
  const elements = selectors.flatMap(selector => [...document.querySelectorAll(selector)]);
  for (const element of elements) {
    const box = element.getBoundingClientRect();
    const at = {bubbles: true, cancelable: true, view: window,
                clientX: box.x + box.width / 2, clientY: box.y + box.height / 2};
    for (const type of ['pointerover', 'pointerenter', 'pointermove'])
      element.dispatchEvent(new PointerEvent(type, at));
    for (const type of ['mouseover', 'mouseenter', 'mousemove'])
      element.dispatchEvent(new MouseEvent(type, at));
    element.dispatchEvent(new FocusEvent('focusin', {bubbles: true}));
    element.dispatchEvent(new FocusEvent('focus'));
  }
  await new Promise(resolve => setTimeout(resolve, 100));
  return elements.length;
}"""


@pytest.mark.browser
def test_no_script_runs_and_nothing_is_fetched_in_a_browser(payload_site, browser):
    outside, ran, dialogs = [], [], []
    chosen = [
        "index.html",
        "data/index.html",
        "data/white-paper-2020/facts.html",
        "data/white-paper-2020/policies.html",
        "white-paper-2020/market.html",
        "white-paper-2020/figures.html",
        "white-paper-2020/print.html",
        "market-report-2026/data-notes.html",
        "compare.html",
        "entities/broadcom.html",
    ]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.route(OFF_THE_DISK, lambda route: (outside.append(route.request.url), route.abort()))
    context.add_init_script(f"({TRAP})()")
    tab = context.new_page()
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for name in chosen:
        tab.goto((payload_site / name).as_uri(), wait_until="load")
        tab.evaluate(LIVEN_CHARTS)
        # Links are followed below, search is tried below; here what shows something on hover.
        tab.evaluate(POINT_AT_EVERY, list(HOVERED))
        for selector in HOVERED:
            for element in tab.locator(f"{selector}:visible").all()[:4]:
                # Forced: the pointer goes to the element's centre at once, without Playwright's
                # wait for it to stand still and uncovered (over a covered one, what covers it
                # gets the pointer). An element gone from the page by then is passed over.
                with contextlib.suppress(PlaywrightError):
                    element.hover(timeout=1000, force=True)
        if tab.locator("[data-filter=text]").count():
            tab.locator("[data-filter=text]").fill("<img src=x onerror=window.memsPwned=1>")
        state = tab.evaluate(RAN)
        if state["marker"] or state["dialogs"]:
            ran.append(f"{name}: {state}")
    # Search: one index serves every page, and its results show the payloads' text.
    tab.goto((payload_site / "index.html").as_uri(), wait_until="load")
    tab.locator(".md-search__input").click()
    tab.keyboard.type("onerror")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_selector(".md-search-result__item", timeout=10000)
    for element in tab.locator(".md-search-result__item:visible").all()[:12]:
        element.hover(timeout=1000)
    state = tab.evaluate(RAN)
    if state["marker"] or state["dialogs"]:
        ran.append(f"search results: {state}")
    tab.keyboard.press("Escape")
    # Every page the facts page links to, opened once: none may run anything. (A link's fragment
    # only scrolls: no script of the site reads it.)
    tab.goto((payload_site / "data/white-paper-2020/facts.html").as_uri(), wait_until="load")
    hrefs = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href.split('#')[0])")
    followed = sorted({href for href in hrefs if href.startswith("file://") and ".html" in href})
    assert len(followed) > 5, f"the facts page links to too few pages: {followed}"
    opened = {(payload_site / name).as_uri() for name in chosen}
    for href in sorted(set(followed) - opened):
        tab.goto(href, wait_until="load")
        state = tab.evaluate(RAN)
        if state["marker"] or state["dialogs"]:
            ran.append(f"{href}: {state}")
    context.close()
    assert not ran and not dialogs, f"a payload ran: {ran} {dialogs}"
    assert not outside, f"a page asked another host for {sorted(set(outside))[:5]}"


@pytest.mark.browser
def test_a_title_from_data_in_a_phones_header_stays_text(payload_site, browser):
    """On a phone, once the reader scrolls past a page's heading, the header shows the page's title
    cut off; Material's script made a cut-off title a tooltip whose text it set as HTML, so a
    dataset's or an entity's title from data/ ran there (macros/html/theme.py stops it)."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, service_workers="block")
    context.add_init_script(f"({TRAP})()")
    tab = context.new_page()
    ran = []
    for name in ("data/white-paper-2020/policies.html", "entities/broadcom.html"):
        tab.goto((payload_site / name).as_uri(), wait_until="load")
        tab.mouse.wheel(0, 3000)
        tab.wait_for_timeout(300)
        header = tab.locator('[data-md-component="header-topic"]')
        assert "onerror" in header.inner_text() or name.startswith("entities/"), "the title is not poisoned"
        with contextlib.suppress(PlaywrightError):
            header.hover(timeout=1000, force=True)
        tab.wait_for_timeout(300)
        state = tab.evaluate(RAN)
        if state["marker"] or state["dialogs"]:
            ran.append(f"{name}: {state}")
    context.close()
    assert not ran, ran
