"""Tables computed by code from published values (a prior year from a growth rate, a share from
parts), registered by name and shown on the site as computed, never as published."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..base.addresses import table_id_in
from ..base.missing import is_missing
from .catalog import Catalog, DataError, Field, Table
from .quantity import STATUS_DESCRIPTION, STATUS_TITLE


@dataclass(frozen=True)
class DerivedDef:
    table_id: str
    title: str
    derivation: str
    fields: tuple[Field, ...]
    function: Callable[[Catalog], pd.DataFrame]
    description: str = ""


DERIVED: dict[str, DerivedDef] = {}
# Every computed table says, row by row, which values the document prints and which the site computed.
STATUS = Field("status", "string", STATUS_TITLE, STATUS_DESCRIPTION)


def fact(catalog: Catalog, table_id: str, fact_id: str) -> float:
    """A number the document states, from its facts table (`package/facts`)."""
    value, _ = catalog.table(table_id).cell({"id": fact_id}, "value", f"macros/documents: fact {fact_id}")
    return float(value)


def derived(table: str, *, title: str, derivation: str, fields: list[Field], description: str = ""):
    """Register a computed table of the module's own document (or `document/name`). Numeric fields
    must set `decimals`: a computed number has no printed precision of its own."""

    def register(function: Callable[[Catalog], pd.DataFrame]):
        table_id = table_id_in(function.__module__, table)
        for f in fields:
            if f.type == "number" and f.decimals is None:
                raise ValueError(f"{table_id}: computed field {f.name} needs decimals")
        DERIVED[table_id] = DerivedDef(table_id, title, derivation, tuple(fields), function, description)
        return function

    return register


def module_path(function: Callable) -> str:
    """The file of the code that computes a table, from the project root: macros/documents/x.py."""
    return "macros/" + "/".join(function.__module__.split(".")[1:]) + ".py"


def add_derived_tables(catalog: Catalog) -> None:
    """Compute every registered table and add it to the catalog beside the published ones."""
    for definition in DERIVED.values():
        package_name, _, name = definition.table_id.partition("/")
        package = catalog.packages.get(package_name)
        if package is None:
            # The computation belongs to a document this project does not carry.
            continue
        frame = definition.function(catalog).reset_index(drop=True)
        columns = [f.name for f in definition.fields]
        if list(frame.columns) != columns:
            raise DataError(
                f"macros/documents: {definition.table_id} returned columns {list(frame.columns)}, "
                f"but its fields are {columns}."
            )
        text = frame.apply(lambda column: column.map(lambda v: "" if is_missing(v) else str(v)))
        catalog.add(
            Table(
                package=package,
                name=name,
                title=definition.title,
                description=definition.description,
                location="",
                label="",
                fields=list(definition.fields),
                primary_key=[],
                path=package.directory / f"{name}.csv",
                frame=frame,
                text=text,
                derivation=definition.derivation,
                code=module_path(definition.function),
            )
        )
