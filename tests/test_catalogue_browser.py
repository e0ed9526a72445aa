"""The data catalogue and the citations in a real browser from file://: the filter finds datasets by
what they contain and keeps itself in the address; the copy button copies a citation whose access
date the page filled in."""

from __future__ import annotations

from datetime import date

import pytest

from test_browser import browser, context, site, tab  # noqa: F401  (the shared browser fixtures)
from test_data import CATALOG

pytestmark = pytest.mark.browser

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
