"""Find, load and check the data packages under data/; every data problem becomes one DataError."""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import yaml

from .formatting import join_lines

NUMERIC_TYPES = {"number", "integer"}
KNOWN_TYPES = NUMERIC_TYPES | {"string"}


def text_of(value: object) -> str:
    """A cell as text, with a missing value (None or NaN) as ''."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


class DataError(Exception):
    """A problem in data/ or in a page's use of it, told in one paragraph a contributor can act on."""


def suggest(name: str, known: list[str]) -> str:
    """' Did you mean …?' when a close match exists, else the list of what exists."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"Did you mean '{close[0]}'?"
    shown = ", ".join(sorted(known)[:20])
    more = "" if len(known) <= 20 else f" (and {len(known) - 20} more)"
    return f"Known: {shown}{more}." if known else "There are none."


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    title: str
    description: str = ""
    unit: str = ""
    decimals: int | None = None

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

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise DataError(
            f"{self.id}: there is no column '{name}'. {suggest(name, [f.name for f in self.fields])}"
        )

    def written_decimals(self, column: str, row: int) -> int:
        """Decimals of a cell as the CSV writes it (51 -> 0, 70.78 -> 2)."""
        raw = str(self.text[column].iloc[row])
        mantissa = raw.lower().split("e")[0]
        return len(mantissa.split(".")[1]) if "." in mantissa else 0

    def positions_where(self, where: dict[str, object]) -> list[int]:
        """Positions of the rows whose columns equal the given values (compared as text). Pages
        ask for hundreds of single values, so each set of columns is indexed once."""
        columns = tuple(where)
        for column in columns:
            self.field(column)
        index = self._indexes.get(columns)
        if index is None:
            index = {}
            for position, values in enumerate(zip(*(self.text[c] for c in columns), strict=True)):
                index.setdefault(values, []).append(position)
            self._indexes[columns] = index
        return index.get(tuple(str(where[c]) for c in columns), [])

    def cell(self, where: dict[str, object], column: str, context: str) -> tuple[object, int]:
        """The one cell selected by `where` in `column`, with its row position."""
        self.field(column)
        positions = self.positions_where(where)
        described = ", ".join(f"{k}={v}" for k, v in where.items()) or "(no condition)"
        if len(positions) != 1:
            found = "no row" if not positions else f"{len(positions)} rows"
            raise DataError(
                f"{context}: {found} of {self.id} where {described}; exactly one is needed. "
                "Name the row by its key columns "
                f"({', '.join(self.primary_key) or 'see the table'})."
            )
        return self.frame[column].iloc[positions[0]], positions[0]


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
    checks: list[dict] = field(default_factory=list)

    @property
    def publisher(self) -> str:
        return str(self.sources[0].get("publisher", "")) if self.sources else ""

    @property
    def date(self) -> str:
        return str(self.sources[0].get("date", "")) if self.sources else ""


class Catalog:
    """All data packages of the project, loaded and checked once per build."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.packages: dict[str, Package] = {}
        for descriptor in sorted(self.data_dir.glob("*/datapackage.yaml")):
            package = load_package(descriptor, self.data_dir)
            self.packages[package.name] = package
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
        """A reference `table[col=val,...].column` inside a package: (table, value, row, column)."""
        match = REFERENCE.fullmatch(reference.strip())
        if not match:
            raise DataError(
                f"{context}: '{reference}' is not a reference. Write it as "
                "table[column=value,...].column, e.g. facts[id=market_size_2019].value."
            )
        table = self.table(f"{package}/{match['table']}", context)
        where = {}
        for condition in filter(None, (match["where"] or "").split(",")):
            key, _, wanted = condition.partition("=")
            where[key.strip()] = wanted.strip()
        value, row = table.cell(where, match["column"], context)
        return table, value, row, match["column"]


REFERENCE = re.compile(r"(?P<table>\w+)(?:\[(?P<where>[^\]]*)\])?\.(?P<column>\w+)")


