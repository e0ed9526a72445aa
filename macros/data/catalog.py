"""Find, load and check the data packages under data/; every data problem becomes one DataError."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..base import files
from ..base.addresses import anchor_id
from ..base.errors import DataError, reading, suggest
from ..base.formatting import join_lines
from ..base.missing import is_missing
from .csvread import look_alike, look_alike_fix, read_csv
from .descriptor import REFERENCE, Check, Constraints, FieldSpec, Resource, read_descriptor
from .numbers import INTEGER, NotANumber, read_number, written_decimals
from .quantity import COMPUTED, QUALIFIERS, Quantity

NUMERIC_TYPES = {"number", "integer"}
KNOWN_TYPES = NUMERIC_TYPES | {"string"}


def text_of(value: object) -> str:
    """A cell as text, with a missing value (None or NaN) as ''."""
    if is_missing(value):
        return ""
    return str(value)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    description: str = ""
    unit: str = ""
    decimals: int | None = None
    constraints: Constraints | None = field(default=None, compare=False)

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def heading(self) -> str:
        """The column heading shown to readers: title plus unit."""
        return f"{self.title}（{self.unit}）" if self.unit else self.title


@dataclass
class Table:
    """One CSV with its metadata. `frame` is typed; `text` keeps every cell as written in the file."""

    package: Package
    name: str
    title: str
    description: str
    location: str
    label: str
    fields: list[Field]
    primary_key: list[str]
    path: Path
    frame: pd.DataFrame
    text: pd.DataFrame
    derivation: str = ""  # for computed tables: how they were computed
    code: str = ""  # for computed tables: the module that computes them, from the project root
    lines: list[int] = field(default_factory=list)  # the editor line of each row of the CSV
    # Facts that are a table cell's value (facts.csv, same_as): row -> (table, row, column, whether
    # the fact also states the value itself).
    same_as: dict[int, tuple] = field(default_factory=dict, repr=False, compare=False)
    _indexes: dict = field(default_factory=dict, repr=False, compare=False)

    def __deepcopy__(self, memo) -> Table:
        # A chart's DataFrame carries its Table in attrs, and pandas deep-copies attrs on every
        # operation: copying the table (and through it the whole package) made builds minutes long.
        # The metadata is never changed after loading, so every copy can share it.
        return self

    @property
    def id(self) -> str:
        return f"{self.package.name}/{self.name}"

    @property
    def computed(self) -> bool:
        return bool(self.derivation)

    def field(self, name: str, context: str = "") -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        where = f"{context}: " if context else ""
        raise DataError(
            f"{where}{self.id} has no column '{name}'. {suggest(name, [f.name for f in self.fields])}"
        )

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    # Pages read tens of thousands of single cells a build. A pandas lookup (frame[column].iloc[row])
    # costs some twenty microseconds, a list index next to nothing: each column is read once into a
    # plain list when a cell of the table is first asked for. The frames are not changed after
    # loading; set_cell, their one writer, forgets the lists.

    @cached_property
    def column_values(self) -> dict[str, list]:
        """Each column's typed values (None or NaN when empty), as a list by row position."""
        return {column: self.frame[column].tolist() for column in self.frame.columns}

    @cached_property
    def column_texts(self) -> dict[str, list[str]]:
        """Each column's cells as the CSV writes them, as a list by row position."""
        return {column: [str(cell) for cell in self.text[column]] for column in self.text.columns}

    def value(self, row: int, column: str) -> object:
        """A cell's typed value (None or NaN when empty)."""
        return self.column_values[column][row]

    def text_cell(self, row: int, column: str) -> str:
        """A cell as the CSV writes it ('' when the column is absent or the cell empty)."""
        texts = self.column_texts.get(column)
        return texts[row] if texts is not None else ""

    def set_cell(self, row: int, column: str, value: object, text: str) -> None:
        """Write one cell, its typed value and its text, while the catalog is loaded."""
        self.frame.loc[self.frame.index[row], column] = value
        self.text.loc[self.text.index[row], column] = text
        self.__dict__.pop("column_values", None)
        self.__dict__.pop("column_texts", None)

    def line_of(self, row: int) -> int:
        """The line of the CSV, as an editor numbers it, that holds data row `row`."""
        return self.lines[row] if self.lines else row + 2

    def row_anchor(self, row: int) -> str:
        """The id of a row on the dataset's page: its key ('row-china_mems_market_size_2019'), or
        its CSV line when the table has no key."""
        if self.primary_key:
            return anchor_id("row", *(self.text_cell(row, k) for k in self.primary_key))
        return f"row-{self.line_of(row)}"

    def quantity(self, row: int, column: str) -> Quantity:
        """The value in one cell, with its unit, qualifier, range and printed decimals. In a facts
        table the row's own unit, qualifier, value_max, published and note columns belong to its
        `value`; elsewhere the unit is the field's."""
        f = self.field(column)
        cell = self.value(row, column)
        own = column == "value"
        decimals = f.decimals if f.decimals is not None else self.written_decimals(column, row)
        top = self.value(row, "value_max") if own and self.has("value_max") else None
        return Quantity(
            table=self,
            row=row,
            column=column,
            value=None if is_missing(cell) else float(cell),
            unit=self.text_cell(row, "unit") if own and self.has("unit") else f.unit,
            decimals=decimals,
            # A row's qualifier (约, 超过) stands before its measure, in facts and in tables alike.
            qualifier=self.text_cell(row, "qualifier"),
            value_max=None if is_missing(top) else float(top),
            max_decimals=self.written_decimals("value_max", row) if not is_missing(top) else 0,
            published=self.text_cell(row, "published") if own else "",
            note=self.text_cell(row, "note") if own else "",
            computed=self.computed or self.text_cell(row, "status") == COMPUTED,
        )

    def written_decimals(self, column: str, row: int) -> int:
        """Decimals of a cell as the CSV writes it (51 -> 0, 70.78 -> 2, 5.978e2 -> 1)."""
        return written_decimals(self.text_cell(row, column))

    def positions_where(self, where: dict[str, object], context: str = "") -> list[int]:
        """Positions of the rows whose columns equal the given values (compared as text). Pages
        ask for hundreds of single values, so each set of columns is indexed once."""
        columns = tuple(where)
        for column in columns:
            self.field(column, context)
        index = self._indexes.get(columns)
        if index is None:
            index = {}
            for position, values in enumerate(zip(*(self.text[c] for c in columns), strict=True)):
                index.setdefault(values, []).append(position)
            self._indexes[columns] = index
        return index.get(tuple(str(where[c]) for c in columns), [])

    def cell(self, where: dict[str, object], column: str, context: str) -> tuple[object, int]:
        """The one cell selected by `where` in `column`, with its row position."""
        self.field(column, context)
        positions = self.positions_where(where, context)
        described = ", ".join(f"{k}={v}" for k, v in where.items()) or "(no condition)"
        if len(positions) != 1:
            found = "no row" if not positions else f"{len(positions)} rows"
            raise DataError(
                f"{context}: {found} of {self.id} where {described}; exactly one is needed. "
                "Name the row by its key columns "
                f"({', '.join(self.primary_key) or 'see the table'})."
            )
        return self.value(positions[0], column), positions[0]


