"""The consistency checks find every kind of contradiction, and rounding alone is not one."""

from __future__ import annotations

import pytest

from conftest import build, fixture_project
from macros.data.catalog import Catalog
from macros.data.checks import run_checks


@pytest.fixture(scope="module")
def inconsistent(tmp_path_factory):
    return fixture_project(tmp_path_factory.mktemp("inconsistent"), "inconsistent", group="variants")


@pytest.fixture(scope="module")
def findings(inconsistent):
    return {f.id: f for f in run_checks(Catalog(inconsistent / "data"))}


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


def test_contradictions_appear_on_the_page(inconsistent):
    result = build(inconsistent)
    assert result.returncode == 0, result.stderr
    page = (inconsistent / "site" / "index.html").read_text(encoding="utf-8")
    assert "原文数据矛盾：两年之和" in page
    assert "核对通过" not in page.split('id="check-parts_vs_total"')[1][:200]
    assert page.count('mems-check mems-check--contradiction"') >= 6
