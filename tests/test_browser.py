"""The built site in a real browser (Debian's chromium): read from disk with no network, its charts,
navigation, search, layouts from phone to wide screen, dark mode, print and accessibility, the
catalogue's filter and the citations' copy button.

Each test here drives the browser through one behaviour (search, lazy loading, PDF, tables, the
catalogue); what every page shows, and its tooltips and navigation, are judged from the tour, in
tests/test_tour.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from browsing import VEGA_BUNDLE, page_text
from conftest import HOW_TO_GET_IT, unavailable
from test_data import CATALOG

pytestmark = pytest.mark.browser

SEARCH_TERMS = ["传感器", "晶圆"]
# Pages a reader whose system is dark opens first: one of each kind (home, chapter, print, data).
FIRST_IN_DARK = [
    "index.html",
    "white-paper-2020/market.html",
    "white-paper-2020/print.html",
    "data/index.html",
]


# -- behaviours, each driven here ------------------------------------------------------------------


def test_a_request_off_the_disk_is_stopped_and_recorded(site, tab):
    """The control for the tour's finding that no page asks another host for anything: such a
    request is stopped and recorded, and the page's own files are recorded as they load."""
    site.open(tab, site.root / "index.html")
    refused = tab.evaluate("() => fetch('https://outside.example/x.png').then(() => false, () => true)")
    assert refused and site.visit.blocked == ["https://outside.example/x.png"], site.visit.blocked
    assert site.visit.requests[0] == (site.root / "index.html").as_uri(), site.visit.requests[:3]
    assert any(url.endswith(".css") for url in site.visit.requests), site.visit.requests


def test_a_reader_whose_system_is_dark_gets_the_slate_scheme(site):
    """Material picks the scheme from the system's preference on a reader's first page."""
    context = site.new_context(color_scheme="dark")
    tab = site.new_tab(context)
    try:
        schemes = {}
        for name in FIRST_IN_DARK:
            site.open(tab, site.root / name)
            schemes[name] = tab.evaluate("document.body.dataset.mdColorScheme")
    finally:
        context.close()
    assert schemes == {name: "slate" for name in FIRST_IN_DARK}, schemes


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_chinese_search_finds_the_pages_that_use_the_term(site, tab, term):
    """Typing a Chinese word lists pages that contain it; the first result opens such a page."""
    assert any(term in page_text(p) for p in site.pages), f"no page contains {term}: choose another term"
    site.open(tab, site.root / "index.html")
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


def test_vega_loads_only_when_a_chart_comes_into_view(site, tab):
    """Scrolling a chart into view is what fetches the vega bundle: a page whose first chart is
    further down does not fetch it at load. One such page shows it: every page's charts are made
    live by the same script (charts.js)."""
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
        break
    assert checked, "no page has a chart below the fold to check lazy loading with"


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


def test_each_whole_document_prints_with_contents_running_header_and_page_numbers(site, tab, tmp_path):
    """Each printable edition printed to an A4 PDF: several pages, a contents list first, the
    document's title at the top of every page and 'n / total' at its foot, and none of the link-only
    text (数据页 · 下载CSV). (That a live chart gives way to its static SVG on paper, the tour sees on
    every page: tests/test_tour.py.)"""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        unavailable(f"pdftotext (poppler-utils) is not installed: {HOW_TO_GET_IT}")
    print_pages = [p for p in site.pages if p.name == "print.html"]
    assert print_pages, "no print page (print.html) in the built site"
    for page in print_pages:
        site.open(tab, page)
        tab.emulate_media(media="print")
        pdf = tmp_path / "print.pdf"
        pdf.write_bytes(tab.pdf(format="A4"))
        tab.emulate_media(media="screen")
        assert pdf.read_bytes().startswith(b"%PDF"), f"{site.name(page)}: the print is not a PDF"
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        sheets = [s for s in text.split("\f") if s.strip()]
        title = re.search(r'@top-left \{ content: "([^"]+)"', page.read_text("utf-8")).group(1)
        assert len(sheets) >= 5, f"{site.name(page)}: {len(sheets)} pages"
        assert "目录" in sheets[0], f"{site.name(page)}: no contents on the first page"
        for number, sheet in enumerate(sheets, 1):
            lines = [line.strip() for line in sheet.strip().splitlines()]
            # pdftotext may put a space where the font changes, as from the title's Latin digits to
            # its CJK characters: the header is compared without spaces.
            header, expected = "".join(lines[0].split()), "".join(title.split())
            assert header.startswith(expected), f"{site.name(page)} p.{number}: header {lines[0]!r}"
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
  .filter(row => !row.hidden).map(row => row.dataset.dataset + '@' + row.dataset.package)"""


def filter_by(tab, text: str) -> None:
    """Type into the filter and wait until the page has applied it (it then rewrites the address)."""
    tab.fill("[data-filter=text]", text)
    tab.wait_for_function(
        "q => q ? new URLSearchParams(location.hash.slice(1)).get('q') === q : !location.hash", arg=text
    )


def shown_ids(tab) -> list[str]:
    return [f"{entry.split('@')[1]}/{entry.split('@')[0]}" for entry in tab.evaluate(SHOWN)]


def test_the_catalogue_filter_finds_datasets_by_content(site, tab):
    """Each term typed in turn into the one catalogue page, as a reader refines a search."""
    site.open(tab, site.root / "data" / "index.html")
    wrong = []
    for term, table_id in CONTENT_TERMS:
        assert table_id in CATALOG.tables
        filter_by(tab, term)
        shown = shown_ids(tab)
        if table_id not in shown:
            wrong.append(f"{term!r} does not find {table_id}: {shown}")
        if len(shown) >= len(CATALOG.tables):
            wrong.append(f"{term!r} hides nothing")
        if f"/ {len(CATALOG.tables)} 个数据集" not in tab.inner_text(".mems-filter__count"):
            wrong.append(f"{term!r}: the count reads {tab.inner_text('.mems-filter__count')!r}")
    assert not wrong, "\n".join(wrong)


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
