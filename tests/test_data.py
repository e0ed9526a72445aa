"""Every dataset, computed table and chart, discovered rather than listed, checked against its schema."""

from __future__ import annotations

import math

import pytest

from conftest import project_catalog
from macros.charts.registry import CHARTS
from macros.data.derived import DERIVED
from macros.documents import load_documents

CATALOG = project_catalog()
load_documents()
TABLES = sorted(CATALOG.tables)
PUBLISHED = [t for t in TABLES if not CATALOG.tables[t].computed]


def test_discovery_finds_data_and_charts():
    assert TABLES, "no dataset found under data/"
    assert CHARTS, "no chart registered under macros/documents/"
    assert {"white-paper-2020", "market-report-2026"} <= set(CATALOG.packages)


@pytest.mark.parametrize("table_id", TABLES)
def test_table_matches_its_schema(table_id):
    table = CATALOG.tables[table_id]
    assert table.title and table.title != table.name, "a dataset needs a Chinese title"
    assert [f.name for f in table.fields] == list(table.frame.columns)
    for f in table.fields:
        assert f.title, f"{f.name}: no title to show as the column heading"
        column = table.frame[f.name]
        if f.numeric:
            assert all(isinstance(v, float | int) for v in column.dropna()), f.name


@pytest.mark.parametrize("table_id", PUBLISHED)
def test_published_table_says_where_it_comes_from(table_id):
    table = CATALOG.tables[table_id]
    has_source_column = "source" in table.frame.columns or "location" in table.frame.columns
    assert table.location or has_source_column
    if not table.location:
        column = "source" if "source" in table.frame.columns else "location"
        assert table.frame[column].notna().all(), f"{table_id}: a row without its place in the source"


@pytest.mark.parametrize("table_id", [t for t in TABLES if t.endswith("/facts")])
def test_facts_have_a_value_or_the_published_text(table_id):
    frame = CATALOG.tables[table_id].frame
    for _, row in frame.iterrows():
        lost = row["value"] is None or math.isnan(row["value"])
        assert not lost or row["published"], f"{row['id']}: no value and no published text"
        assert row["subject"], f"{row['id']}: no subject"


@pytest.mark.parametrize("table_id", sorted(DERIVED))
def test_computed_table_says_how(table_id):
    table = CATALOG.tables[table_id]
    assert table.computed and table.derivation
    assert len(table.frame), f"{table_id} computed no rows"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_builds_from_its_table(name, site_data):
    definition = CHARTS[name]
    spec = site_data.chart_spec(definition)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert definition.caption and definition.caption != name, "the docstring is the caption"
    columns = set(CATALOG.tables[definition.table_id].frame.columns)
    # Columns the chart actually hands to Vega-Lite (the table's, plus any the chart adds).
    given = {key for rows in spec.get("datasets", {}).values() for row in rows for key in row}
    used = {
        channel["field"] for channel in _encodings(spec) if isinstance(channel, dict) and "field" in channel
    }
    assert used, f"{name} encodes no column"
    assert used & columns, f"{name} draws none of its table's columns"
    missing = used - given - _computed_fields(spec)
    assert not missing, f"{name} encodes fields its data lacks: {missing}"


def _encodings(spec):
    if isinstance(spec, dict):
        if "encoding" in spec:
            yield from spec["encoding"].values()
        for value in spec.values():
            yield from _encodings(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _encodings(item)


def _computed_fields(spec) -> set[str]:
    """Fields a chart makes itself (calculate, aggregate, fold), which the table need not have."""
    found = set()
    if isinstance(spec, dict):
        for transform in spec.get("transform", []):
            for key in ("as",):
                value = transform.get(key)
                if isinstance(value, str):
                    found.add(value)
                elif isinstance(value, list):
                    found.update(v for v in value if isinstance(v, str))
            for item in transform.get("aggregate", []) + transform.get("window", []):
                found.add(item.get("as"))
        for value in spec.values():
            found |= _computed_fields(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= _computed_fields(item)
    return found
