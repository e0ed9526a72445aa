"""Text from data/ is data, by every route: a build whose fields hold markup, script, template
code, forged tokens and outside images shows each as text, runs none of it and loads nothing.

The static half reads every built file with an HTML parser; the browser half opens from file://
the fewest pages that hold every kind of element showing data, points at, filters and searches
them, with a dialog hook and a marker that any script planted by the data would set.
"""

from __future__ import annotations

import contextlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from browsing import LIVEN_CHARTS, OFF_THE_DISK
from payloads import MARKER

# Attributes the theme and our pages may carry; anything else starting with "on" came from data.
OUTSIDE = ("http://", "https://", "//")


@pytest.fixture(scope="session")
def payload_site(changed_site) -> Path:
    """The changed site (conftest.changed_site): every free text of its data/ holds the payloads."""
    return changed_site


# Elements that hold no content and get no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# What every field the payloads poison holds (payloads.ALL): where it shows, the data's text shows.
POISONED = "memsPwned"


class Elements(HTMLParser):
    """Every element of a page, with its attributes, the text of its scripts, and the kinds of
    element that show a poisoned text: the element (tag and classes) under its parent for a text,
    the element and the attribute for an attribute's value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.kinds: set[str] = set()
        self._open: list[tuple[str, str]] = []  # (tag, tag and classes) of each open element

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        kind = ".".join([tag, *sorted((attrs.get("class") or "").split())])
        self.kinds |= {f"{kind}[{key}]" for key, value in attrs.items() if POISONED in (value or "")}
        if tag not in VOID:
            self._open.append((tag, kind))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        in_script = bool(self._open) and self._open[-1][0] == "script"
        (self.scripts if in_script else self.text).append(data)
        if POISONED in data:
            self.kinds.add(" > ".join(kind for _, kind in self._open[-2:]))


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html")) + sorted(site.rglob("*.svg"))


@pytest.fixture(scope="module")
def parsed(payload_site) -> dict[str, Elements]:
    """Every page and chart file of the payload site, parsed once, by its path in the site."""
    return {path.relative_to(payload_site).as_posix(): parse(path) for path in pages(payload_site)}


def test_no_payload_becomes_markup(parsed):
    found = []
    for name, page in parsed.items():
        for tag, attrs in page.elements:
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
        found += [f"{name}: a script from the data" for s in page.scripts if POISONED in s]
    assert not found, "\n".join(found[:30])


def test_template_code_in_data_never_runs(payload_site, parsed):
    ran = [p for p in pages(payload_site) if MARKER + "49" in p.read_text(encoding="utf-8")]
    assert not ran, f"template code from data/ ran on: {ran[:5]}"
    shown = [name for name, page in parsed.items() if "{{ 'PWNED' ~ 7*7 }}" in "".join(page.text)]
    assert shown, "the template payload is shown as text on no page (negative control)"


def test_payloads_read_as_the_text_they_are(parsed):
    text = "".join(parsed["data/white-paper-2020/facts.html"].text)
    for payload in ("<img src=x onerror=window.memsPwned=1>", "[点我](javascript:window.memsPwned=1)"):
        assert payload in text, f"{payload!r} is not shown as text on the facts page"
    assert "*强调* _下划_ `代码`" in text, "Markdown signs in data were read as Markdown"


def test_forged_tokens_stay_text(parsed):
    html = "".join(parsed["white-paper-2020/print.html"].text)
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
# diagrams, the theme's tooltips (title), the marks of the live charts and the search results.
HOVERED = (
    ".mems-q",
    ".mems-chart__view",
    ".mems-docfigure",
    "[title]",
    ".vega-embed .role-mark > *",
    ".md-search-result__item",
)
POINT_AT_EVERY = """async (selectors) => {
  // What a pointer resting on each element sends, at its centre, and then a focus: every element
  // of each kind, in one go. A real pointer, moved to each element and waited for, took seconds a
  // page for a few of each kind; the scripts that listen (the theme's tooltips, vega's, the quoted
  // values' tips) read these events as they read a reader's, and a tip written as HTML runs.
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
  // The tooltips the pointing left open: the control that it reached the scripts that show them.
  return {theme: document.querySelectorAll('.md-tooltip--active').length,
          chart: document.querySelectorAll('#vg-tooltip-element.visible').length};
}"""


def pages_showing_every_kind(parsed: dict[str, Elements]) -> list[str]:
    """As few pages as together hold every kind of element that shows text from the data
    (Elements.kinds): each next page is the one with the most kinds that no page before it had.
    The pages of one kind run the same scripts over the same elements; a new kind of page, or a
    new kind of element on a page, is visited without a change here."""
    kinds = {name: page.kinds for name, page in parsed.items() if name.endswith(".html")}
    left, chosen = set().union(*kinds.values()), []
    while left:
        page = max(sorted(kinds), key=lambda name: len(kinds[name] & left))
        chosen.append(page)
        left -= kinds[page]
    return chosen


def test_the_pages_visited_hold_every_kind_of_element_with_data(parsed):
    """The control for the browser test below: the pages it visits hold every kind of element that
    shows data on any page, the ones the site's scripts act on among them."""
    pages = {name: page for name, page in parsed.items() if name.endswith(".html")}
    every = set().union(*(page.kinds for page in pages.values()))
    visited = set().union(*(pages[name].kinds for name in pages_showing_every_kind(parsed)))
    assert visited == every, sorted(every - visited)
    acted_on = [
        "a.mems-q[data-tip]",  # values.js places the source tip
        "div.mems-cite__entry > p.mems-cite__text",  # cite.js copies the citation
        "td.mems-catalogue__name > a",  # tables.js filters the catalogue
        "div.md-header__topic > span.mems-ellipsis",  # the theme's header (macros/html/theme.py)
        "g.mark-text.role-axis-title > text",  # a chart that charts.js makes live
    ]
    missing = [kind for kind in acted_on if kind not in every]
    assert not missing, f"no page shows data in {missing}: does Elements still find them?"


