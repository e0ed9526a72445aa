"""How the two documents' quantities stand to each other: data/relations.yaml, read as strictly as a
descriptor (typed keys, line numbers, no duplicate keys), every reference resolved in its document.

A relation belongs to no single document, so it lives beside the documents' folders, not in either
datapackage.yaml. Its references use the descriptors' grammar, table[column=value,...].column,
inside the document its side names: one grammar for every reference the project has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field as Key

from ..base.errors import DataError, suggest
from ..base.formatting import join_lines
from .catalog import Catalog
from .checks import operand
from .descriptor import Model, PackageName, Reference, SnakeName, Text, read_site_file
from .quantity import Quantity

RELATIONS_FILE = "relations.yaml"
# How the first side's scope stands to the second's.
SCOPES = ("same", "wider", "narrower", "not_stated")


class SideSpec(Model):
    document: PackageName
    scope: Text
    values: Annotated[list[Reference], Key(min_length=1)]


class RelationSpec(Model):
    id: SnakeName
    title: Text
    topic: Text
    scope: Literal["same", "wider", "narrower", "not_stated"]
    basis: Text = ""
    series: bool = False
    tolerance: Annotated[float, Key(ge=0)] | None = None
    first: SideSpec
    second: SideSpec


class RelationsSpec(Model):
    relations: Annotated[list[RelationSpec], Key(min_length=1)]


@dataclass(frozen=True)
class Side:
    document: str
    scope: str
    quantities: tuple[Quantity, ...]


@dataclass(frozen=True)
class Relation:
    id: str
    title: str
    topic: str
    scope: str
    basis: str
    series: bool
    tolerance: float | None
    first: Side
    second: Side
    line: int

    @property
    def sides(self) -> tuple[Side, Side]:
        return self.first, self.second

    @property
    def documents(self) -> tuple[str, str]:
        return self.first.document, self.second.document


def load_relations(catalog: Catalog, series_only: bool = False) -> list[Relation]:
    """Every relation of data/relations.yaml (or only those marked series), its values resolved;
    none when the file is absent (a project of one document has nothing to relate)."""
    found = read_site_file(catalog.data_dir, RELATIONS_FILE, RelationsSpec, "the key relations (a list)")
    if found is None:
        return []
    located, spec, shown = found
    documents = [name for name, package in catalog.packages.items() if not package.is_reference]
    relations, seen = [], {}
    for index, item in enumerate(spec.relations):
        at = ("relations", index)
        line = located.lines[at]
        where = f"{shown}, line {line}, relation '{item.id}'"
        if item.id in seen:
            raise DataError(f"{where}: the id repeats the relation on line {seen[item.id]}. Rename one.")
        seen[item.id] = line
        if series_only and not item.series:
            continue
        sides = []
        for name in ("first", "second"):
            side = getattr(item, name)
            if side.document not in documents:
                # The outside constants (data/reference) are no document: they relate nothing.
                side_line = located.lines[(*at, name, "document")]
                raise DataError(
                    f"{shown}, line {side_line}, relation '{item.id}', {name}: there is no document "
                    f"'{side.document}' in data/. {suggest(side.document, documents)}"
                )
            quantities = []
            for number, reference in enumerate(side.values):
                value_line = located.lines[(*at, name, "values", number)]
                context = f"{shown}, line {value_line}, relation '{item.id}', {name}"
                quantities.append(operand(catalog, side.document, reference, context))
            sides.append(Side(side.document, join_lines(side.scope), tuple(quantities)))
        if sides[0].document == sides[1].document:
            raise DataError(
                f"{where}: both sides name {sides[0].document}. A relation joins two documents; a "
                "document's own quantities are compared by the checks in its datapackage.yaml."
            )
        relations.append(
            Relation(
                id=item.id,
                title=item.title,
                topic=item.topic,
                scope=item.scope,
                basis=join_lines(item.basis),
                series=item.series,
                tolerance=item.tolerance,
                first=sides[0],
                second=sides[1],
                line=line,
            )
        )
    return relations


def year_of(quantity: Quantity) -> str:
    """The year a value is stated for: its row's year, or '' when the document gives none."""
    return quantity.table.text_cell(quantity.row, "year")