@dataclass
class Package:
    name: str
    title: str
    description: str
    version: str
    sources: list[dict]
    directory: Path
    descriptor: dict
    tables: dict[str, Table] = field(default_factory=dict)
    # Each check as the model of its kind read it (descriptor.CHECKS), in the order of the file.
    checks: list[Check] = field(default_factory=list)
    # The line of every key and item of datapackage.yaml, by its path (("checks", 0, "parts", 1)).
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)

    raws: dict[tuple, str] = field(default_factory=dict, repr=False)

    def check_line(self, index: int) -> int:
        """The line of datapackage.yaml on which check `index` (from 0) begins."""
        return self.lines.get(("checks", index), 1)

    def reference_line(self, reference: str, check_line: int) -> int:
        """The line on which the check that begins on `check_line` writes `reference`."""
        lines = [line for line in self.reference_lines.get(reference, []) if line >= check_line]
        return min(lines, default=check_line)

    @cached_property
    def reference_lines(self) -> dict[str, list[int]]:
        """The lines of the checks' keys and items, by what each writes: every reference of every
        check asks for its line, and a walk of the whole file for each cost more than the checks."""
        found: dict[str, list[int]] = {}
        for path, line in self.lines.items():
            if path[:1] == ("checks",):
                found.setdefault(self.raws.get(path, "").strip("'\" "), []).append(line)
        return found

    @property
    def publisher(self) -> str:
        return str(self.sources[0].get("publisher", "")) if self.sources else ""

    @property
    def is_reference(self) -> bool:
        """The outside constants (data/reference), not a document: each row names its own standard."""
        return self.name == REFERENCE_PACKAGE

    @property
    def shown_title(self) -> str:
        """How pages name the package: a document by its title in 《》, the constants plainly."""
        return self.title if self.is_reference else f"《{self.title}》"

    @property
    def date(self) -> str:
        return str(self.sources[0].get("date", "")) if self.sources else ""


