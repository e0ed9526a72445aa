"""The whole of one document on one printable page, assembled from its chapters' finished HTML.

No chapter is rendered twice: the print page's whole_document() leaves a slot, and once every page
is rendered the adapter fills it with each chapter's HTML, headings one level down and every id
prefixed with the chapter's name, so that ids stay unique and links inside a chapter still meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..base.addresses import anchor_id
from ..base.escaping import css_string, html_attr, html_text
from ..data.pages import PageIndex, nav_entries
from .render import plain_text

HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")
ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')
FRAGMENT_LINK = re.compile(r'\bhref="#([^"]+)"')
ID_REFERENCE = re.compile(r'\b(aria-labelledby|aria-describedby|aria-controls|for)="([^"]+)"')
SVG_REFERENCE = re.compile(r"url\(#([^)]+)\)|(xlink:href)=\"#([^\"]+)\"")


def nav_pages(nav: list | dict | str | None) -> list[str]:
    """Every Markdown page named in mkdocs.yml's nav, in reading order."""
    return [entry for entry in nav_entries(nav) if entry.endswith(".md")]


def nav_titles(nav: list | dict | str | None, title: str = "") -> dict[str, str]:
    """The title the nav gives each page it names with one ('第1章 …': 'white-paper-2020/concept.md')."""
    if isinstance(nav, str):
        return {nav: title} if nav.endswith(".md") and title else {}
    if isinstance(nav, dict):
        return {p: t for key, value in nav.items() for p, t in nav_titles(value, str(key)).items()}
    if isinstance(nav, list):
        return {p: t for item in nav for p, t in nav_titles(item).items()}
    return {}


def document_chapters(pages: PageIndex, nav: list | None, folder: str, print_page: str) -> list[str]:
    """The chapters of the document in docs/<folder>/: as the nav orders them, or by file name when
    the site has no nav. The document's overview page and the print page are left out."""
    skipped = {f"{folder}/index.md", print_page}
    listed = nav_pages(nav) if nav else sorted(pages.pages)
    return [page for page in listed if page.startswith(f"{folder}/") and page not in skipped]


def slot(folder: str) -> str:
    return f'<div class="mems-whole-document" data-document="{html_attr(folder)}"></div>'


def fill_slot(html: str, folder: str, chapters: Iterable[tuple[str, str]]) -> str:
    """The print page with its slot replaced by a table of contents and the chapters: (source,
    finished HTML) pairs. Its running header goes into the page's head (running_header)."""
    parts = [chapter_html(source, content) for source, content in chapters]
    body = "".join(parts)
    return html.replace(slot(folder), contents(body) + body)


def chapter_html(source: str, content: str) -> str:
    prefix = anchor_id(source.rpartition("/")[2].removesuffix(".md"))
    content = HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", content)
    content = ID_ATTRIBUTE.sub(lambda m: f'id="{prefix}--{m.group(1)}"', content)
    content = FRAGMENT_LINK.sub(lambda m: f'href="#{prefix}--{m.group(1)}"', content)
    content = ID_REFERENCE.sub(
        lambda m: f'{m.group(1)}="{" ".join(f"{prefix}--{i}" for i in m.group(2).split())}"', content
    )
    content = SVG_REFERENCE.sub(
        lambda m: (
            f"url(#{prefix}--{m.group(1)})" if m.group(1) else f'{m.group(2)}="#{prefix}--{m.group(3)}"'
        ),
        content,
    )
    return f'<section class="mems-print-chapter" id="{prefix}">{content}</section>'


CHAPTER_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def contents(body: str) -> str:
    """The edition's table of contents: each chapter (h2) and its sections (h3), linked."""
    items = []
    for level, anchor, inner in CHAPTER_HEADING.findall(body):
        text = html_text(plain_text(inner).replace("¶", "").strip())
        items.append(f'<li class="mems-print-toc__h{level}"><a href="#{anchor}">{text}</a></li>')
    return f'<div class="mems-print-toc"><h2 id="contents">目录</h2><ul>{"".join(items)}</ul></div>'


def running_header(title: str, site_name: str) -> str:
    """The printed pages' running header: the document's title on the left, the site's name on the
    right (their font, and the page numbers, are in figures.css). Chromium cannot carry the current
    chapter into a page margin (no string-set), so the header names the document."""
    return (
        "<style>@media print { @page { "
        f"@top-left {{ content: {css_string(title)}; }} "
        f"@top-right {{ content: {css_string(site_name)}; }} "
        "} }</style>"
    )
