"""Where a computed dataset comes from: the function in its document's module (macros/documents)
that makes it, and the published values it reads, found by running that function against a
catalogue that records reads."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..base import addresses
from ..base.escaping import html_attr, html_text
from ..data.catalog import Catalog, Table, text_of
from ..data.derived import DERIVED


@dataclass(frozen=True)
class Input:
    """A value (or, with no `where`, a whole table) that a computation reads."""

    table: Table
    where: tuple[tuple[str, str], ...] = ()
    column: str = ""

    @property
    def reference(self) -> str:
        """In the checks' notation: facts[id=market_size_2019].value, or just the table's name."""
        if not self.where:
            return self.table.name
        conditions = ",".join(f"{k}={v}" for k, v in self.where)
        return f"{self.table.name}[{conditions}].{self.column}"

    def shown(self) -> str:
        """The value as the CSV writes it, with its unit; '' for a whole table."""
        if not self.where:
            return ""
        positions = self.table.positions_where(dict(self.where))
        if len(positions) != 1:
            return ""
        row = positions[0]
        text = text_of(self.table.text[self.column].iloc[row])
        frame = self.table.frame
        unit = self.table.field(self.column).unit
        if "unit" in frame and self.column == "value":
            unit = text_of(frame["unit"].iloc[row])
        return f"{text}{unit}"


@dataclass(frozen=True)
class Provenance:
    code_path: str  # from the project root: macros/documents/white_paper_2020.py
    function: str
    line: int
    derivation: str
    inputs: tuple[Input, ...]

    def code_url(self, repo: addresses.Repository) -> str:
        return repo.source(self.code_path, self.line)

    def edit_url(self, repo: addresses.Repository) -> str:
        return repo.edit(self.code_path)

    def descriptor(self) -> dict:
        """The provenance as a data package resource states it (our own key, `derivation`)."""
        return {
            "description": self.derivation,
            "code": f"{self.code_path}:{self.function}",
            "inputs": [
                f"{i.table.id}" if not i.where else f"{i.table.package.name}/{i.reference}"
                for i in self.inputs
            ],
        }


class _RecordingTable:
    """A table that notes which of its cells, or whether its whole frame, are read."""

    def __init__(self, table: Table, reads: list):
        self._table, self._reads = table, reads

    def __getattr__(self, name):
        # A cell read through value() (plain_text.cell_text) reads the table as frame does.
        if name in ("frame", "text", "value"):
            self._reads.append(Input(self._table))
        return getattr(self._table, name)

    def cell(self, where, column, context):
        self._reads.append(Input(self._table, tuple((k, str(v)) for k, v in where.items()), column))
        return self._table.cell(where, column, context)


class _RecordingCatalog:
    def __init__(self, catalog: Catalog):
        self._catalog, self.reads = catalog, []

    def __getattr__(self, name):
        return getattr(self._catalog, name)

    def table(self, table_id, context=""):
        return _RecordingTable(self._catalog.table(table_id, context), self.reads)

    def resolve(self, package, reference, context):
        return Catalog.resolve(self, package, reference, context)


def provenance(table: Table, catalog: Catalog, project_dir: Path) -> Provenance | None:
    """The provenance of a computed table; None for a published one."""
    definition = DERIVED.get(table.id)
    if not table.computed or definition is None:
        return None
    recorder = _RecordingCatalog(catalog)
    definition.function(recorder)
    cells = {(i.table.id, i.where, i.column): i for i in recorder.reads if i.where}
    read_cells_of = {i.table.id for i in cells.values()}
    # A table read only through its cells is listed cell by cell; one read whole is listed once.
    whole = {i.table.id: i for i in recorder.reads if not i.where and i.table.id not in read_cells_of}
    function = inspect.unwrap(definition.function)
    return Provenance(
        code_path=table.code,
        function=function.__name__,
        line=inspect.getsourcelines(function)[1],
        derivation=definition.derivation,
        inputs=tuple(list(cells.values()) + list(whole.values())),
    )


def provenance_html(found: Provenance, repo: addresses.Repository, base: str) -> str:
    """The data page's account of a computation for a reader: the formula and the values it reads.
    The code that does it is for contributors (provenance_code_html)."""
    items = []
    for i in found.inputs:
        link = f'<a href="{base}{addresses.data_page(i.table.id)}">{html_text(i.table.title)}</a>'
        value = i.shown()
        items.append(f"<li>{link}：{html_text(value) if value else '整张表'}</li>")
    return (
        '<h2 id="provenance">计算方法</h2>'
        f"<p>{html_text(found.derivation)}</p>"
        f"<p>读取的文献数值：</p><ul>{''.join(items) or '<li>无</li>'}</ul>"
    )


def provenance_code_html(found: Provenance, repo: addresses.Repository, base: str) -> str:
    """The computation as a contributor finds it: the code, its function and each cell it reads."""
    items = []
    for i in found.inputs:
        value = i.shown()
        shown = f" = {html_text(value)}" if value else "（整张表）"
        items.append(f"<li><code>{html_text(i.reference)}</code>{shown}</li>")
    return (
        # The link is plain text: Material's code colour inside a link is too faint on the dark scheme.
        f'<p>计算代码：<a href="{html_attr(found.code_url(repo))}" rel="external">'
        f"{html_text(found.code_path)}</a>"
        f" 中的函数 <code>{html_text(found.function)}()</code>"
        f'（<a href="{html_attr(found.edit_url(repo))}" rel="external">编辑</a>）</p>'
        f"<p>读取的单元格：</p><ul>{''.join(items) or '<li>无</li>'}</ul>"
    )


def computed_csv(table: Table) -> bytes:
    """A computed table as the CSV the site offers for download."""
    frame: pd.DataFrame = table.frame
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