# The files that stand beside the documents' folders and belong to the site: how the documents'
# quantities relate (data/relations.py reads it) and the names they use (data/entities.py).
SITE_FILES = ("README.md", "relations.yaml", "entities.yaml")


class Catalog:
    """All data packages of the project, loaded and checked once per build."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.packages: dict[str, Package] = {}
        for folder in sorted(p for p in self.data_dir.iterdir() if p.is_dir() and not hidden(p)):
            descriptor = folder / DESCRIPTOR
            refuse_outside(descriptor, self.data_dir)
            if not descriptor.is_file():
                refuse_undescribed(folder, self.data_dir)
                continue
            with reading(files.shown_path(descriptor, self.data_dir)):
                package = load_package(descriptor, self.data_dir)
            self.packages[package.name] = package
        for path in sorted(self.data_dir.iterdir()):
            if path.is_file() and not hidden(path) and path.name not in SITE_FILES:
                raise DataError(
                    f"{files.shown_path(path, self.data_dir)}: a file directly in data/ belongs to no "
                    "document, so the site would ignore it. Move it into its document's folder "
                    "(data/<document>/) and describe it there, or remove it."
                )
        if not self.packages:
            raise DataError(
                f"{self.data_dir}: no data package found. Each document needs a folder with a "
                "datapackage.yaml (see data/README.md)."
            )

    @cached_property
    def tables(self) -> dict[str, Table]:
        return {t.id: t for p in self.packages.values() for t in p.tables.values()}

    def table(self, table_id: str, context: str = "") -> Table:
        if table_id in self.tables:
            return self.tables[table_id]
        where = f"{context}: " if context else ""
        raise DataError(f"{where}unknown dataset '{table_id}'. {suggest(table_id, list(self.tables))}")

    def add(self, table: Table) -> None:
        """Register a computed table beside the published ones."""
        if table.id in self.tables:
            raise DataError(f"{table.id}: a computed table has the name of an existing dataset.")
        table.package.tables[table.name] = table
        self.tables[table.id] = table

    def resolve(self, package: str, reference: str, context: str) -> tuple[Table, object, int, str]:
        """A reference `table[col=val,...].column` inside a package: (table, value, row, column).
        A check may also name an outside constant, `reference/constants[id=...].value`; never
        another document's values, which are that document's to compare."""
        # A check's context names the line it begins on; a reference's message names its own line.
        check = CHECK_CONTEXT.match(context)
        if check and package in self.packages:
            line = self.packages[package].reference_line(reference, int(check["line"]))
            context = f"{check['file']}, line {line}{context[check.end() :]}"
        context = f"{context}, reference '{reference}'"
        owner, reference = split_package(reference)
        if owner and owner not in (package, REFERENCE_PACKAGE):
            raise DataError(
                f"{context}: it names another package's data. A check compares one document's own "
                f"values, and may use only the outside constants in {REFERENCE_PACKAGE}/."
            )
        name, where, column = parse_reference(reference, context)
        table = self.table(f"{owner or package}/{name}", context)
        value, row = table.cell(where, column, context)
        return table, value, row, column


# The package of constants from outside the documents (a standard's conversion factor, a wafer's
# size): data of their own, with their own sources, never one of the documents' values.
REFERENCE_PACKAGE = "reference"


def split_package(reference: str) -> tuple[str, str]:
    """`reference/constants[id=x].value` as ('reference', 'constants[id=x].value'); a reference
    without a package as ('', reference). Only a slash before the table name counts: a row's key
    may hold one (subfield=AlN/PZT)."""
    match = re.match(r"\s*([a-z0-9][a-z0-9-]*)/(?=\w+[\[.])", reference)
    return (match[1], reference[match.end() :]) if match else ("", reference)


def is_reference(table: Table) -> bool:
    """A table of outside constants rather than of a document's values."""
    return table.package.is_reference


