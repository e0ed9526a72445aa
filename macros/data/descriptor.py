"""The schema of datapackage.yaml: every key of a package, resource, field and check, with its type
and allowed values, read from YAML that keeps line numbers and refuses duplicate keys.

The vocabulary is Frictionless (Data Package, Table Schema with `constraints`) plus our own keys
(`location`, `label`, `unit`, `decimals`, `checks`). The models are strict: YAML reads `3.10` as the
number 3.1 and `yes` as true, so a value of the wrong type is refused, never converted.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic import Field as Key
from pydantic_core import PydanticCustomError

from ..base import files
from ..base.errors import DataError, suggest
from .csvread import look_alike, look_alike_fix

MAX_DECIMALS = 10
# A descriptor nests resources, schema, fields, constraints and enum: seven levels. Twenty is far
# above it and far below where reading nested brackets would exhaust the interpreter's stack.
MAX_DEPTH = 20


def pattern(regex: str, kind: str, expected: str):
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(kind, expected)
        return value

    return AfterValidator(check)


Text = str
SnakeName = Annotated[
    str, pattern(r"[a-z][a-z0-9_]*", "snake_case", "a snake_case name (a-z, 0-9 and _), e.g. market_size")
]
PackageName = Annotated[
    str,
    pattern(r"[a-z0-9][a-z0-9-]*", "package_name", "a lower-case name with hyphens, e.g. white-paper-2020"),
]
# The one grammar of a reference to a cell: table[column=value,...].column, in a check optionally
# after the package of outside constants (reference/constants[...]); catalog.parse_reference reads
# it with the same expression.
REFERENCE = re.compile(
    r"(?:(?P<package>[a-z0-9][a-z0-9-]*)/)?(?P<table>\w+)(?:\[(?P<where>[^\]]*)\])?\.(?P<column>\w+)"
)
Reference = Annotated[
    str,
    pattern(
        REFERENCE.pattern,
        "reference",
        "a reference table[column=value,...].column, e.g. facts[id=market_size_2019].value",
    ),
]
Decimals = Annotated[int, Key(ge=0, le=MAX_DECIMALS)]


class Model(BaseModel):
    # NaN or infinity (.nan, .inf) is no bound and no value: JSON cannot even write it.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, populate_by_name=True, allow_inf_nan=False
    )


# -- packages, resources, fields (Frictionless Data Package and Table Schema) -----------------------


class Source(Model):
    title: Text
    publisher: Text = ""  # ours
    date: Text = ""  # ours
    path: Text = ""
    email: Text = ""
    version: Text = ""


class License(Model):
    name: Text  # an SPDX identifier
    path: Text = ""
    title: Text = ""


class Constraints(Model):
    """Table Schema constraints, checked on every cell of the column at every build."""

    required: bool = False
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: Annotated[list[Text | float], Key(min_length=1)] | None = None


class FieldSpec(Model):
    name: SnakeName
    type: Literal["string", "integer", "number"] = "string"
    title: Text | None = None
    description: Text = ""
    unit: Text = ""  # ours
    decimals: Decimals | None = None  # ours: fixed decimals for display
    constraints: Constraints | None = None


class Schema(Model):
    fields: Annotated[list[FieldSpec], Key(min_length=1)]
    primaryKey: list[SnakeName] = []  # noqa: N815 (the Frictionless spelling)


class Resource(Model):
    name: SnakeName
    path: Text
    title: Text | None = None
    description: Text = ""
    location: Text = ""  # ours: where in the document the values stand
    label: Text = ""  # ours: the document's own figure or table number
    table_schema: Schema = Key(alias="schema")


class PackageSpec(Model):
    name: PackageName
    title: Text
    description: Text = ""
    version: Text = ""
    licenses: list[License] = []
    sources: list[Source] = []
    resources: Annotated[list[Resource], Key(min_length=1)]
    # Each check is read by the model of its kind (CHECKS), so that its errors name its own keys.
    checks: list[dict[str, Any]] = []


# -- checks: one model per kind --------------------------------------------------------------------


class Check(Model):
    id: SnakeName
    kind: str
    title: Text | None = None
    description: Text = ""
    tolerance: Annotated[float, Key(ge=0)] | None = None
    severity: Literal["contradiction", "tension", "rounding", "wording"] | None = None


class TotalCheck(Check):
    kind: Literal["total"]
    parts: Annotated[list[Reference], Key(min_length=1)]
    total: Reference | float


class SharesCheck(Check):
    kind: Literal["shares"]
    table: SnakeName
    column: SnakeName
    group_by: list[SnakeName] = []
    expected: float = 100


class GrowthCheck(Check):
    kind: Literal["growth"]
    start: Reference
    end: Reference
    rate: Reference
    years: Annotated[float, Key(gt=0)] = 1


class SameCheck(Check):
    kind: Literal["same"]
    values: Annotated[list[Reference], Key(min_length=2)]


class CountCheck(Check):
    kind: Literal["count"]
    stated: Reference
    table: SnakeName
    # int before float: a year (2024) is matched against the CSV's text as 2024, never 2024.0.
    where: dict[SnakeName, Text | int | float] = {}


class RestOf(Model):
    """A share given as what the named shares leave of 100%."""

    rest_of: Annotated[list[Reference], Key(min_length=1)]


Term = Reference | RestOf


class Rate(Model):
    """The document's own pair of one amount in two units: from (e.g. 亿元) and to (e.g. 亿美元)."""

    from_: Reference = Key(alias="from")
    to: Reference


