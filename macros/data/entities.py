"""The register of companies, regions and places the documents name (data/entities.yaml), read as
strictly as a descriptor, and where each entity is named: every row of a document's datasets with a
text cell that contains one of its names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field as Key

from ..base.errors import DataError
from ..base.formatting import join_lines
from .catalog import Catalog, Table
from .descriptor import Model, SnakeName, Text, pattern, read_site_file

ENTITIES_FILE = "entities.yaml"
KINDS = {"company": "企业", "region": "地区", "place": "地方"}
SUPPORTS = {"own_words": "文献原文所用", "company_name": "公司的另一通用名称"}
# Columns that hold the site's own words or addresses, not the document's: a name there is no mention.
NOT_SEARCHED = {"id", "note", "same_as", "status", "location", "source", "data_table", "credit"}


# A name is a company's, region's or place's name: words, digits, spaces and a few marks. It becomes
# a page's title, which the theme's own scripts put into the page as markup (its header tooltip), so
# nothing that markup or a template could read is allowed in it.
Name = Annotated[
    str,
    pattern(
        r"[\w .·\-()（）]+",
        "entity_name",
        "a name of letters, digits, spaces and . · - ( ) only, e.g. 意法半导体 or STMicroelectronics",
    ),
]


class NameSpec(Model):
    name: Name
    support: Literal["own_words", "company_name"]
    evidence: Annotated[Text, Key(min_length=1)]


class EntitySpec(Model):
    id: SnakeName
    kind: Literal["company", "region", "place"]
    name: Name
    note: Text = ""
    names: Annotated[list[NameSpec], Key(min_length=1)]
    not_names: list[Text] = []


class RegisterSpec(Model):
    entities: Annotated[list[EntitySpec], Key(min_length=1)]


@dataclass(frozen=True)
class Mention:
    """One row of a dataset that names an entity, and the names it uses there."""

    table: Table
    row: int
    names: tuple[str, ...]

    @property
    def document(self) -> str:
        return self.table.package.name

    @property
    def year(self) -> str:
        return self.table.text_cell(self.row, "year") if self.table.has("year") else ""


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    note: str
    names: list[NameSpec]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(m.document for m in self.mentions))

    @property
    def datasets(self) -> list[str]:
        return list(dict.fromkeys(m.table.id for m in self.mentions))

    @property
    def has_page(self) -> bool:
        """Named in both documents, or in two or more datasets: then a page gathers what is known."""
        return len(self.documents) >= 2 or len(self.datasets) >= 2

    def count(self, document: str) -> int:
        return sum(1 for m in self.mentions if m.document == document)

    def names_in(self, document: str) -> list[str]:
        return list(dict.fromkeys(n for m in self.mentions if m.document == document for n in m.names))


def load_register(catalog: Catalog) -> list[Entity]:
    """The register, each entity with its mentions; none when the file is absent."""
    found = read_site_file(catalog.data_dir, ENTITIES_FILE, RegisterSpec, "the key entities (a list)")
    if found is None:
        return []
    located, spec, shown = found
    owner: dict[str, tuple[str, int]] = {}
    entities = []
    for index, item in enumerate(spec.entities):
        line = located.lines[("entities", index)]
        if item.id in {e.id for e in entities}:
            raise DataError(f"{shown}, line {line}: the entity id '{item.id}' is used twice. Rename one.")
        for number, name in enumerate(item.names):
            key = name.name.casefold()
            if key in owner and owner[key][0] != item.id:
                name_line = located.lines[("entities", index, "names", number)]
                raise DataError(
                    f"{shown}, line {name_line}, entity '{item.id}': the name '{name.name}' is already "
                    f"a name of '{owner[key][0]}' (line {owner[key][1]}). One name names one entity: "
                    "merge the two entries if the documents support it, or remove the name."
                )
            owner[key] = (item.id, located.lines[("entities", index, "names", number)])
        entities.append(Entity(item.id, item.kind, item.name, join_lines(item.note), list(item.names)))
    not_names = {p for item in spec.entities for p in item.not_names}
    find_mentions(catalog, entities, not_names)
    return entities


def name_pattern(names: list[str]) -> re.Pattern:
    """One pattern for every name, longest first (歌尔微电子 before 歌尔); a Latin name matches only
    whole (ST is not the ST of ESG), in any case (QORVO is Qorvo)."""
    parts = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        if re.search(r"[A-Za-z]", name):
            escaped = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
        parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE)


def find_mentions(catalog: Catalog, entities: list[Entity], not_names: set[str]) -> None:
    """Every published dataset's text cells, searched once for every name; a computed table repeats
    the rows it comes from, so it is not searched."""
    by_name: dict[str, tuple[Entity, str] | None] = {p.casefold(): None for p in not_names}
    for entity in entities:
        for spec in entity.names:
            by_name[spec.name.casefold()] = (entity, spec.name)
    pattern = name_pattern(list(not_names) + [n.name for e in entities for n in e.names])
    for table in catalog.tables.values():
        # Constants from outside the documents (data/reference) are not the documents' words.
        if table.computed or table.package.is_reference:
            continue
        columns = [f.name for f in table.fields if not f.numeric and f.name not in NOT_SEARCHED]
        for row in range(len(table.text)):
            found: dict[str, list[str]] = {}
            for column in columns:
                for match in pattern.finditer(table.text_cell(row, column)):
                    hit = by_name[match.group(0).casefold()]
                    if hit is not None:
                        found.setdefault(hit[0].id, []).append(hit[1])
            for entity in entities:
                if entity.id in found:
                    names = tuple(dict.fromkeys(found[entity.id]))
                    entity.mentions.append(Mention(table, row, names))
