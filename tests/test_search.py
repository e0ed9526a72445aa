"""Search that knows the field, in the built site read from disk: Latin terms, numbers with their
units, mixed Chinese and Latin words and the field's own words each find their page first; the
words are drawn from the data; data pages are indexed as sentences; the index waits for a search."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
from urllib.parse import quote

import pytest

from conftest import PROJECT
from macros.build.search_terms import search_terms

# term -> the page its first result must open: the page about it, or the one that uses it most.
FIRST_RESULTS = {
    "MEMS": "white-paper-2020/industry.html",
    "mems": "white-paper-2020/industry.html",
    # The data page of 图1 is titled MEMS和MEMS传感器的工作原理: the term itself.
    "MEMS传感器": "data/white-paper-2020/mems_principle.html",
    "CCID": "white-paper-2020/index.html",
    "AlN": "data/market-report-2026/key_material_dependence.html",
    # A company both documents name has a page of its own (data/entities.yaml): the page about it.
    "Qorvo": "entities/qorvo.html",
    "Broadcom": "entities/broadcom.html",
    "NEMS": "market-report-2026/status.html",
    "TFP": "data/market-report-2026/tfp_index_2025.html",
    "IEEE": "market-report-2026/ecosystem.html",
    # The chapter about 6寸 wafers, not 第6章: sizes are words of the index (macros/build/search_terms.py).
    "6寸": "white-paper-2020/manufacturing.html",
    "8寸晶圆": "data/white-paper-2020/wafer_demand_by_size.html",
    "8英寸": "data/market-report-2026/facts.html",
    "182.3": "market-report-2026/status.html",
    # So does a region the documents name (its page gathers every value for it).
    "长三角": "entities/yangtze_river_delta.html",
    "珠三角": "entities/pearl_river_delta.html",
    "压力传感器": "white-paper-2020/manufacturing.html",
    "缩微机械": "market-report-2026/index.html",
    "博世": "entities/bosch.html",
    "意法半导体": "entities/stmicroelectronics.html",
    "陀螺仪": "data/market-report-2026/product_mix_2025.html",
    "汽车电子": "data/market-report-2026/application_market_size.html",
    "惯性导航": "white-paper-2020/industry.html",
}
# What a first page may weigh in search index, gzipped as a static host sends it (155 kB since the
# entity pages joined it: their names are what readers search for).
INDEX_BUDGET = 155_000


@pytest.fixture(scope="module")
def search_box(site, context):
    """The home page, opened once: each term is typed into its search box in turn, against the
    index its search worker loaded the first time."""
    tab = site.new_tab(context)
    site.open(tab, site.root / "index.html")
    tab.locator(".md-search__input").click()
    yield tab
    tab.close()


def search(tab, term: str) -> list[str]:
    """The result links for `term`, typed into the search box in place of the term before."""
    box = tab.locator(".md-search__input")
    box.fill("")
    box.press("Backspace")
    tab.wait_for_selector(".md-search-result__item", state="detached", timeout=10000)
    # The whole term at once: typed a key at a time, the results of a part of it ("18" of "182.3")
    # could be the first to show, and be taken for the term's. The search listens to key events,
    # which filling in sends none of (nor does typing CJK): one key then starts it.
    box.fill(term)
    tab.keyboard.press("ArrowRight")
    tab.wait_for_selector(".md-search-result__item", timeout=10000)
    return tab.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.browser
@pytest.mark.parametrize("term", FIRST_RESULTS)
def test_the_first_result_is_the_page_about_the_term(site, search_box, term):
    hrefs = search(search_box, term)
    assert hrefs, f"searching {term} shows no result"
    first = site.name(site.path_of(hrefs[0]))
    assert first == FIRST_RESULTS[term], f"searching {term}: the first result is {first}"
    text = site.root.joinpath(first).read_text(encoding="utf-8").lower()
    # The words of the term as the query is cut: Latin, digits and Chinese apart (MEMS 传感器).
    words = re.findall(r"[a-z0-9.]+|[^a-z0-9.]+", term.lower())
    assert all(word in text for word in words), f"{first} does not contain all of {words}"


def start_searching(tab) -> None:
    tab.locator(".md-search__input").click()
    tab.keyboard.type("长三角")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_selector(".md-search-result__item", timeout=10000)


@pytest.mark.browser
def test_over_http_the_index_is_fetched_only_when_the_reader_starts_to_search(site, browser):
    """As a static host serves the site: no search_index.json with the page, then one on focus."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tab = browser.new_page()
    try:
        requests = []
        tab.on("request", lambda request: requests.append(request.url))
        tab.goto(f"http://127.0.0.1:{server.server_port}/index.html", wait_until="load")
        tab.wait_for_timeout(1000)
        assert not [u for u in requests if "search_index" in u], "the index loads with the page"
        start_searching(tab)
        assert [u for u in requests if u.endswith("search/search_index.json")]
    finally:
        tab.close()
        server.shutdown()


@pytest.mark.browser
def test_from_disk_the_index_and_the_worker_load_only_when_the_reader_starts_to_search(site, context):
    """Opened from disk, a page loads neither the index's script nor the worker's hidden frame (which
    would build the whole index for every page opened) until the reader searches, or follows a link
    to a search; then both come."""
    tab = site.new_tab(context)
    try:
        visit = site.open(tab, site.root / "index.html")
        tab.wait_for_timeout(1000)
        frames = "() => document.querySelectorAll('iframe').length"
        assert not [u for u in visit.requests if "/search/" in u or "/workers/search." in u], visit.requests
        assert tab.evaluate(frames) == 0, "the search worker's frame is made with the page"
        start_searching(tab)
        assert [u for u in visit.requests if u.endswith("search/search_index.js")]
        assert tab.evaluate(frames) == 1
        assert not visit.errors, visit.errors
        # A link to a search (?q=) starts it, as the reader's focus does.
        tab.goto((site.root / "index.html").as_uri() + "?q=" + quote("长三角"))
        tab.wait_for_selector(".md-search-result__item", timeout=10000)
    finally:
        tab.close()


def test_the_field_words_are_whole_and_no_unit_swallows_a_word(site_data):
    words = search_terms(site_data.catalog, PROJECT / "docs")
    assert words == sorted(set(words))
    assert {"长三角", "压力传感器", "缩微机械", "意法半导体", "陀螺仪"} <= set(words)
    # 8寸晶圆 is 8 寸 晶圆: a word 寸晶圆 would hide 晶圆 from its search.
    assert "寸晶圆" not in words
    assert all(2 <= len(word) <= 6 for word in words)


def test_data_pages_are_indexed_as_sentences_not_run_together_cells(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = {doc["location"]: doc["text"].replace("\u200b", "") for doc in index["docs"]}
    data = texts["data/market-report-2026/application_market_size.html#data"]
    assert "2021 医疗：市场规模 22.3亿元" in data
    data_pages = "".join(text for location, text in texts.items() if location.startswith("data/"))
    assert "202189.6" not in data_pages


def test_the_search_index_is_within_its_budget(built_site):
    raw = (built_site / "search" / "search_index.json").read_bytes()
    packed = len(gzip.compress(raw, 6))
    assert packed <= INDEX_BUDGET, f"the index is {len(raw)} bytes, {packed} gzipped"