def parse_reference(reference: str, context: str) -> tuple[str, dict[str, str], str]:
    """`table[col=val,...].column` as (table, {col: val}, column)."""
    match = REFERENCE.fullmatch(reference.strip())
    if not match:
        raise DataError(
            f"{context}: '{reference}' is not a reference. Write it as "
            "table[column=value,...].column, e.g. facts[id=market_size_2019].value."
        )
    if match["package"]:
        raise DataError(
            f"{context}: '{reference}' names another package's table. Only a check may, and only the "
            f"outside constants in {REFERENCE_PACKAGE}/; a document's own values name their table alone."
        )
    where = {}
    for condition in filter(None, (match["where"] or "").split(",")):
        key, _, wanted = condition.partition("=")
        where[key.strip()] = wanted.strip()
    return match["table"], where, match["column"]


def resolve_in(package: Package, reference: str, context: str) -> tuple[Table, object, int, str]:
    """A reference among one package's tables, while the package is being loaded."""
    context = f"{context}, reference '{reference}'"
    name, where, column = parse_reference(reference, context)
    table = package.tables.get(name)
    if table is None:
        known = suggest(f"{package.name}/{name}", [f"{package.name}/{t}" for t in package.tables])
        raise DataError(f"{context}: unknown dataset '{package.name}/{name}'. {known}")
    value, row = table.cell(where, column, context)
    return table, value, row, column


CHECK_CONTEXT = re.compile(r"(?P<file>\S+/datapackage\.yaml), line (?P<line>\d+)")


def load_package(descriptor_path: Path, data_dir: Path) -> Package:
    where = descriptor_path.relative_to(data_dir.parent)
    # Every key is typed and checked here (macros/descriptor.py), with the line it stands on.
    descriptor, spec, checks, located = read_descriptor(descriptor_path, where)
    if spec.name != descriptor_path.parent.name:
        raise DataError(
            f"{where}: the package is named '{spec.name}' but its folder is "
            f"'{descriptor_path.parent.name}'. Use the folder name as the package name."
        )
    package = Package(
        name=spec.name,
        title=spec.title,
        description=join_lines(spec.description),
        version=spec.version,
        sources=list(descriptor.get("sources") or []),
        directory=descriptor_path.parent,
        descriptor=descriptor,
        checks=checks,
        lines=located.lines,
        raws=located.raws,
    )
    names = [resource.name for resource in spec.resources]
    for name in names:
        if names.count(name) > 1:
            raise DataError(f"{where}: two resources are named '{name}'. Each dataset needs its own name.")
    ids = [check.id for check in checks]
    for index, check_id in enumerate(ids):
        first = ids.index(check_id)
        if first != index:
            raise DataError(
                f"{where}, line {package.check_line(index)}, check '{check_id}': two checks have this "
                f"id (the first on line {package.check_line(first)}). Rename one."
            )
    for resource in spec.resources:
        with reading(f"{where.parent}/{resource.path}"):
            table = load_table(package, resource, where)
        package.tables[table.name] = table
    refuse_ignored(package, where)
    link_same_values(package)
    return package


DESCRIPTOR = "datapackage.yaml"


def hidden(path: Path) -> bool:
    """A file an editor or the system keeps beside the data (.DS_Store, .~lock), never data."""
    return path.name.startswith(".")


def refuse_outside(path: Path, data_dir: Path) -> None:
    """Files are read only from inside data/: a symbolic link that leads out of it is refused, so
    that no file from elsewhere on the machine can be published into the site or the zip."""
    files.refuse_outside(path, data_dir)


def refuse_undescribed(folder: Path, data_dir: Path) -> None:
    """A folder of data/ without a datapackage.yaml: refused when it holds anything the site would
    otherwise ignore (a descriptor under another name, CSVs)."""
    shown = files.shown_path(folder, data_dir)
    kept = sorted(p.name for p in folder.iterdir() if not hidden(p))
    if not kept:
        return
    near = [name for name in kept if name.lower().startswith("datapackage")]
    if near:
        raise DataError(
            f"{shown}/{near[0]}: the site reads a document's descriptor only as {DESCRIPTOR}, so "
            f"this folder would be ignored. Rename the file to {DESCRIPTOR} (YAML, as data/README.md "
            "describes it)."
        )
    raise DataError(
        f"{shown}/: the folder holds {', '.join(kept[:5])}{' …' if len(kept) > 5 else ''} but no "
        f"{DESCRIPTOR}, so the site would ignore it. Add a {DESCRIPTOR} that describes its files "
        "(see data/README.md), or move the folder out of data/."
    )


