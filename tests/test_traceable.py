"""Every number traceable: each value a chapter quotes is a link to its own row on its dataset's
page, carrying its source; a chart handed more rows than Vega-Lite draws is refused in a sentence."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from macros.data.catalog import DataError


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: list[dict] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "mems-q" in (attrs.get("class") or "").split():
            self.values.append(attrs)


@functools.cache
def parsed(path: Path) -> Links:
    """A page's links and ids, parsed once: a data page is the target of many values."""
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_quoted_value_links_to_its_row(built_site, site_data):
    chapters = [p for p in site_data.pages.pages.values() if p.document and not p.source.endswith("print.md")]
    assert chapters
    checked = 0
    for page in chapters:
        calls = [c for c in site_data.pages.calls_on(page.source) if c.macro == "value"]
        html = built_site / page.url
        values = parsed(html).values
        # Every value() call on the page is one link (a lost value too, drawn as the source prints it).
        assert len(values) == len(calls), f"{page.url}: {len(calls)} values quoted, {len(values)} linked"
        for link in values:
            target, _, anchor = link["href"].partition("#")
            data_page = (html.parent / target).resolve()
            assert data_page.is_relative_to(built_site.resolve()) and data_page.exists(), link["href"]
            assert anchor.startswith("row-") and anchor in parsed(data_page).ids, link["href"]
            if "data-tip" in link:
                assert link["data-tip"].startswith(("发布值", "推算值")), link["data-tip"]
            checked += 1
    assert checked > 400, f"only {checked} quoted values found in the chapters"


def test_a_contradiction_notice_links_each_value_to_its_row(built_site):
    html = (built_site / "market-report-2026" / "data-notes.html").read_text(encoding="utf-8")
    links = re.findall(r'class="mems-check__link" href="([^"]+)"', html)
    assert links and all("#row-" in link for link in links)


def test_a_chart_over_vega_lites_row_limit_is_refused_with_a_sentence(site_data):
    definition = site_data.charts["white-paper-2020/wafer_demand_by_size_bars"]
    table = site_data.catalog.table(definition.table_id)
    original = table.frame
    try:
        table.frame = pd.concat([original] * 3000, ignore_index=True)
        site_data.specs.clear()
        with pytest.raises(DataError, match=r"hands 6,000 rows .* more than the 5,000 it draws"):
            site_data.chart_spec(definition)
    finally:
        table.frame = original
        site_data.specs.clear()
