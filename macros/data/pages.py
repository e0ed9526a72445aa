"""The page index: one read of docs/ that records every macro call on every page.

Each page's Markdown is parsed once with Jinja's own parser (not with a regular expression), so a
call is found exactly as mkdocs-macros will run it: its macro, its arguments, its page and line.
Usage lists on data pages, the figure list, the unused-dataset warnings, the pages that load the chart
script and the printable editions all read this index, never the state of a page being rendered.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from jinja2 import nodes

from ..base import addresses, files
from ..base.errors import reading
from .catalog import DataError

# What MkDocs reads as a page (its utils.markdown_extensions); the project writes every page as .md,
# so that the index, the nav and the printable editions see the same pages.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Macros whose output is a link or other markup, which an HTML attribute or a link's text cannot hold.
PLAIN_MACROS = {"contradiction_count"}
# A tag opened and not yet closed at the end of the text before a call: the call is in its attributes.
OPEN_TAG = re.compile(r"<[A-Za-z][^<>]*$")


@dataclass(frozen=True)
class Page:
    """A page under docs/ (or one the build makes, named as if it were there): the page index
    records one per file, and each page is rendered with its own."""

    source: str  # path under docs/, e.g. white-paper-2020/market.md
    # As the page writes it; a title that quotes a value is made words once the data is read
    # (PageIndex.render_titles).
    title: str = field(default="", compare=False)

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


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ATX_H1 = re.compile(r"^ {0,3}#(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")


def heading_title(text: str, source: str) -> str:
    """The page's title as MkDocs takes it: `title:` in its front matter, else its first level-1
    heading, written `# Title` or underlined with `===` (outside code blocks), else its path."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for line in lines[1:]:
            if line.strip() in ("---", "..."):
                break
            key, _, value = line.partition(":")
            if key.strip() == "title" and value.strip():
                return value.strip().strip("'\"")
    fence = None
    for number, line in enumerate(lines):
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        heading = ATX_H1.match(line)
        if heading and heading.group(1):
            return heading.group(1).strip()
        if number and SETEXT_H1.match(line) and lines[number - 1].strip():
            return lines[number - 1].strip()
    return source