def refuse_ignored(package: Package, where: Path) -> None:
    """Every file of a document's folder is its descriptor or a CSV it describes; anything else
    (a .CSV, a spreadsheet, a second descriptor) would be ignored, and is refused."""
    listed = {table.path.name for table in package.tables.values()} | {DESCRIPTOR}
    for path in sorted(package.directory.iterdir()):
        if path.name in listed or hidden(path):
            continue
        shown = f"data/{package.name}/{path.name}"
        if path.suffix.lower() == ".csv" and path.suffix != ".csv":
            fix = f"Rename it to {path.stem}.csv: the site reads tables only from files ending in .csv."
        elif path.suffix == ".csv":
            fix = "Describe it under resources: (see data/README.md), or remove it."
        elif path.name.lower().startswith("datapackage"):
            fix = f"The descriptor is {DESCRIPTOR} alone: merge the two and remove this one."
        elif path.is_dir():
            fix = "A document's tables stand in its own folder, not in a sub-folder: move them up."
        else:
            fix = "A document's folder holds its descriptor and its CSVs only: remove the file."
        raise DataError(
            f"{shown}: no resource of {where} describes this {'folder' if path.is_dir() else 'file'}, "
            f"so the site would ignore it. {fix}"
        )


def link_same_values(package: Package) -> None:
    """A fact whose `same_as` names a table cell is that cell's value, stored once. With its own
    value empty, the fact reads the cell (a correction there moves every page); with a value of its
    own, the document states the quantity twice, and the repeat check compares the two."""
    facts = package.tables.get("facts")
    if facts is None or not facts.has("same_as"):
        return
    for row in range(len(facts.frame)):
        reference = facts.text_cell(row, "same_as")
        if not reference:
            continue
        context = f"data/{package.name}/facts.csv, line {facts.line_of(row)}, column same_as"
        table, cell, cell_row, column = resolve_in(package, reference, context)
        if table is facts:
            raise DataError(f"{context}: '{reference}' names another fact; name the table cell itself.")
        if not table.field(column, context).numeric:
            raise DataError(f"{context}: '{reference}' is not a numeric column of {table.id}.")
        stated_twice = facts.text_cell(row, "value") != ""
        if facts.text_cell(row, "unit") != table.field(column).unit:
            raise DataError(
                f"{context}: the fact's unit '{facts.text_cell(row, 'unit')}' differs from the unit "
                f"'{table.field(column).unit}' of {reference}. Give the fact the cell's unit."
            )
        if not stated_twice:
            facts.set_cell(row, "value", cell, table.text_cell(cell_row, column))
        facts.same_as[row] = (table, cell_row, column, stated_twice)


def load_table(package: Package, resource: Resource, where: Path) -> Table:
    name = resource.name
    context = f"{where}, resource '{name}'"
    if resource.path != f"{name}.csv":
        raise DataError(
            f"{context}: its path is '{resource.path}'; it must be '{name}.csv', so that the dataset's "
            "name and its file name agree."
        )
    path = package.directory / resource.path
    refuse_outside(path, package.directory.parent)
    if not path.is_file():
        raise DataError(
            f"{context}: names the file {resource.path}, which does not exist in "
            f"{package.directory.name}/. Add the CSV or correct the path."
        )
    fields = load_fields(resource.table_schema.fields)
    location = resource.location.strip()
    if not location and not {"source", "location"} & {f.name for f in fields}:
        raise DataError(
            f"{context}: says nowhere where its values stand in the document. Add "
            "`location:` (chapter or section, figure or table number), or a `source` column "
            "when rows come from different places."
        )
    csv_name = where.parent / resource.path
    text, lines = read_csv_text(path, csv_name)
    check_header(text, fields, csv_name, where)
    frame = type_columns(text, fields, csv_name, lines)
    check_words(text, csv_name, lines)
    primary_key = list(resource.table_schema.primaryKey)
    check_primary_key(text, primary_key, csv_name, fields, where, lines)
    check_constraints(text, frame, fields, csv_name, where, lines)
    return Table(
        package=package,
        name=name,
        title=resource.title or name,
        description=join_lines(resource.description),
        location=location,
        label=resource.label,
        fields=fields,
        primary_key=primary_key,
        path=path,
        frame=frame,
        text=text,
        lines=lines,
    )