class ComparedCheck(Check):
    """A check that compares a value with one the document implies: equal, or a bound."""

    relation: Literal["equal", "at_most", "at_least"] = "equal"
    exact: list[Reference] = []


class ImpliedCheck(ComparedCheck):
    kind: Literal["implied"]
    stated: Term
    factors: Annotated[list[Term], Key(min_length=1)]
    divisors: list[Term] = []
    scale: Annotated[float, Key(gt=0)] = 1
    rate: Rate | None = None


class ShareOfCheck(ComparedCheck):
    kind: Literal["share_of"]
    part: Term
    share: Term
    total: Term
    rate: Rate | None = None


class ConvertCheck(ComparedCheck):
    kind: Literal["convert"]
    value: Term
    rate: Rate
    against: Term


class MemberCheck(Check):
    kind: Literal["member"]
    items: Annotated[list[Reference], Key(min_length=1)]
    partition: SnakeName
    column: SnakeName = "place"
    key: SnakeName = "region"
    covers: list[Reference] = []


class BoundCheck(Check):
    """A bound the text states (its qualifier, or `relation`, says which side) against values."""

    kind: Literal["bound"]
    stated: Reference
    values: Annotated[list[Reference], Key(min_length=1)]
    relation: Literal["at_most", "at_least"] | None = None
    quantifier: Literal["every", "some"] = "every"


class ClaimCheck(Check):
    """A summary's statement against the body's, with a few words on how each puts it."""

    kind: Literal["claim"]
    claim: Reference
    claim_reads: Annotated[Text, Key(min_length=1)]
    body: Reference
    body_reads: Annotated[Text, Key(min_length=1)]


# A new kind of check is a model here and its runner in checks.RUNNERS, keyed by the model.
CHECKS: dict[str, type[Check]] = {
    "total": TotalCheck,
    "shares": SharesCheck,
    "growth": GrowthCheck,
    "same": SameCheck,
    "count": CountCheck,
    "implied": ImpliedCheck,
    "share_of": ShareOfCheck,
    "convert": ConvertCheck,
    "member": MemberCheck,
    "bound": BoundCheck,
    "claim": ClaimCheck,
}


# -- YAML with line numbers ------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """A YAML document as plain Python data, with the line and source text of every key and item."""

    data: Any
    lines: dict[Path_, int]
    raws: dict[Path_, str]


def not_yaml(error: yaml.YAMLError, shown: Path) -> DataError:
    mark = getattr(error, "problem_mark", None)
    line = f", line {mark.line + 1}" if mark else ""
    return DataError(
        f"{shown}{line}: not valid YAML ({getattr(error, 'problem', error)}). "
        "Check the indentation and quoting near that line."
    )


