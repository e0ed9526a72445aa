"""The consistency checks find every kind of contradiction, those that combine statements from
different places among them; rounding alone is not one, and every finding has its severity."""

from __future__ import annotations

import pytest

from conftest import build, descriptor_changed, fixture_project
from macros.data.catalog import Catalog, DataError
from macros.data.checks import RUNNERS, SEVERITIES, relative_gap, run_checks, weigh
from macros.data.descriptor import CHECKS, CountCheck


@pytest.fixture(scope="module")
def inconsistent(tmp_path_factory):
    return fixture_project(tmp_path_factory.mktemp("inconsistent"), "inconsistent", group="variants")


@pytest.fixture(scope="module")
def findings(inconsistent):
    return {f.id: f for f in run_checks(Catalog(inconsistent / "data"))}


@pytest.fixture(scope="module")
def inconsistent_page(inconsistent) -> str:
    """The fixture project's home page, built once for the tests that read it."""
    result = build(inconsistent)
    assert result.returncode == 0, result.stderr
    return (inconsistent / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("check_id", ["parts_vs_total", "shares_by_year", "growth_2019", "size_twice"])
def test_each_kind_of_contradiction_is_found(findings, check_id):
    assert not findings[check_id].consistent


def test_rounding_is_not_a_contradiction(findings):
    # 33.3 + 66.6 = 99.9: the printed rounding allows 100.
    assert findings["rounding_only"].consistent


def test_a_quantity_stated_twice_is_found_without_a_declared_check(findings):
    automatic = {f.title: f for f in findings.values() if f.automatic}
    assert "2019年市场规模" in automatic
    assert "600亿元" in automatic["2019年市场规模"].explanation
    assert "610亿元" in automatic["2019年市场规模"].explanation
    # 25.0% against 约18%: "about" allows 10% either way, which still does not reach 25.
    assert "2019年市场规模增速" in automatic


def test_explanations_show_computed_and_published_values(findings):
    assert "1103.1" in findings["parts_vs_total"].explanation
    assert "1200" in findings["parts_vs_total"].explanation
    assert "18.3%" in findings["growth_2019"].explanation


def test_the_project_checks_run(site_data):
    assert site_data.findings, "no check ran over the project's data"
    ids = [f.id for f in site_data.findings]
    assert len(ids) == len(set(ids))


def test_contradictions_appear_on_the_page(inconsistent_page):
    page = inconsistent_page
    assert "原文数据矛盾：两年之和" in page
    assert "核对通过" not in page.split('id="check-parts_vs_total"')[1][:200]
    assert page.count('mems-check mems-check--contradiction"') >= 6


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


def test_every_kind_of_check_has_its_runner():
    assert set(RUNNERS) == set(CHECKS.values())


def test_a_year_under_where_stays_a_whole_number():
    # The CSV's cells are matched as text: 2024, never 2024.0.
    check = {"id": "a", "kind": "count", "stated": "facts[id=a].value", "table": "t", "where": {"year": 2024}}
    assert str(CountCheck.model_validate(check).where["year"]) == "2024"


def test_an_unknown_severity_is_refused(inconsistent):
    refused = pytest.raises(DataError, match="key 'severity': found 'grave'; expected one of contradiction")
    with descriptor_changed(inconsistent, "severity: tension", "severity: grave"), refused:
        run_checks(Catalog(inconsistent / "data"))


def test_a_conversion_without_the_documents_pair_is_refused(inconsistent):
    pair = 'rate: {from: "facts[id=size_2019].value", to: "facts[id=size_2019_usd].value"}'
    refused = pytest.raises(DataError, match="never an outside exchange rate")
    with descriptor_changed(inconsistent, pair, "rate: 7"), refused:
        run_checks(Catalog(inconsistent / "data"))


def test_each_severity_has_its_style_on_the_page(inconsistent_page):
    page = inconsistent_page
    titles = {"contradiction": "原文数据矛盾", "tension": "原文数据存疑", "rounding": "原文数据有舍入出入"}
    for severity, title in titles.items():
        assert f'mems-check mems-check--{severity}"' in page
        assert title in page
