"""One value, one place: a fact that is a table's cell reads that cell, so a correction there moves
every page; a quantity the document states twice keeps both statements, and a correction of one of
them raises a disagreement instead of leaving two pages silently apart."""

from __future__ import annotations

import re
import shutil

import yaml

from conftest import PROJECT
from macros.data.catalog import Catalog
from macros.data.checks import run_checks
from macros.data.derived import add_derived_tables
from macros.documents import load_documents


def findings_of(data_dir):
    # As the site does: computed tables (e.g. the wafer area some checks use) before the checks.
    catalog = Catalog(data_dir)
    load_documents()
    add_derived_tables(catalog)
    return catalog, {f.id: f for f in run_checks(catalog)}


def test_a_fact_that_is_a_cell_reads_the_cell(tmp_path):
    shutil.copytree(PROJECT / "data", tmp_path / "data")
    csv = tmp_path / "data" / "white-paper-2020" / "wafer_demand_by_size.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("8,34.78,49", "8,35.78,49"), encoding="utf-8")
    catalog, findings = findings_of(tmp_path / "data")
    facts = catalog.table("white-paper-2020/facts")
    _, row = facts.cell({"id": "wafer_demand_8inch_2019"}, "value", "test")
    assert facts.quantity(row, "value").text() == "35.78万片"
    # 36 + 35.78 is no longer the stated total of 70.78: the check says so.
    assert not findings["wafer_demand_parts_vs_total_2019"].consistent


def test_a_quantity_stated_twice_is_compared(tmp_path):
    """Without a declared check on the pair, the repeat check compares the fact with its cell."""
    shutil.copytree(PROJECT / "data", tmp_path / "data")
    descriptor = tmp_path / "data" / "market-report-2026" / "datapackage.yaml"
    package = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    package["checks"] = [c for c in package["checks"] if c["id"] != "yrd_capacity_2025"]
    descriptor.write_text(yaml.safe_dump(package, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, before = findings_of(tmp_path / "data")
    assert "repeated_yrd_capacity_2025" not in before, "the prose and the table agree in the source"
    csv = tmp_path / "data" / "market-report-2026" / "regional_capacity_2025.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("长三角,97.0,", "长三角,99.0,"), encoding="utf-8")
    _, after = findings_of(tmp_path / "data")
    finding = after["repeated_yrd_capacity_2025"]
    assert not finding.consistent
    assert {op.table.name for op in finding.operands} == {"facts", "regional_capacity_2025"}


def test_a_correction_in_the_table_moves_every_page(changed_site):
    """34.78 corrected to 35.78 in wafer_demand_by_size.csv (conftest.CORRECTIONS)."""
    site = changed_site
    chapter = re.sub(r"<[^>]+>", "", (site / "white-paper-2020/manufacturing.html").read_text("utf-8"))
    assert "35.78万片" in chapter and "34.78" not in chapter
    data_page = (site / "data/white-paper-2020/facts.html").read_text("utf-8")
    assert "35.78" in data_page and "34.78" not in data_page
    chart = (site / "charts/white-paper-2020/wafer_demand_by_size_bars.svg").read_text("utf-8")
    assert "35.78" in chart