def refuse_unbounded(text: str, shown: Path) -> None:
    """Read the YAML's events (libyaml's parser keeps no stack of its own calls) and refuse, with
    the line, what would let a small file grow without bound or nest past the stack: anchors and
    aliases (nine levels of nine aliases are 387 million values), merge keys, explicit tags, and
    nesting deeper than MAX_DEPTH. A descriptor writes every value where it stands."""
    depth = 0
    loader = yaml.CSafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent):
                raise DataError(
                    f"{shown}, line {line}: the alias *{event.anchor} repeats another part of the "
                    "file. Aliases and anchors (&name, *name) are not read here, since a few lines of "
                    "them can stand for millions of values: write the value out where it is needed."
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise DataError(
                    f"{shown}, line {line}: the anchor &{anchor} names a part of the file to repeat "
                    "elsewhere. Aliases and anchors (&name, *name) are not read here, since a few lines "
                    "of them can stand for millions of values: remove the anchor and write each value "
                    "out where it is needed."
                )
            if isinstance(event, yaml.ScalarEvent) and event.value == "<<" and event.implicit[0]:
                raise DataError(
                    f"{shown}, line {line}: '<<' is a YAML merge key, which copies another mapping "
                    "into this one. It is not read here: write the keys out in this mapping."
                )
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            implicit = implicit[0] if isinstance(implicit, tuple) else implicit
            if tag is not None and not implicit:
                raise DataError(
                    f"{shown}, line {line}: the YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} asks "
                    "for a value of a special type. "
                    "A descriptor holds only text, numbers, true/false, lists and mappings: remove "
                    "the tag (quote the value if it is text)."
                )
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise DataError(
                        f"{shown}, line {line}: lists and mappings nest more than {MAX_DEPTH} levels "
                        "deep here; a descriptor needs seven (resources, schema, fields, constraints, "
                        "enum). Check the brackets and the indentation near that line."
                    )
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        raise not_yaml(error, shown) from None
    finally:
        loader.dispose()


def read_yaml(text: str, shown: Path) -> Located:
    """Plain dicts, lists and scalars, as yaml.safe_load gives them, but a key given twice in one
    mapping is an error (YAML would silently keep the last), and nothing unbounded is read
    (refuse_unbounded). libyaml reads it (PyYAML's wheels carry it): the same nodes and marks as
    PyYAML's own reader, in a seventh of the time."""
    refuse_unbounded(text, shown)
    loader = yaml.CSafeLoader(text)
    try:
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise not_yaml(error, shown) from None
    lines: dict[Path_, int] = {(): 1}
    raws: dict[Path_, str] = {}

    def build(node, path: Path_):
        raws[path] = text[node.start_mark.index : node.end_mark.index]
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                key = construct(loader, key_node, shown)
                line = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    raise DataError(f"{shown}, line {line}: the key {key_node.value} is not a name.")
                if key in result:
                    first = lines[(*path, key)]
                    raise DataError(
                        f"{shown}, line {line}{where_in(result, path)}: the key '{key}' appears twice "
                        f"in one mapping (first on line {first}); YAML would keep only the last. "
                        "Delete one of them."
                    )
                lines[(*path, key)] = line
                result[key] = build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                items.append(build(item, (*path, index)))
            return items
        return construct(loader, node, shown)

    data = build(root, ()) if root is not None else None
    return Located(data, lines, raws)


def construct(loader: yaml.CSafeLoader, node: yaml.Node, shown: Path) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        raise DataError(
            f"{shown}, line {node.start_mark.line + 1}: the value {node.value!r} cannot be read "
            f"({getattr(error, 'problem', error)}). Write it as plain text (in quotes) or a number."
        ) from None


def where_in(partial: dict, path: Path_) -> str:
    """', resource 'market'' for a mapping being read (its name may not be read yet)."""
    named = f"'{partial['name']}'" if isinstance(partial.get("name"), str) else ""
    if len(path) == 2 and path[0] == "resources":
        return f", resource {named or path[1] + 1}"
    if len(path) == 5 and path[3] == "fields":
        return f", field {named or path[4] + 1}"
    if len(path) == 2 and path[0] == "checks":
        return (
            f", check '{partial['id']}'" if isinstance(partial.get("id"), str) else f", check {path[1] + 1}"
        )
    return ""


# -- validation and its messages -------------------------------------------------------------------


def read_descriptor(path: Path, shown: Path) -> tuple[dict, PackageSpec, list[Check], Located]:
    """The descriptor as plain data (published as it is), its validated model, its checks, and the
    line of every key and item (for messages about it later)."""
    text = files.read_text(path, str(shown), "descriptor")
    files.refuse_lost_encoding(text, str(shown))
    located = read_yaml(text, shown)
    data = located.data
    if not isinstance(data, dict):
        raise DataError(f"{shown}: expected a mapping with name, title and resources.")
    try:
        package = PackageSpec.model_validate(data)
    except ValidationError as error:
        raise DataError(explain(error, located, shown, PackageSpec, ())) from None
    checks = []
    for index, check in enumerate(data.get("checks") or []):
        kind = check.get("kind")
        at = ("checks", index)
        if not isinstance(kind, str) or kind not in CHECKS:
            line = located.lines.get((*at, "kind"), located.lines[at])
            found = (
                "no kind"
                if kind is None
                else f"kind '{kind}'"
                if isinstance(kind, str)
                else f"kind {located.raws.get((*at, 'kind'), kind)}, which is not a name"
            )
            hint = suggest(kind, list(CHECKS)) if isinstance(kind, str) and kind else ""
            raise DataError(
                f"{shown}, line {line}{describe(data, at)}: {found}; expected one of "
                f"{', '.join(CHECKS)}. {hint}".rstrip()
            )
        try:
            checks.append(CHECKS[kind].model_validate(check))
        except ValidationError as error:
            raise DataError(explain(error, located, shown, CHECKS[kind], at)) from None
    check_fields(package, located, shown)
    return data, package, checks, located


NUMERIC_BOUNDS = ("minimum", "maximum")


def check_fields(package: PackageSpec, located: Located, shown: Path) -> None:
    """What the schema's types alone cannot say: a field described once per resource, and each
    constraint of a kind its field's type can hold."""
    for r, resource in enumerate(package.resources):
        seen: dict[str, int] = {}
        for f, spec in enumerate(resource.table_schema.fields):
            at = ("resources", r, "schema", "fields", f)
            line = located.lines.get(at, 1)
            place = f"{shown}, line {line}, resource '{resource.name}', field '{spec.name}'"
            if spec.name in seen:
                raise DataError(
                    f"{place}: the field is described twice in this resource (first on line "
                    f"{seen[spec.name]}). Describe each column once: delete one of the two."
                )
            seen[spec.name] = line
            found = look_alike(spec.unit)
            if found:
                unit_line = located.lines.get((*at, "unit"), line)
                raise DataError(
                    f"{shown}, line {unit_line}, resource '{resource.name}', field '{spec.name}': in "
                    f"the unit '{spec.unit}', {look_alike_fix(*found)}."
                )
            rules = spec.constraints
            if rules is None:
                continue
            numeric = spec.type in ("number", "integer")
            for bound in NUMERIC_BOUNDS:
                if getattr(rules, bound) is not None and not numeric:
                    bound_line = located.lines.get((*at, "constraints", bound), line)
                    raise DataError(
                        f"{shown}, line {bound_line}, resource '{resource.name}', field '{spec.name}': "
                        f"the constraint {bound} bounds a number, but the field's type is "
                        f"{spec.type}, so it would hold nothing. Make the field's type number (or "
                        "integer), or remove the constraint."
                    )
            for i, item in enumerate(rules.enum or []):
                if isinstance(item, str) == numeric:
                    item_line = located.lines.get((*at, "constraints", "enum", i), line)
                    raw = located.raws.get((*at, "constraints", "enum", i), str(item))
                    if numeric:
                        fix = f"write the number without quotes: {item}"
                    else:
                        fix = f"quote it, as the CSV's cells are text: '{raw}'"
                    kind = "text" if isinstance(item, str) else "a number"
                    raise DataError(
                        f"{shown}, line {item_line}, resource '{resource.name}', field '{spec.name}': "
                        f"the enum value {raw} is {kind}, but the field's type is {spec.type}, so no "
                        f"cell could equal it; {fix}."
                    )


EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "finite_number": "a finite number (not .nan or .inf)",
}


