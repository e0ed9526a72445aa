"""The whole of one document on one printable page: its chapters, in nav order, rendered in place."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.utils.meta import get_data

from .catalog import DataError

HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)
FENCE = re.compile(r"^\s*(```|~~~)")


def nav_pages(nav: list | dict | str | None) -> list[str]:
    """Every Markdown page named in mkdocs.yml's nav, in reading order."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    return []


def document_chapters(docs_dir: Path, nav: list | None, folder: str, print_page: str) -> list[str]:
    """The chapters of the document in docs/<folder>/: as the nav orders them, or by file name
    when the site has no nav. The document's overview page and the print page are left out."""
    skipped = {f"{folder}/index.md", print_page}
    if nav:
        listed = nav_pages(nav)
    else:
        listed = sorted(p.relative_to(docs_dir).as_posix() for p in (docs_dir / folder).glob("*.md"))
    return [page for page in listed if page.startswith(f"{folder}/") and page not in skipped]


def demote_headings(markdown: str) -> str:
    """One level down (# -> ##), so that the print page keeps one H1 and its table of contents
    lists the chapters; lines inside fenced code stay as they are."""
    lines, in_fence = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        lines.append(line if in_fence else HEADING.sub(r"#\1 ", line))
    return "\n".join(lines)


def whole_document(env, folder: str) -> str:
    """The Markdown of every chapter of docs/<folder>/, rendered by the same macros as the
    chapter pages (front matter dropped, headings one level down)."""
    docs_dir = Path(env.conf["docs_dir"])
    print_page = env.page.file.src_uri
    if Path(print_page).parent.as_posix() != folder:
        # Relative links and images in a chapter resolve only from a page in the same folder.
        raise DataError(
            f"docs/{print_page}: whole_document('{folder}') must be called from a page in docs/{folder}/."
        )
    chapters = document_chapters(docs_dir, env.conf["nav"], folder, print_page)
    if not chapters:
        raise DataError(
            f"docs/{print_page}: whole_document('{folder}') finds no chapter of docs/{folder}/ "
            "in mkdocs.yml's nav. List the chapters there, or name another folder."
        )
    from . import current  # the build's state, made by define_env before any page renders

    package = current.catalog.packages.get(folder)
    title = package.title if package else folder
    parts = [current.hold(running_header(title, env.conf["site_name"]))]
    for chapter in chapters:
        text, _meta = get_data((docs_dir / chapter).read_text(encoding="utf-8"))
        parts.append(demote_headings(env.render(text, force_rendering=True)))
    return "\n\n".join(parts)


def css_string(text: str) -> str:
    """Text as a CSS string literal, escaped so that no title can end the string or the style."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>\n' else c for c in text)
    return f'"{escaped}"'


def running_header(title: str, site_name: str) -> str:
    """The printed pages' running header: the document's title on the left, the site's name on the
    right (page numbers are in figures.css). Chromium cannot carry the current chapter into a page
    margin (no string-set), so the header names the document."""
    return (
        "<style>@media print { @page { "
        f"@top-left {{ content: {css_string(title)}; font-size: 9pt; color: #555; }} "
        f"@top-right {{ content: {css_string(site_name)}; font-size: 9pt; color: #555; }} "
        "} }</style>"
    )
