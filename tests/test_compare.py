"""The two documents side by side: the relations across them (data/relations.yaml), how the checks
weigh them, the register of the names they use (data/entities.yaml), and the pages made of both."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT
from macros.base.errors import DataError
from macros.data.catalog import Catalog
from macros.data.checks import NOT_COMPARABLE, check_relation
from macros.data.entities import load_register, name_pattern
from macros.data.relations import Relation, Side, load_relations

WHITE_PAPER, REPORT = "white-paper-2020", "market-report-2026"


def fact(site_data, document: str, fact_id: str):
    table = site_data.catalog.table(f"{document}/facts")
    _, row = table.cell({"id": fact_id}, "value", "test")
    return table.quantity(row, "value")


def relation(scope: str, first, second) -> Relation:
    return Relation(
        "probe",
        "探针",
        "探针",
        scope,
        "",
        False,
        None,
        Side(WHITE_PAPER, "甲", (first,)),
        Side(REPORT, "乙", (second,)),
        1,
    )


def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(PROJECT / "data", target)
    return target


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# -- relations and their weighing ------------------------------------------------------------


def test_every_relation_joins_the_two_documents_and_is_weighed(site_data):
    assert site_data.relations, "data/relations.yaml declares no relation"
    for item in site_data.relations:
        assert set(item.documents) == {WHITE_PAPER, REPORT}, item.id
        assert item.first.quantities and item.second.quantities, item.id
        finding = site_data.relation_findings[item.id]
        assert finding.explanation, item.id
        if item.scope == "not_stated":
            assert finding.kind == NOT_COMPARABLE, item.id


def test_the_market_sizes_stand_side_by_side_with_the_change_they_would_imply(site_data):
    market = next(r for r in site_data.relations if r.id == "china_market_size")
    assert [q.text() for q in market.first.quantities] == ["597.8亿元"]
    assert [q.text() for q in market.second.quantities] == ["89.6亿元", "182.3亿元"]
    finding = site_data.relation_findings["china_market_size"]
    assert finding.kind == NOT_COMPARABLE and not finding.severity
    start, end = market.first.quantities[0].value, market.second.quantities[0].value
    change = f"{(end / start - 1) * 100:.1f}%（计算值）"
    assert change == "-85.0%（计算值）"
    assert change in finding.explanation
    assert "不能读作市场的涨落" in finding.explanation


def test_values_of_one_scope_year_and_unit_are_weighed_like_a_same_check(site_data):
    body = fact(site_data, WHITE_PAPER, "china_mems_market_size_2019")
    summary = fact(site_data, WHITE_PAPER, "china_mems_market_size_2019_summary")
    agreed = check_relation(relation("same", body, summary))
    assert agreed.consistent and agreed.kind == "relation"
    east = fact(site_data, WHITE_PAPER, "production_line_share_east_china_2019")  # 65%, 2019
    telecom = fact(site_data, WHITE_PAPER, "network_communication_share_2019")  # 31.34%, 2019
    disagreed = check_relation(relation("same", east, telecom))
    assert not disagreed.consistent and disagreed.severity == "contradiction"


def test_a_narrower_scope_may_not_exceed_the_wider_one(site_data):
    east = fact(site_data, WHITE_PAPER, "production_line_share_east_china_2019")  # 65%
    telecom = fact(site_data, WHITE_PAPER, "network_communication_share_2019")  # 31.34%
    too_big = check_relation(relation("narrower", east, telecom))
    assert too_big.severity == "contradiction"
    assert check_relation(relation("wider", telecom, east)).severity == "contradiction"
    within = check_relation(relation("narrower", telecom, east))
    assert within.kind == NOT_COMPARABLE and "窄的一方没有超过宽的一方" in within.explanation


def test_an_unstated_relation_is_shown_as_not_stated(site_data):
    east = fact(site_data, WHITE_PAPER, "production_line_share_east_china_2019")
    telecom = fact(site_data, WHITE_PAPER, "network_communication_share_2019")
    finding = check_relation(relation("not_stated", east, telecom))
    assert finding.kind == NOT_COMPARABLE and "两书都没有说明" in finding.explanation


def test_a_scope_the_schema_does_not_know_names_its_line(tmp_path):
    data = data_copy(tmp_path)
    path = data / "relations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("scope: narrower", "scope: smaller", 1), "utf-8")
    line = next(
        n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "scope: smaller" in text
    )
    with pytest.raises(DataError) as error:
        load_relations(Catalog(data))
    message = str(error.value)
    assert message.startswith(f"data/relations.yaml, line {line}, relation 'china_market_size'"), message
    assert "found 'smaller'; expected one of same, wider, narrower or not_stated" in message


def test_a_relation_within_one_document_is_refused(tmp_path):
    data = data_copy(tmp_path)
    edit_yaml(
        data / "relations.yaml",
        lambda d: d["relations"][0]["second"].update(
            document=WHITE_PAPER, values=["facts[id=china_mems_market_size_2019_summary].value"]
        ),
    )
    with pytest.raises(DataError, match=r"relation 'china_market_size': both sides name white-paper-2020"):
        load_relations(Catalog(data))


# -- the register of names ---------------------------------------------------------------------


def entity(entities, name: str):
    return next(e for e in entities if e.name == name)


def test_every_company_and_region_both_documents_name_has_a_page(site_data):
    both = {e.name for e in site_data.entities if set(e.documents) == {WHITE_PAPER, REPORT}}
    assert {"博通", "博世", "意法半导体", "Qorvo", "TDK", "美国", "苏州", "无锡", "上海", "北京"} <= both
    assert all(e.has_page for e in site_data.entities if e.name in both)


def test_a_company_is_one_page_under_each_documents_name(site_data):
    broadcom = entity(site_data.entities, "博通")
    assert broadcom.names_in(WHITE_PAPER) == ["博通"]
    assert "Broadcom" in broadcom.names_in(REPORT)
    st = entity(site_data.entities, "意法半导体")
    assert st.names_in(WHITE_PAPER) == ["意法半导体"] and set(st.names_in(REPORT)) == {
        "ST",
        "STMicroelectronics",
    }


def test_a_latin_name_matches_only_whole_and_in_any_case():
    pattern = name_pattern(["ST", "Qorvo"])
    assert [m.group(0) for m in pattern.finditer("依赖博世、ST与TDK供应")] == ["ST"]
    assert not pattern.search("ESG评级与TEST流程")
    assert pattern.search("QORVO") and pattern.search("STMicro") is None


def test_a_phrase_that_only_contains_a_name_is_no_mention(site_data):
    bosch = entity(site_data.entities, "博世")
    texts = [m.table.text_cell(m.row, "subject") for m in bosch.mentions if m.table.has("subject")]
    assert not any("博世工艺" in t for t in texts)
    facts = site_data.catalog.table(f"{REPORT}/facts")
    assert any("博世工艺" in facts.text_cell(row, "subject") for row in range(len(facts.frame)))


def test_an_alias_added_to_the_register_makes_two_names_one_page(tmp_path):
    data = data_copy(tmp_path)
    before = load_register(Catalog(data))
    assert not entity(before, "歌尔").has_page and entity(before, "歌尔微电子").has_page

    def merge(register):
        entries = register["entities"]
        micro = next(e for e in entries if e["id"] == "goertek_microelectronics")
        entries.remove(micro)
        next(e for e in entries if e["id"] == "goertek")["names"] += micro["names"]

    edit_yaml(data / "entities.yaml", merge)
    after = load_register(Catalog(data))
    goertek = entity(after, "歌尔")
    assert goertek.has_page and set(goertek.documents) == {WHITE_PAPER, REPORT}
    assert goertek.count(REPORT) == entity(before, "歌尔微电子").count(REPORT)
    assert "歌尔微电子" not in {e.name for e in after}


def test_a_name_with_markup_is_refused_with_its_line(tmp_path):
    data = data_copy(tmp_path)
    marked = "博世<img src=x onerror=1>"
    edit_yaml(
        data / "entities.yaml",
        lambda d: next(e for e in d["entities"] if e["id"] == "bosch").update(name=marked),
    )
    with pytest.raises(DataError, match=r"data/entities.yaml, line \d+, entity 'bosch', key 'name': found"):
        load_register(Catalog(data))


def test_one_name_for_two_entities_is_refused_with_its_line(tmp_path):
    data = data_copy(tmp_path)
    edit_yaml(
        data / "entities.yaml",
        lambda d: next(e for e in d["entities"] if e["id"] == "bosch")["names"].append(
            {"name": "博通", "support": "own_words", "evidence": "误加"}
        ),
    )
    with pytest.raises(DataError, match=r"data/entities.yaml, line \d+, entity 'bosch': the name '博通'"):
        load_register(Catalog(data))


# -- the built pages ---------------------------------------------------------------------------


def test_the_comparison_page_sets_both_documents_values_and_scopes_side_by_side(built_site):
    html = (built_site / "compare.html").read_text(encoding="utf-8")
    for shown in ("597.8亿元", "89.6亿元", "182.3亿元", "-85.0%（计算值）", "范围不同，不可比较"):
        assert shown in html, shown
    assert 'href="data/white-paper-2020/facts.html#row-china_mems_market_size_2019"' in html
    assert 'href="data/market-report-2026/facts.html#row-china_market_size_2021"' in html
    assert "缩微机械（MEMS、NEMS、超精密微系统）市场" in html and "MEMS（微机电系统）市场" in html
    assert 'id="chart-market-report-2026-market_size_across_documents_points"' in html
    for page in ("index.html", "white-paper-2020/index.html", "market-report-2026/index.html"):
        text = (built_site / page).read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)?compare\.html"', text), f"{page} does not link the comparison"
    for document in (WHITE_PAPER, REPORT):
        notes = (built_site / document / "data-notes.html").read_text(encoding="utf-8")
        assert 'id="check-relation_china_market_size"' in notes, document


def test_the_two_series_share_one_time_axis_and_are_never_joined(site_data):
    definition = site_data.charts[f"{REPORT}/market_size_across_documents_points"]
    spec = json.dumps(site_data.chart_spec(definition))
    marks = set(re.findall(r'"mark": \{"type": "(\w+)"', spec)) | set(re.findall(r'"mark": "(\w+)"', spec))
    assert marks and marks <= {"point", "text"}, marks
    table = site_data.catalog.table(definition.table_id)
    titles = {site_data.catalog.packages[d].title for d in (WHITE_PAPER, REPORT)}
    assert set(table.frame["document"]) == titles


def test_entity_pages_are_built_and_found_by_any_of_their_names(built_site):
    page = (built_site / "entities" / "broadcom.html").read_text(encoding="utf-8")
    assert "Broadcom" in page and 'href="../data/white-paper-2020/top10_vendors_2019.html#row-1"' in page
    catalogue = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-documents="[^"]*" data-text="[^"]*broadcom[^"]*">.*?</tr>', catalogue)
    assert row and 'href="../entities/broadcom.html"' in row.group(0)
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = {d["location"].split("#")[0] for d in index["docs"] if "Broadcom" in d["text"]}
    assert "entities/broadcom.html" in found
    assert not (built_site / "entities" / "goertek.html").exists(), "an entity named once has no page"