def expected_of(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in EXPECTED:
        return EXPECTED[kind]
    if kind == "literal_error":
        return f"one of {ctx['expected'].replace(chr(39), '')}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if error["loc"][-1] == "decimals":
            return f"a whole number from 0 to {MAX_DECIMALS}"
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}
        bound = next(iter(ctx.values()))
        return f"a number {sign[kind]} {bound:g}"
    if kind == "too_short":
        return f"a list of at least {ctx['min_length']}"
    return error["msg"][0].lower() + error["msg"][1:]


def explain(error: ValidationError, located: Located, shown: Path, model: type[Model], prefix: Path_) -> str:
    """One paragraph for the first problem: file, line, where, key, what was found, what is expected."""
    problems = error.errors(include_url=False)
    first = problems[0]
    loc = (*prefix, *first["loc"])
    path = existing_prefix(located.data, loc)
    # A value that fits no branch of a union (text or a number) is reported once, with both.
    siblings = [p for p in problems if existing_prefix(located.data, (*prefix, *p["loc"])) == path]
    alternatives = dict.fromkeys(expected_of(p) for p in siblings)
    if EXPECTED["float_type"] in alternatives:  # a whole number is a number: say it once
        alternatives.pop(EXPECTED["int_type"], None)
    expected = " or ".join(alternatives)
    data = located.data
    if first["type"] == "missing":
        key = loc[len(path)]
        line = located.lines.get(path, 1)
        return (
            f"{shown}, line {line}{describe(data, path)}: the key '{key}' is missing. "
            "Add it (see data/README.md)."
        )
    line = located.lines.get(path, 1)
    key = next((k for k in reversed(path) if isinstance(k, str)), "")
    item = f" item {path[-1] + 1} of" if path and isinstance(path[-1], int) else ""
    owner = describe(data, path[:-1])
    if first["type"] == "extra_forbidden":
        allowed = [f.alias or name for name, f in model_at(model, loc[len(prefix) :]).model_fields.items()]
        return (
            f"{shown}, line {line}{owner}: the key '{key}' is not one this schema knows. "
            f"{suggest(key, allowed)} Correct the key or remove it (see data/README.md)."
        )
    value = lookup(data, path)
    raw = located.raws.get(path, repr(value))
    found = describe_value(value, raw)
    repair = fix(key, value, raw, first)
    return f"{shown}, line {line}{owner},{item} key '{key}': found {found}; expected {expected}.{repair}"


