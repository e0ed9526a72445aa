"""The figure list's rule (figures.csv, data_status) holds for every figure: 无 keeps only the
caption, 部分 and 完整 point at the data that survived, and no dataset claims more of a figure
than its status does."""

from __future__ import annotations

import pytest

from test_data import CATALOG

FIGURE_LISTS = [t for t in CATALOG.tables.values() if t.name == "figures"]


def rows(table):
    return [{c: table.text_cell(r, c) for c in table.frame.columns} for r in range(len(table.frame))]


def test_there_is_a_figure_list():
    assert FIGURE_LISTS


@pytest.mark.parametrize("table", FIGURE_LISTS, ids=lambda t: t.id)
def test_a_figure_with_surviving_data_points_at_it_and_one_without_does_not(table):
    for row in rows(table):
        if row["data_status"] == "无":
            assert not row["data_table"], f"{row['label']} is 无 but names {row['data_table']}"
        else:
            assert row["data_table"], f"{row['label']} is {row['data_status']} but names no data"


@pytest.mark.parametrize("table", FIGURE_LISTS, ids=lambda t: t.id)
def test_no_dataset_claims_the_whole_series_of_a_partial_figure(table):
    partial = {row["label"] for row in rows(table) if row["data_status"] != "完整"}
    for dataset in table.package.tables.values():
        if dataset.label in partial:
            assert "全部序列" not in dataset.description, f"{dataset.id} claims all of {dataset.label}"


def test_the_wafer_demand_ordering_is_partial_data_of_figure_14():
    figures = CATALOG.tables["white-paper-2020/figures"]
    _, row = figures.cell({"label": "图14"}, "data_status", "test")
    assert figures.text_cell(row, "data_status") == "部分"
    facts = CATALOG.tables["white-paper-2020/facts"]
    for fact_id, rank in (
        ("wafer_demand_rank_microphone_8inch_2019", 1),
        ("wafer_demand_rank_pressure_6inch_2019", 2),
    ):
        value, _ = facts.cell({"id": fact_id}, "value", "test")
        assert value == rank