class PageIndex:
    """Every page under docs/ and every macro call on it."""

    def __init__(self, docs_dir: Path, macros: Iterable[str], environment: jinja2.Environment):
        self.docs_dir = docs_dir
        self.macros = frozenset(macros)
        self.environment = environment
        self.pages: dict[str, Page] = {}
        self.calls: list[Call] = []
        for path in contained_files(docs_dir):
            source = path.relative_to(docs_dir).as_posix()
            if path.suffix.lower() in PAGE_SUFFIXES and path.suffix != ".md":
                raise DataError(
                    f"docs/{source}: a page ends in '{path.suffix}'; the site reads pages ending in .md "
                    f"only, so this one would be missing from the nav checks, the page index and the "
                    f"printable edition. Rename it to {path.stem}.md."
                )
            if path.suffix != ".md":
                continue
            with reading(f"docs/{source}"):
                text = files.read_text(path, f"docs/{source}", "page")
                page = Page(source, heading_title(text, source))
                self.pages[source] = page
                self.calls.extend(self.read_calls(page, text, environment))

    def parse(self, text: str, shown: str) -> nodes.Template:
        try:
            return self.environment.parse(text)
        except jinja2.TemplateSyntaxError as error:
            raise DataError(
                f"{shown}, line {error.lineno}: the page's {{{{ … }}}} or {{% … %}} markup "
                f"cannot be read ({error.message}). Close each {{{{ with }}}} and each {{% with %}}; "
                "to show such text literally, put it between {% raw %} and {% endraw %}."
            ) from None
        except RecursionError:
            raise DataError(
                f"{shown}: the page's {{{{ … }}}} or {{% … %}} markup nests brackets or blocks hundreds "
                "of levels deep, more than can be read. Check the brackets inside {{ … }}."
            ) from None

    def read_calls(
        self, page: Page, text: str, environment: jinja2.Environment, included: tuple[str, ...] = ()
    ) -> list[Call]:
        """The calls a page makes, in the order it makes them, as the macros will run: literal
        `{% set %}` names read, a branch of `{% if %}` with a constant test taken or left, an
        `{% include %}`d file read in its place."""
        shown = f"docs/{included[-1]}" if included else f"docs/{page.source}"
        tree = self.parse(text, shown)
        refuse_computation(tree, shown)
        calls: list[Call] = []
        names: dict[str, object] = {}
        before = ""  # the page's text up to the node being read, for where a call stands
        # Nodes to read, last first: (node, the condition it stands under, or "").
        stack: list[tuple[nodes.Node, str]] = [(tree, "")]
        while stack:
            node, condition = stack.pop()
            if isinstance(node, nodes.TemplateData):
                before = (before + node.data)[-2000:]
                continue
            if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
                names[node.target.name] = literal(node.node, names)
            if isinstance(node, nodes.If):
                test = literal(node.test, names, default=nodes.Impossible)
                if test is not nodes.Impossible:
                    branch = self.taken(node, names)
                    stack.extend((child, condition) for child in reversed(branch))
                    continue
                condition = condition or f"{{% if %}} on line {node.lineno}"
            if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
                calls.extend(self.included(node, page, shown, included))
                continue
            if (
                isinstance(node, nodes.Call)
                and isinstance(node.node, nodes.Name)
                and node.node.name in self.macros
            ):
                calls.append(self.call(node, page, shown, names, condition, before))
            stack.extend((child, condition) for child in reversed(list(node.iter_child_nodes())))
        return calls

    def taken(self, node: nodes.If, names: dict) -> list[nodes.Node]:
        """The body of an `{% if %}` whose tests are constants: the one branch that runs."""
        for branch in [node, *node.elif_]:
            test = literal(branch.test, names, default=nodes.Impossible)
            if test is nodes.Impossible:
                return [branch]  # an elif that depends on the page: read as any other if
            if test:
                return list(branch.body)
        return list(node.else_)

    def call(
        self, node: nodes.Call, page: Page, shown: str, names: dict, condition: str, before: str
    ) -> Call:
        name = node.node.name
        line = f"{shown}, line {node.lineno}"
        args = tuple(literal(a, names) for a in node.args)
        kwargs = {k.key: literal(k.value, names) for k in node.kwargs}
        written = [a for a in [*node.args, *(k.value for k in node.kwargs)] if literal(a, names) is None]
        if written or node.dyn_args or node.dyn_kwargs:
            raise DataError(
                f"{line}: {name}() is given an argument that is not written out (a name, a "
                "computation or another macro's output). The site reads from the call itself which "
                "dataset, chart or value a page shows, for its used-on lists, figure list and print: "
                f'write each argument as a quoted name, a number or a list, e.g. {name}("…").'
            )
        if condition:
            raise DataError(
                f"{line}: {name}() stands inside the {condition}, whose test depends on the page; the "
                "site cannot tell whether the call runs, and would list what it shows either way. "
                "Write the call outside the {% if %}, or remove it."
            )
        if name not in PLAIN_MACROS:
            tail = before.rsplit("\n", 1)[-1]
            if tail.rfind("<") > tail.rfind(">"):
                raise DataError(
                    f"{line}: {name}() stands inside an HTML tag ({tail[tail.rfind('<') :].strip()}…), "
                    "where its output, a link with markup, would break the tag. Write the call in the "
                    "text, outside the tag."
                )
            if open_link_text(tail):
                raise DataError(
                    f"{line}: {name}() stands inside a link's text ([…](…) or <a>…</a>); its output is "
                    "itself a link, and a link cannot hold another. Put the call outside the link."
                )
        return Call(macro=name, args=args, kwargs=kwargs, page=page, line=node.lineno)

    def included(self, node: nodes.Node, page: Page, shown: str, included: tuple[str, ...]) -> list[Call]:
        """The calls of a file the page includes (or imports), which must be a file of docs/."""
        keyword = {
            nodes.Include: "include",
            nodes.Import: "import",
            nodes.FromImport: "from",
            nodes.Extends: "extends",
        }
        word = keyword[type(node)]
        line = f"{shown}, line {node.lineno}"
        name = literal(node.template, {})
        if not isinstance(name, str):
            raise DataError(
                f"{line}: {{% {word} %}} names its file by a computation; write the file's path "
                'in quotes, from docs/ (e.g. {% include "snippets/note.md" %}).'
            )
        parts = name.replace("\\", "/").split("/")
        path = self.docs_dir.joinpath(*parts)
        if (
            ".." in parts
            or name.startswith("/")
            or not path.resolve().is_relative_to(self.docs_dir.resolve())
        ):
            raise DataError(
                f'{line}: {{% {word} "{name}" %}} names a file outside docs/. A page may include only '
                "files kept in docs/: copy the file there and name it by its path from docs/."
            )
        if not path.is_file():
            raise DataError(
                f'{line}: {{% {word} "{name}" %}} names docs/{name}, which does not exist. Correct the '
                "path (it is read from docs/, e.g. snippets/note.md), or add the file."
            )
        source = path.relative_to(self.docs_dir).as_posix()
        if source in included or source == page.source:
            raise DataError(
                f'{line}: {{% {word} "{name}" %}} includes docs/{source}, which is already being '
                "included here, so the inclusion would never end. Remove the include that closes the loop."
            )
        if len(included) >= 10:
            raise DataError(
                f"{line}: includes nest more than ten files deep; include the files from one page."
            )
        text = files.read_text(path, f"docs/{source}", "file")
        inner = self.read_calls(page, text, self.environment, (*included, source))
        # A call in an included file stands, for the page, where the page includes it.
        return [
            Call(c.macro, c.args, c.kwargs, c.page, node.lineno if not included else c.line) for c in inner
        ]

    def render_titles(self, words: Callable[[Page], str]) -> None:
        """Titles that quote a value ({{ value(…) }} in a page's H1), made the words a reader sees,
        for the used-on lists, the figure list and print."""
        for page in self.pages.values():
            if "{{" in page.title or "{%" in page.title:
                object.__setattr__(page, "title", words(page))

    def calls_of(self, *macros: str) -> list[Call]:
        return [c for c in self.calls if c.macro in macros]

    def calls_on(self, source: str) -> list[Call]:
        return [c for c in self.calls if c.page.source == source]


