"""Checks that multiply a per-unit figure by a count (with constants from outside the documents),
hold a stated bound against the values it covers, and a summary's claim against the body."""

from __future__ import annotations

import pytest

from conftest import build, descriptor_changed, fixture_project
from macros.data.catalog import Catalog, DataError
from macros.data.checks import run_checks
from macros.data.derived import add_derived_tables
from macros.documents import load_documents


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return fixture_project(tmp_path_factory.mktemp("bounds"), "products_and_bounds", group="variants")


def findings_of(project) -> dict:
    catalog = Catalog(project / "data")
    load_documents()
    add_derived_tables(catalog)
    return {f.id: f for f in run_checks(catalog)}


@pytest.fixture(scope="module")
def findings(project):
    return findings_of(project)


@pytest.mark.parametrize(
    ("check_id", "severity"),
    [
        ("power_from_area_broken", "contradiction"),
        ("coal_by_standard_factor", "contradiction"),
        ("bound_every_broken", "contradiction"),
        ("bound_declared_tension", "tension"),
        ("bound_some_broken", "contradiction"),
        ("claim_done_vs_target", "wording"),
        ("claim_numbers_differ", "contradiction"),
    ],
)
def test_each_planted_disagreement_is_found_with_its_severity(findings, check_id, severity):
    assert not findings[check_id].consistent
    assert findings[check_id].severity == severity


@pytest.mark.parametrize(
    "check_id", ["power_from_area_holds", "bound_every_holds", "bound_some_holds", "claim_agrees"]
)
def test_each_control_passes(findings, check_id):
    assert findings[check_id].consistent and findings[check_id].severity == ""


def test_a_product_shows_its_arithmetic_and_the_printed_range(findings):
    # 1.8–2.3 kWh/cm² × π·(10 cm)² × 120万片 × 0.0001 = 6.79–8.67亿kWh, against 突破21亿kWh.
    explanation = findings["power_from_area_broken"].explanation
    assert "1.8–2.3 kWh/cm²×314.16 cm²×120万片" in explanation
    assert "6.79–8.67亿kWh（计算值）" in explanation and "突破21亿kWh" in explanation


def test_an_outside_constant_is_named_with_its_standard(findings):
    # 21亿kWh × 0.1229 kgce/kWh × 10 = 25.8万吨, against 280.
    explanation = findings["coal_by_standard_factor"].explanation
    assert "25.8万吨标准煤（计算值）" in explanation
    assert "是文献以外的参考常数" in explanation
    assert "GB/T 2589《综合能耗计算通则》，2020，附录A 表A.1" in explanation
    # The computed area says it was computed, and from which standard's diameter.
    area = findings["power_from_area_broken"].explanation
    assert "本站由标准所载数值计算；SEMI M1" in area


def test_a_check_without_outside_constants_does_not_mention_them(findings):
    assert "参考常数" not in findings["bound_every_broken"].explanation


@pytest.mark.parametrize(
    "check_id, phrases",
    [
        # A bound names each value outside it.
        ("bound_every_broken", ["每一项都应不高于30%", "其中丙不在此限", "甲22.1%"]),
        # `some` asks for one value on the bound's side.
        ("bound_some_broken", ["至少应有一项不低于19.3%", "没有一项达到"]),
        # A claim tells both readings.
        ("claim_done_vs_target", ["已经达到", "到2025年的目标"]),
    ],
)
def test_the_finding_says_what_it_weighed(findings, check_id, phrases):
    explanation = findings[check_id].explanation
    assert [p for p in phrases if p not in explanation] == [], explanation


def test_another_documents_values_are_refused(project):
    old, new = "reference/constants[id=electricity_coal_equivalent_factor]", "other-doc/facts[id=x]"
    refused = pytest.raises(DataError, match="names another package's data.*only the outside constants")
    with descriptor_changed(project, old, new), refused:
        findings_of(project)


def test_a_bound_needs_a_side(project):
    old, new = "    relation: at_least\n    quantifier: some\n", "    quantifier: some\n"
    refused = pytest.raises(DataError, match="is no bound .*relation: at_most or relation: at_least")
    with descriptor_changed(project, old, new), refused:
        findings_of(project)


def test_findings_with_outside_constants_appear_on_the_page(project):
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "是文献以外的参考常数" in page
    assert 'mems-check mems-check--wording"' in page
    # The constants are their own package: their data page says they are no document's values.
    constants = (project / "site" / "data" / "reference" / "constants.html").read_text(encoding="utf-8")
    assert "文献以外的参考常数，各行注明所据标准" in constants and "《文献以外的参考常数》" not in constants
