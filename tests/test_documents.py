"""A document is a unit: copying its data/ and docs/ folders, its nav entry and its one module in
macros/documents under a new name gives a second document that builds beside the first, with its
own charts, computed tables and numbers. The copy is made in the corrected project of conftest.py,
whose one build serves the tests of several changes."""

from __future__ import annotations

import re

from conftest import COPIED_DOCUMENT

ORIGINAL, COPY = COPIED_DOCUMENT


def words(path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_a_copied_document_builds_with_its_own_numbers_and_charts(changed_site):
    """The copy's 8-inch wafer demand is 36.78 and the original's 35.78 (conftest.CORRECTIONS);
    the published number is 34.78."""
    site = changed_site
    original = words(site / ORIGINAL / "manufacturing.html")
    copy = words(site / COPY / "manufacturing.html")
    assert "35.78万片" in original and "36.78" not in original
    assert "36.78万片" in copy and "35.78" not in copy and "34.78" not in copy
    # Each document's page notes its own check of the same id: the copy's, with the copy's rows.
    note = (site / COPY / "manufacturing.html").read_text(encoding="utf-8")
    note = note[note.index('id="check-wafer_demand_parts_vs_total_2019"') :].split("</div>")[0]
    assert f"data/{COPY}/facts.html" in note and f"data/{ORIGINAL}/" not in note
    # Each document has its own chart of the same name, and its own computed tables.
    chart = "wafer_demand_by_size_bars.svg"
    assert "36.78" in (site / "charts" / COPY / chart).read_text(encoding="utf-8")
    assert "36.78" not in (site / "charts" / ORIGINAL / chart).read_text(encoding="utf-8")
    assert (site / "data" / COPY / "market_size_2018_2019.html").exists()
    assert (site / "data" / ORIGINAL / "market_size_2018_2019.html").exists()