@pytest.mark.browser
def test_no_script_runs_and_nothing_is_fetched_in_a_browser(payload_site, parsed, browser):
    outside, ran, dialogs, tooltips = [], [], [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.route(OFF_THE_DISK, lambda route: (outside.append(route.request.url), route.abort()))
    context.add_init_script(f"({TRAP})()")
    tab = context.new_page()
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def check(where: str) -> None:
        state = tab.evaluate(RAN)
        if state["marker"] or state["dialogs"]:
            ran.append(f"{where}: {state}")

    for name in pages_showing_every_kind(parsed):
        tab.goto((payload_site / name).as_uri(), wait_until="load")
        tab.evaluate(LIVEN_CHARTS)
        tooltips.append(tab.evaluate(POINT_AT_EVERY, list(HOVERED)))
        if tab.locator("[data-filter=text]").count():
            tab.locator("[data-filter=text]").fill("<img src=x onerror=window.memsPwned=1>")
        check(name)
    # Search: one index serves every page, and its results show the payloads' text.
    tab.goto((payload_site / "index.html").as_uri(), wait_until="load")
    tab.locator(".md-search__input").click()
    tab.keyboard.type("onerror")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_selector(".md-search-result__item", timeout=10000)
    tab.evaluate(POINT_AT_EVERY, list(HOVERED))
    check("search results")
    context.close()
    assert not ran and not dialogs, f"a payload ran: {ran} {dialogs}"
    assert not outside, f"a page asked another host for {sorted(set(outside))[:5]}"
    assert any(shown["theme"] for shown in tooltips), "no theme tooltip opened: the pointing reached nothing"
    assert any(shown["chart"] for shown in tooltips), "no chart tooltip opened: the pointing reached nothing"


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