def load_package(descriptor_path: Path, data_dir: Path) -> Package:
    where = descriptor_path.relative_to(data_dir.parent)
    try:
        descriptor = yaml.safe_load(descriptor_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise DataError(
            f"{where}{line}: not valid YAML ({getattr(error, 'problem', error)}). "
            "Check the indentation and quoting near that line."
        ) from None
    if not isinstance(descriptor, dict):
        raise DataError(f"{where}: expected a mapping with name, title and resources.")
    for key in ("name", "title", "resources"):
        if key not in descriptor:
            raise DataError(f"{where}: the key '{key}' is missing (see data/README.md).")
    if descriptor["name"] != descriptor_path.parent.name:
        raise DataError(
            f"{where}: the package is named '{descriptor['name']}' but its folder is "
            f"'{descriptor_path.parent.name}'. Use the folder name as the package name."
        )
    package = Package(
        name=descriptor["name"],
        title=str(descriptor["title"]),
        description=join_lines(str(descriptor.get("description", ""))),
        version=str(descriptor.get("version", "")),
        sources=list(descriptor.get("sources") or []),
        directory=descriptor_path.parent,
        descriptor=descriptor,
        checks=list(descriptor.get("checks") or []),
    )
    names = [resource.get("name") for resource in descriptor["resources"]]
    for name in names:
        if name and names.count(name) > 1:
            raise DataError(f"{where}: two resources are named '{name}'. Each dataset needs its own name.")
    for index, resource in enumerate(descriptor["resources"]):
        table = load_table(package, resource, index, where)
        package.tables[table.name] = table
    return package


def load_table(package: Package, resource: dict, index: int, where: Path) -> Table:
    name = resource.get("name")
    if not name:
        raise DataError(f"{where}: resource number {index + 1} has no name.")
    context = f"{where}, resource '{name}'"
    path_text = resource.get("path") or ""
    if path_text != f"{name}.csv":
        raise DataError(
            f"{context}: its path is '{path_text}'; it must be '{name}.csv', so that the dataset's "
            "name and its file name agree."
        )
    path = package.directory / path_text
    if not path.is_file():
        raise DataError(
            f"{context}: names the file {path_text}, which does not exist in "
            f"{package.directory.name}/. Add the CSV or correct the path."
        )
    fields = load_fields(resource, context)
    location = str(resource.get("location") or "").strip()
    if not location and not {"source", "location"} & {f.name for f in fields}:
        raise DataError(
            f"{context}: says nowhere where its values stand in the document. Add "
            "`location:` (chapter or section, figure or table number), or a `source` column "
            "when rows come from different places."
        )
    csv_name = where.parent / path_text
    text = read_csv_text(path, csv_name)
    check_header(text, fields, csv_name, where)
    frame = type_columns(text, fields, csv_name)
    primary_key = list((resource.get("schema") or {}).get("primaryKey") or [])
    check_primary_key(text, primary_key, csv_name, fields, where)
    return Table(
        package=package,
        name=name,
        title=str(resource.get("title") or name),
        description=join_lines(str(resource.get("description") or "")),
        location=location,
        label=str(resource.get("label") or ""),
        fields=fields,
        primary_key=primary_key,
        path=path,
        frame=frame,
        text=text,
    )


def load_fields(resource: dict, context: str) -> list[Field]:
    raw_fields = (resource.get("schema") or {}).get("fields")
    if not raw_fields:
        raise DataError(f"{context}: has no schema fields. List every column under schema: fields:.")
    fields = []
    for raw in raw_fields:
        if not raw.get("name"):
            raise DataError(f"{context}: a field has no name.")
        kind = raw.get("type", "string")
        if kind not in KNOWN_TYPES:
            raise DataError(
                f"{context}, field '{raw['name']}': type '{kind}' is not one of "
                f"{', '.join(sorted(KNOWN_TYPES))}."
            )
        decimals = raw.get("decimals")
        fields.append(
            Field(
                name=raw["name"],
                type=kind,
                title=str(raw.get("title") or raw["name"]),
                description=join_lines(str(raw.get("description") or "")),
                unit=str(raw.get("unit") or ""),
                decimals=int(decimals) if decimals is not None else None,
            )
        )
    return fields


def read_csv_text(path: Path, shown: Path) -> pd.DataFrame:
    """Every cell as text, exactly as written; empty cells as ''."""
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            f"{shown}, row {line}: the file is not UTF-8 (a spreadsheet may have saved it as GBK). "
            "Save it again as 'CSV UTF-8'."
        ) from None
    if not content.strip():
        raise DataError(f"{shown}: the file is empty. It needs a header row and at least one data row.")
    try:
        text = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False, skipinitialspace=False)
    except pd.errors.ParserError as error:
        raise DataError(f"{shown}: cannot be read as CSV ({error}). Check quotes and commas.") from None
    if text.empty:
        raise DataError(f"{shown}: has a header but no data rows.")
    return text


def check_header(text: pd.DataFrame, fields: list[Field], shown: Path, descriptor: Path) -> None:
    header = list(text.columns)
    names = [f.name for f in fields]
    for column in header:
        if column not in names:
            raise DataError(
                f"{shown}, header: column '{column}' is not described in {descriptor}. "
                f"{suggest(column, names)} Rename the column or describe it in the schema."
            )
    for name in names:
        if name not in header:
            raise DataError(
                f"{shown}, header: {descriptor} lists the column '{name}', which the CSV lacks. "
                f"The CSV has: {', '.join(header)}. Add the column or remove the field."
            )


def type_columns(text: pd.DataFrame, fields: list[Field], shown: Path) -> pd.DataFrame:
    frame = text.copy()
    for f in fields:
        column = text[f.name]
        if not f.numeric:
            frame[f.name] = column.where(column != "", None)
            continue
        numbers = pd.to_numeric(column.str.strip().replace("", None), errors="coerce")
        bad = numbers.isna() & (column.str.strip() != "")
        if bad.any():
            position = int(bad.to_numpy().nonzero()[0][0])
            cell = column.iloc[position]
            unit = f", unit '{f.unit}'" if f.unit else ""
            raise DataError(
                f"{shown}, row {position + 2}, column {f.name}: '{cell}' is not a number. "
                f"Write the number alone: units belong in datapackage.yaml (field '{f.name}'{unit})."
            )
        if f.type == "integer":
            fractional = numbers.notna() & (numbers % 1 != 0)
            if fractional.any():
                position = int(fractional.to_numpy().nonzero()[0][0])
                raise DataError(
                    f"{shown}, row {position + 2}, column {f.name}: '{column.iloc[position]}' is not "
                    f"a whole number, but the field is an integer. Correct the cell or make the "
                    "field type 'number'."
                )
        frame[f.name] = numbers
    return frame


def check_primary_key(
    text: pd.DataFrame, key: list[str], shown: Path, fields: list[Field], descriptor: Path
) -> None:
    names = [f.name for f in fields]
    for column in key:
        if column not in names:
            raise DataError(
                f"{descriptor}: the primaryKey of {shown.name} names '{column}', which is not a "
                f"field. {suggest(column, names)}"
            )
    if not key:
        return
    seen: dict[tuple, int] = {}
    for position, values in enumerate(text[key].itertuples(index=False, name=None)):
        if values in seen:
            shown_key = ", ".join(f"{k}={v}" for k, v in zip(key, values, strict=True))
            raise DataError(
                f"{shown}, row {position + 2}: the key ({shown_key}) repeats row {seen[values] + 2}. "
                "Each row needs its own key: merge the rows or correct one of them."
            )
        seen[values] = position
