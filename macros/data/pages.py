"""The page index: one read of docs/ that records every macro call on every page.

Each page's Markdown is parsed once with Jinja's own parser (not with a regular expression), so a
call is found exactly as mkdocs-macros will run it: its macro, its arguments, its page and line.
Usage lists on data pages, the figure list, the unused-dataset warnings, the pages that load the chart
script and the printable editions all read this index, never the state of a page being rendered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from jinja2 import nodes

from ..base import addresses
from .catalog import DataError


@dataclass(frozen=True)
class Page:
    """A page under docs/ (or one the build makes, named as if it were there): the page index
    records one per file, and each page is rendered with its own."""

    source: str  # path under docs/, e.g. white-paper-2020/market.md
    title: str = ""

    @property
    def url(self) -> str:
        return addresses.page_of(self.source)

    @property
    def base(self) -> str:
        """The way from the page back to the site root, for relative links from disk."""
        return addresses.base_of(self.url)

    @property
    def where(self) -> str:
        return f"docs/{self.source}" if self.source else "a page"

    @property
    def document(self) -> str:
        """The folder of the page under docs/: the document it belongs to ('' for the home page)."""
        return self.source.rpartition("/")[0]

    @property
    def short_title(self) -> str:
        """The title up to its first space: 第1章, 附注."""
        return self.title.split(" ")[0]


@dataclass(frozen=True)
class Call:
    """One macro call as a page writes it. Arguments that are not literals are None."""

    macro: str
    args: tuple
    kwargs: dict = field(hash=False)
    page: Page
    line: int

    @property
    def target(self) -> str | None:
        """The first argument: the dataset, chart, figure, check or document the call names."""
        first = self.args[0] if self.args else self.kwargs.get("table_id")
        return first if isinstance(first, str) else None

    @property
    def where(self) -> str:
        return f"docs/{self.page.source}, line {self.line}"


def jinja_environment(macros_options: dict) -> jinja2.Environment:
    """A Jinja environment with the delimiters mkdocs-macros is configured with (its j2_* options in
    mkdocs.yml), so that the index reads a page exactly as the macros will."""
    settings = {k.removeprefix("j2_"): v for k, v in macros_options.items() if k.startswith("j2_") and v}
    settings.pop("extensions", None)
    return jinja2.Environment(**settings)


def project_settings(project_dir: Path) -> tuple[jinja2.Environment, list | None]:
    """The macros' Jinja environment and the nav, read from the project's mkdocs.yml, for code that
    runs the engine without MkDocs (tests, benchmarks, the review report)."""
    config = yaml.safe_load((project_dir / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    options = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "macros" in plugin:
            options = plugin["macros"] or {}
    return jinja_environment(options), config.get("nav")


def heading_title(text: str, source: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return source


class PageIndex:
    """Every page under docs/ and every macro call on it."""

    def __init__(self, docs_dir: Path, macros: Iterable[str], environment: jinja2.Environment):
        self.docs_dir = docs_dir
        self.macros = frozenset(macros)
        self.pages: dict[str, Page] = {}
        self.calls: list[Call] = []
        for path in sorted(docs_dir.rglob("*.md")):
            source = path.relative_to(docs_dir).as_posix()
            text = path.read_text(encoding="utf-8")
            page = Page(source, heading_title(text, source))
            self.pages[source] = page
            self.calls.extend(self.read_calls(page, text, environment))

    def read_calls(self, page: Page, text: str, environment: jinja2.Environment) -> list[Call]:
        try:
            tree = environment.parse(text)
        except jinja2.TemplateSyntaxError as error:
            raise DataError(
                f"docs/{page.source}, line {error.lineno}: the page's {{{{ … }}}} or {{% … %}} markup "
                f"cannot be read ({error.message}). Close each {{{{ with }}}} and each {{% with %}}; "
                "to show such text literally, put it between {% raw %} and {% endraw %}."
            ) from None
        calls = []
        for node in tree.find_all(nodes.Call):
            if isinstance(node.node, nodes.Name) and node.node.name in self.macros:
                calls.append(
                    Call(
                        macro=node.node.name,
                        args=tuple(literal(a) for a in node.args),
                        kwargs={k.key: literal(k.value) for k in node.kwargs},
                        page=page,
                        line=node.lineno,
                    )
                )
        return calls

    def calls_of(self, *macros: str) -> list[Call]:
        return [c for c in self.calls if c.macro in macros]

    def calls_on(self, source: str) -> list[Call]:
        return [c for c in self.calls if c.page.source == source]


def literal(node: nodes.Node) -> object:
    """A call's argument when the page writes it as a literal (a string, number or list of them)."""
    try:
        return node.as_const()
    except nodes.Impossible:
        return None