def load_fields(specs: list[FieldSpec]) -> list[Field]:
    return [
        Field(
            name=spec.name,
            type=spec.type,
            title=spec.title or spec.name,
            description=join_lines(spec.description),
            unit=spec.unit,
            decimals=spec.decimals,
            constraints=spec.constraints,
        )
        for spec in specs
    ]


def read_csv_text(path: Path, shown: Path) -> tuple[pd.DataFrame, list[int]]:
    """Every cell as text, as written but for the spaces around it; empty cells as ''. With the
    editor line of each row, for every later message."""
    parsed = read_csv(path, shown)
    columns = list(zip(*parsed.rows, strict=True))
    text = pd.DataFrame(
        {
            name: pd.Series(list(values), dtype="str")
            for name, values in zip(parsed.header, columns, strict=True)
        }
    )
    return text, parsed.lines


def described(columns: list[str], names: list[str], found: Callable[[str], str], fix: str = "") -> None:
    """Each of `columns` is one of the fields' `names`; the first that is not is refused with the
    nearest name and the fix."""
    for column in columns:
        if column not in names:
            raise DataError(f"{found(column)} {suggest(column, names)} {fix}".rstrip())


def check_header(text: pd.DataFrame, fields: list[Field], shown: Path, descriptor: Path) -> None:
    header = list(text.columns)
    names = [f.name for f in fields]
    described(
        header,
        names,
        lambda column: f"{shown}, header: column '{column}' is not described in {descriptor}.",
        "Rename the column or describe it in the schema.",
    )
    for name in names:
        if name not in header:
            raise DataError(
                f"{shown}, header: {descriptor} lists the column '{name}', which the CSV lacks. "
                f"The CSV has: {', '.join(header)}. Add the column or remove the field."
            )


def type_columns(text: pd.DataFrame, fields: list[Field], shown: Path, lines: list[int]) -> pd.DataFrame:
    frame = text.copy()
    for f in fields:
        column = text[f.name]
        if not f.numeric:
            frame[f.name] = column.where(column != "", None)
            continue
        for position, cell in enumerate(column):
            if not cell:
                continue
            try:
                read_number(cell)
            except NotANumber as refused:
                unit = f", unit '{f.unit}'" if f.unit else ""
                where = f"{shown}, line {lines[position]}, column {f.name}"
                advice = str(refused) or (
                    "is not a number. Write the number alone: units belong in datapackage.yaml "
                    f"(field '{f.name}'{unit})."
                )
                raise DataError(f"{where}: '{cell}' {advice}") from None
            if cell and f.type == "integer" and not INTEGER.fullmatch(cell):
                raise DataError(
                    f"{shown}, line {lines[position]}, column {f.name}: '{cell}' is not "
                    f"a whole number, but the field is an integer. Correct the cell or make the "
                    "field type 'number'."
                )
        frame[f.name] = pd.to_numeric(column.replace("", None))
    return frame


def check_words(text: pd.DataFrame, shown: Path, lines: list[int]) -> None:
    """Units and qualifiers in the one form the site and its checks read: a look-alike character
    (％ for %) is refused by its code point, a qualifier outside the vocabulary is refused."""
    for column in ("unit", "qualifier"):
        if column not in text.columns:
            continue
        for position, cell in enumerate(text[column]):
            where = f"{shown}, line {lines[position]}, column {column}"
            found = look_alike(cell)
            if found:
                raise DataError(f"{where}: in '{cell}', {look_alike_fix(*found, column)}.")
            if column == "qualifier" and cell and cell not in QUALIFIERS:
                raise DataError(
                    f"{where}: '{cell}' is not a qualifier the site knows, so it cannot tell what the "
                    f"value allows.{did_you_mean(cell, list(QUALIFIERS))} The known qualifiers are "
                    f"{'、'.join(QUALIFIERS)}; a new one is added, with its meaning, to QUALIFIERS in "
                    "macros/data/quantity.py."
                )