# What a page could compute without bound: "a" * 10**10, 10**10**10, range(10**9). A page computes
# nothing (its numbers come from data/ through the macros), so none of it is read, or folded.
UNBOUNDED = (nodes.Mul, nodes.Pow)
UNBOUNDED_CALLS = {"range", "lipsum", "cycler", "joiner"}


def refuse_computation(tree: nodes.Template, shown: str) -> None:
    for node in tree.find_all((*UNBOUNDED, nodes.Call)):
        if isinstance(node, nodes.Call) and not (
            isinstance(node.node, nodes.Name) and node.node.name in UNBOUNDED_CALLS
        ):
            continue
        what = {nodes.Mul: "*", nodes.Pow: "**"}.get(type(node)) or f"{node.node.name}()"
        raise DataError(
            f"{shown}, line {node.lineno}: the page computes with {what} inside its {{{{ … }}}} or "
            "{% … %} markup. A page computes nothing: its numbers come from data/ through the macros "
            "(a computed value from macros/documents/), and a computation here could make the build "
            "run without end. Remove it."
        )


def open_link_text(tail: str) -> bool:
    """Whether text that ends a line so far leaves a Markdown link's text or an <a> open."""
    depth = 0
    for character in tail:
        depth = depth + 1 if character == "[" else max(depth - 1, 0) if character == "]" else depth
    opened = tail.lower().rfind("<a ")
    return depth > 0 or opened > tail.lower().rfind("</a>")


def contained_files(docs_dir: Path) -> list[Path]:
    """Every file under docs/, in order; a symbolic link (to a file or a folder) that leads out of
    the repository is refused by name, so that no outside file is published or quoted."""
    found = []
    repository = docs_dir.parent
    for folder, folders, names in os.walk(docs_dir):
        for name in sorted(folders + names):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(repository.resolve()):
                raise DataError(
                    f"{files.shown_path(path, docs_dir)}: {name} is a symbolic link that leads outside "
                    "the repository. The site publishes only files kept in the repository: copy the "
                    "file into docs/ instead of linking it."
                )
        folders.sort()
        found.extend(Path(folder) / name for name in sorted(names))
    return sorted(found)


def check_nav_entries(nav: list | None, pages: dict[str, Page]) -> None:
    """Every page the nav names exists, and is named once (a page listed twice would print twice)."""
    seen: set[str] = set()
    for entry in nav_entries(nav):
        if "://" in entry or entry.startswith(("#", "mailto:")) or not entry.lower().endswith(PAGE_SUFFIXES):
            continue
        if entry not in pages:
            raise DataError(
                f"mkdocs.yml, nav: '{entry}' names a page that docs/ does not hold, so its entry would "
                f"lead nowhere. {suggest_page(entry, list(pages))} Correct the path (from docs/), or "
                "remove the entry."
            )
        if entry in seen:
            raise DataError(
                f"mkdocs.yml, nav: '{entry}' is listed twice, so the page would appear twice in the nav "
                "and print twice in its document's printable edition. Keep one of the two entries."
            )
        seen.add(entry)


def nav_entries(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [entry for value in nav.values() for entry in nav_entries(value)]
    if isinstance(nav, list):
        return [entry for item in nav for entry in nav_entries(item)]
    return []


def suggest_page(entry: str, pages: list[str]) -> str:
    from ..base.errors import suggest

    return suggest(entry, pages)


def literal(node: nodes.Node, names: dict | None = None, default: object = None) -> object:
    """A call's argument when the page writes it as a literal (a string, number or list of them),
    or names a literal with `{% set %}`; `default` otherwise."""
    if isinstance(node, nodes.Name) and names and node.name in names and names[node.name] is not None:
        return names[node.name]
    try:
        return node.as_const()
    except (nodes.Impossible, Exception):
        return default