def fix(key: str, value: Any, raw: str, error: dict) -> str:
    """The plain repair, where there is one."""
    kind = error["type"]
    if kind == "string_type" and not isinstance(value, list | dict):
        return f' Quote it: {key}: "{raw}".'
    if kind == "list_type" and not isinstance(value, list | dict):
        return f" Write it as a list: {key}: [{raw}]."
    if kind == "string_type" and isinstance(value, list):
        return f" Write it as one piece of text, e.g. {key}: {''.join(map(str, value))}."
    if kind in {"model_type", "dict_type"} and key == "rate":
        return (
            " Give the document's own pair of one amount in two units, e.g. rate: {from: "
            "facts[id=a_cny].value, to: facts[id=a_usd].value} (never an outside exchange rate)."
        )
    if kind in {"model_type", "dict_type"} and key == "fields":
        return " Write each field as a mapping, e.g. - {name: year, type: integer, title: 年份}."
    return ""


def describe_value(value: Any, raw: str) -> str:
    raw = " ".join(raw.split())
    raw = raw if len(raw) <= 60 else raw[:57] + "..."
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{raw}, which YAML reads as {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {raw}" if raw == str(value) else f"{raw}, which YAML reads as the number {value}"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return f"a list ({raw})"
    if isinstance(value, dict):
        return f"a mapping ({raw})"
    return f"{raw}, which YAML reads as a {type(value).__name__}"


def existing_prefix(data: Any, loc: Path_) -> Path_:
    """The longest part of a pydantic location that names something in the data."""
    path: list = []
    for part in loc:
        in_mapping = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if not (in_mapping or in_list):
            break
        data = data[part]
        path.append(part)
    return tuple(path)


def lookup(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def describe(data: Any, path: Path_) -> str:
    """', resource 'market', field 'share'' for a place in the descriptor."""
    words = []
    for depth, part in enumerate(path):
        if not isinstance(part, int):
            continue
        holder = lookup(data, path[:depth])
        item = holder[part] if isinstance(holder, list) else None
        # Checks, relations and entities are named by their id (data/relations.yaml, entities.yaml).
        key = "id" if path[depth - 1] in ("checks", "relations", "entities") else "name"
        name = item.get(key) if isinstance(item, dict) else None
        label = f"'{name}'" if isinstance(name, str) else str(part + 1)
        kind = {"resources": "resource", "fields": "field", "checks": "check", "sources": "source"}
        kind |= {"relations": "relation", "entities": "entity", "names": "name"}
        if path[depth - 1] in kind:
            words.append(f"{kind[path[depth - 1]]} {label}")
    return "".join(f", {w}" for w in words)


def model_at(model: type[Model], loc: Path_) -> type[Model]:
    """The model that holds the last key of a location (to list the keys it allows)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            break
        fields = {f.alias or name: f for name, f in current.model_fields.items()}
        if part not in fields:
            break
        current = inner_model(fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else model


def inner_model(annotation: Any) -> Any:
    """The model inside list[...], X | None or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, Annotated):
        for arg in typing.get_args(annotation):
            found = inner_model(arg)
            if found is not None:
                return found
    return None


def read_site_file(data_dir: Path, name: str, model: type[Model], expected: str) -> tuple | None:
    """A site-level YAML file beside the documents' folders (relations.yaml, entities.yaml), read
    and validated as strictly as a descriptor: (its lines, its model, the path shown in messages),
    or None when the project has no such file."""
    path = data_dir / name
    if not path.is_file():
        return None
    shown = Path(data_dir.name) / name
    files.refuse_outside(path, data_dir)
    text = files.read_text(path, str(shown), "file")
    files.refuse_lost_encoding(text, str(shown))
    located = read_yaml(text, shown)
    if not isinstance(located.data, dict):
        raise DataError(f"{shown}: expected a mapping with {expected}.")
    try:
        return located, model.model_validate(located.data), shown
    except ValidationError as error:
        raise DataError(explain(error, located, shown, model, ())) from None
