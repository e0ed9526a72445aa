"""A table's cells as the pages read them (Table.value, Table.text_cell) are its frames' cells:
the plain lists they are read from, once per table, agree with the frames, and stay in step when
loading writes a cell (a fact that takes its value from a table's cell)."""

from __future__ import annotations

from conftest import PROJECT
from macros.base.missing import is_missing
from macros.data.catalog import Catalog


def test_every_cell_reads_as_its_frame_holds_it():
    catalog = Catalog(PROJECT / "data")
    for table in catalog.tables.values():
        for column in table.frame.columns:
            for row in range(len(table.frame)):
                typed, read = table.frame[column].iloc[row], table.value(row, column)
                assert (is_missing(read) and is_missing(typed)) or read == typed, (table.id, column, row)
                # Pages print a cell with str(): a plain float prints as numpy's does.
                assert str(read) == str(typed), (table.id, column, row)
                assert table.text_cell(row, column) == str(table.text[column].iloc[row])
        assert table.text_cell(0, "no such column") == ""


def test_a_written_cell_is_read_anew():
    catalog = Catalog(PROJECT / "data")
    table = next(t for t in catalog.tables.values() if t.has("value") and len(t.frame) > 1)
    before = table.text_cell(0, "value"), table.value(0, "value")
    table.set_cell(0, "value", 12345.5, "12345.5")
    assert (table.text_cell(0, "value"), table.value(0, "value")) == ("12345.5", 12345.5)
    assert before != ("12345.5", 12345.5)
    assert table.text_cell(1, "value") == str(table.text["value"].iloc[1])
