"""Every address the site makes, in one place: pages, downloads, anchors, edit and source links.

The path is the identity. A document is its folder name (white-paper-2020), a dataset is
`document/table`, a chart `document/name`; every file, page and anchor of one is made from that id
here, so that a page, a citation and a download never build the same address twice, and a test can
ask this module where a thing is instead of spelling it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

# Files every build writes, from the site root.
PACKAGE_ZIP = "data/mems-data-package.zip"
CHART_SCRIPT = "assets/javascripts/charts.js"
TABLES_SCRIPT = "assets/javascripts/tables.js"
VEGA_BUNDLE = "assets/javascripts/vega-bundle.js"
# Each chart page's own cut of the chart font, named by the characters it holds.
FONT_FOLDER = "assets/fonts"
CITE_FOLDER = "cite"
CATALOGUE = "data/index.html"

# Characters kept in an id made of data: letters, digits and CJK (\w), and '-'; anything else (spaces,
# punctuation, the '/' of 1986/1990) becomes '_', so that the id is also a clean URL fragment.
ANCHOR_UNSAFE = re.compile(r"[^\w-]+")


def anchor_id(*parts: object) -> str:
    """An id made of data (a row key, a label): letters, digits, '_' and '-' only, so that it is the
    same in an id attribute and in a link's fragment, and never needs escaping."""
    return "-".join(ANCHOR_UNSAFE.sub("_", str(p)).strip("_") or "_" for p in parts)


# -- names -------------------------------------------------------------------------------------


def document_of(module: str) -> str:
    """The document a module belongs to: macros.documents.white_paper_2020 -> white-paper-2020."""
    return module.rpartition(".")[2].replace("_", "-")


def table_id_in(module: str, table: str) -> str:
    """A table named in a document's module: its own (`facts`) or another's (`document/table`)."""
    return table if "/" in table else f"{document_of(module)}/{table}"


def in_document(reference: str, document: str) -> str:
    """A chart or check named on a page: `document/name` as it is, `name` within the page's document."""
    return reference if "/" in reference else f"{document}/{reference}"


# -- pages -------------------------------------------------------------------------------------


def page_of(source: str) -> str:
    """The page a Markdown file under docs/ becomes, from the site root (use_directory_urls: false)."""
    return source.removesuffix(".md") + ".html"


def base_of(page_url: str) -> str:
    """The way from a page back to the site root, for links that work from disk."""
    return "../" * page_url.count("/")


def data_page(table_id: str) -> str:
    """Where a dataset's own page is, from the site root."""
    return f"data/{table_id}.html"


def data_page_source(table_id: str) -> str:
    """The name under docs/ a dataset's generated page is given (it has no Markdown of its own)."""
    return f"data/{table_id}.md"


def table_of_data_page(source: str) -> str | None:
    """The dataset a generated data page's source name stands for, if it is one."""
    if source.startswith("data/") and source.endswith(".md") and source.count("/") == 2:
        return source.removeprefix("data/").removesuffix(".md")
    return None


# -- downloads ---------------------------------------------------------------------------------


def csv_file(table_id: str) -> str:
    return f"data/{table_id}.csv"


def chart_file(chart_id: str, kind: str) -> str:
    """A chart's download (svg, png) or its specs (spec.js)."""
    return f"charts/{chart_id}.{kind}"


def cite_stem(page: str, anchor: str = "") -> str:
    """Where the BibTeX and RIS files of a page, or of a figure on it, are, without the suffix."""
    stem = f"{CITE_FOLDER}/{page.removesuffix('.html')}"
    return f"{stem}/{anchor}" if anchor else stem


# -- anchors -----------------------------------------------------------------------------------


def chart_anchor(chart_id: str) -> str:
    return "chart-" + chart_id.replace("/", "-")


def table_anchor(table_id: str) -> str:
    return "table-" + table_id.replace("/", "-")


def diagram_anchor(table_id: str) -> str:
    return "diagram-" + table_id.replace("/", "-")


def figure_anchor(label: str) -> str:
    """A document's own figure (图8) on the page that tells of it."""
    return anchor_id("fig", label)


# -- the published site and its repository -----------------------------------------------------


@dataclass(frozen=True)
class Repository:
    """The repository the site is made from (mkdocs.yml extra.repo and extra.branch)."""

    url: str
    branch: str = "main"

    def edit(self, path: str) -> str:
        return f"{self.url}/edit/{self.branch}/{quote(path)}"

    def source(self, path: str, line: int | None = None) -> str:
        return f"{self.url}/blob/{self.branch}/{quote(path)}" + (f"#L{line}" if line else "")


def published(site_url: str, path: str, anchor: str = "") -> str:
    """The published address of a page (its path from the site root) or of an element on it."""
    url = site_url.rstrip("/") + "/" + quote(path, safe="/")
    return f"{url}#{quote(anchor, safe='')}" if anchor else url