def key_form(text: str) -> str:
    """A key as a reader sees it: full-width and half-width forms as one (（ as (), spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def check_primary_key(
    text: pd.DataFrame, key: list[str], shown: Path, fields: list[Field], descriptor: Path, lines: list[int]
) -> None:
    names = [f.name for f in fields]
    described(
        key,
        names,
        lambda c: f"{descriptor}: the primaryKey of {shown.name} names '{c}', which is not a field.",
    )
    if not key:
        return
    seen: dict[tuple, int] = {}
    forms: dict[tuple, int] = {}
    anchors: dict[str, int] = {}
    for position, values in enumerate(text[key].itertuples(index=False, name=None)):
        for column, value in zip(key, values, strict=True):
            if not value:
                raise DataError(
                    f"{shown}, line {lines[position]}, column {column}: the cell is empty, but it is "
                    "part of the row's key (primaryKey), which names the row. Fill it in."
                )
        shown_key = ", ".join(f"{k}={v}" for k, v in zip(key, values, strict=True))
        if values in seen:
            raise DataError(
                f"{shown}, line {lines[position]}: the key ({shown_key}) repeats line {lines[seen[values]]}. "
                "Each row needs its own key: merge the rows or correct one of them."
            )
        form = tuple(key_form(v) for v in values)
        anchor = anchor_id("row", *values)
        other = forms.get(form, anchors.get(anchor))
        first = ", ".join(text[k].iloc[other] for k in key) if other is not None else ""
        if form in forms:
            raise DataError(
                f"{shown}, line {lines[position]}: the key ({shown_key}) reads the same as line "
                f"{lines[other]}'s ({first}) but for the form of a character (full-width against "
                "half-width, or a space). Each row needs its own key: write both keys alike if they "
                "are one row, or make them differ in words."
            )
        if anchor in anchors:
            raise DataError(
                f"{shown}, line {lines[position]}: the key ({shown_key}) gives its row the same address "
                f"on the data page (#{anchor}) as line {lines[other]}'s key ({first}), since an address "
                "keeps only letters, digits, '_' and '-'. Make the keys differ in letters or digits."
            )
        forms[form] = position
        anchors[anchor] = position
        seen[values] = position


def check_constraints(
    text: pd.DataFrame,
    frame: pd.DataFrame,
    fields: list[Field],
    shown: Path,
    descriptor: Path,
    lines: list[int],
) -> None:
    """The Table Schema constraints each field declares, and the rules that hold for every table:
    a range is written low to high (value <= value_max)."""
    for f in fields:
        rules = f.constraints
        if rules is None:
            continue
        declared = f"{descriptor}, field '{f.name}'"
        seen: dict[str, int] = {}
        numbers = frame[f.name].tolist() if f.numeric else None
        for position, cell in enumerate(text[f.name]):
            where = f"{shown}, line {lines[position]}, column {f.name}"
            if not cell:
                if rules.required:
                    raise DataError(f"{where}: the cell is empty, but {declared} is required. Fill it in.")
                continue
            if rules.unique:
                if cell in seen:
                    raise DataError(
                        f"{where}: '{cell}' repeats line {lines[seen[cell]]}, but {declared} is unique. "
                        "Correct one of the two."
                    )
                seen[cell] = position
            number = numbers[position] if numbers is not None else None
            if rules.minimum is not None and number is not None and number < rules.minimum:
                raise DataError(
                    f"{where}: {cell} is below the minimum {format_bound(rules.minimum)} of {declared}. "
                    "Correct the cell to the value the document states."
                )
            if rules.maximum is not None and number is not None and number > rules.maximum:
                raise DataError(
                    f"{where}: {cell} is above the maximum {format_bound(rules.maximum)} of {declared}. "
                    "Correct the cell to the value the document states."
                )
            if rules.enum is not None:
                allowed = [format_bound(v) if isinstance(v, float) else v for v in rules.enum]
                if (number if f.numeric else cell) not in rules.enum:
                    raise DataError(
                        f"{where}: '{cell}' is not one of the values {declared} allows: "
                        f"{', '.join(map(str, allowed))}.{did_you_mean(cell, [str(a) for a in allowed])}"
                    )
    names = {f.name: f for f in fields}
    for f in fields:
        low = names.get(f.name.removesuffix("_max"))
        if not (f.name.endswith("_max") and low is not None and low.numeric and f.numeric):
            continue
        for position, (bottom, top) in enumerate(zip(frame[low.name], frame[f.name], strict=True)):
            if pd.notna(bottom) and pd.notna(top) and top < bottom:
                raise DataError(
                    f"{shown}, line {lines[position]}: {f.name} {text[f.name].iloc[position]} is below "
                    f"{low.name} {text[low.name].iloc[position]}. A range is written low to high: "
                    f"{low.name} holds its lower end, {f.name} its upper end."
                )


def did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def format_bound(number: float) -> str:
    return f"{number:g}"
