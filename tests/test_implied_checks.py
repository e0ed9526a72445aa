"""Checks that combine statements from different places, and the severity of every finding."""

from __future__ import annotations

import pytest

from conftest import build, fixture_project
from macros.data.catalog import Catalog, DataError
from macros.data.checks import SEVERITIES, relative_gap, run_checks, weigh


@pytest.fixture(scope="module")
def inconsistent(tmp_path_factory):
    return fixture_project(tmp_path_factory.mktemp("implied"), "inconsistent", group="variants")


@pytest.fixture(scope="module")
def findings(inconsistent):
    return {f.id: f for f in run_checks(Catalog(inconsistent / "data"))}


@pytest.mark.parametrize(
    "check_id",
    [
        "member_vs_total_times_share",
        "part_over_share_vs_total",
        "converted_at_own_rate",
        "site_outside_partition",
    ],
)
def test_each_planted_implied_contradiction_is_caught(findings, check_id):
    assert not findings[check_id].consistent
    assert findings[check_id].severity == "contradiction"


def test_implied_shows_the_computed_and_the_stated_value(findings):
    explanation = findings["member_vs_total_times_share"].explanation
    assert "40.0亿颗（计算值）" in explanation and "50亿颗" in explanation


def test_share_of_computes_the_whole_a_part_implies(findings):
    # 300 ÷ 40% = 750, against 597.8 stated.
    assert "750亿元（计算值）" in findings["part_over_share_vs_total"].explanation


def test_convert_uses_the_documents_own_pair(findings):
    # 597.8亿元 at 600亿元 = 90亿美元 is 89.7亿美元, against 70 stated elsewhere.
    explanation = findings["converted_at_own_rate"].explanation
    assert "600亿元合90亿美元" in explanation and "89.7亿美元" in explanation


def test_member_names_the_place_outside_the_partition(findings):
    explanation = findings["site_outside_partition"].explanation
    assert "丙城工厂" in explanation and "不在其中" in explanation
    assert "甲城工厂（第3章）在甲城，属东区" in explanation


def test_an_open_bound_makes_a_tension_not_a_pass(findings):
    # 突破100 × 40% has no upper end, so 50 is not impossible; but the printed numbers are far apart.
    found = findings["open_bound_only"]
    assert not found.consistent and found.severity == "tension"
    assert "“突破”" in found.explanation


def test_a_gap_of_one_printed_unit_is_rounding(findings):
    # 505.3 → 597.8 is 18.3%; 18.2% misses by less than one unit of its last digit.
    assert findings["growth_rounding_slip"].severity == "rounding"
    assert findings["growth_2019"].severity == "contradiction"


def test_a_declared_severity_is_kept(findings):
    assert findings["category_vs_member"].severity == "tension"


def test_every_finding_has_a_severity_and_every_pass_none(findings):
    for f in findings.values():
        assert (f.severity in SEVERITIES) if not f.consistent else f.severity == ""


def test_weigh_and_gap_from_intervals():
    # [19.39, 19.47] against [19.25, 19.35]: 0.04 apart, within 0.04 + 0.05.
    assert weigh(((19.39, 19.47, 0.04), (19.25, 19.35, 0.05)), None) == "rounding"
    assert weigh(((182.25, 182.35, 0.05), (313.85, 313.95, 0.05)), None) == "contradiction"
    assert weigh(((182.25, 182.35, 0.05), (313.85, 313.95, 0.05)), "tension") == "tension"
    assert relative_gap(((1.0, 2.0, 0.5), (1.5, 3.0, 0.5))) == 0.0
    assert relative_gap(((1.0, 1.0, 0.0), (2.0, 2.0, 0.0))) == pytest.approx(0.5)


def test_an_unknown_severity_is_refused(inconsistent):
    descriptor = inconsistent / "data" / "demo" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("severity: tension", "severity: grave"), encoding="utf-8")
    try:
        with pytest.raises(DataError, match="key 'severity': found 'grave'; expected one of contradiction"):
            run_checks(Catalog(inconsistent / "data"))
    finally:
        descriptor.write_text(text, encoding="utf-8")


def test_a_conversion_without_the_documents_pair_is_refused(inconsistent):
    descriptor = inconsistent / "data" / "demo" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    pair = 'rate: {from: "facts[id=size_2019].value", to: "facts[id=size_2019_usd].value"}'
    broken = text.replace(pair, "rate: 7")
    assert broken != text
    descriptor.write_text(broken, encoding="utf-8")
    try:
        with pytest.raises(DataError, match="never an outside exchange rate"):
            run_checks(Catalog(inconsistent / "data"))
    finally:
        descriptor.write_text(text, encoding="utf-8")


def test_each_severity_has_its_style_on_the_page(inconsistent):
    result = build(inconsistent)
    assert result.returncode == 0, result.stderr
    page = (inconsistent / "site" / "index.html").read_text(encoding="utf-8")
    titles = {"contradiction": "原文数据矛盾", "tension": "原文数据存疑", "rounding": "原文数据有舍入出入"}
    for severity, title in titles.items():
        assert f'mems-check mems-check--{severity}"' in page
        assert title in page
