"""A table in plain words, for any output (a page, a chart's download, a citation): a cell as the
document prints it, the table's label and the line that says where its values stand."""

from __future__ import annotations

import re

from ..base.missing import is_missing
from .catalog import Field, Table

# Numeric columns that label a row rather than measure it.
YEAR_LIKE = re.compile(r"^(year|rank)$|_year$")


def cell_text(table: Table, f: Field, row: int) -> str:
    """A cell as the document prints it: a number with its written decimals, '' when empty."""
    value = table.value(row, f.name)
    if is_missing(value):
        return ""
    if not f.numeric:
        return str(value)
    return table.quantity(row, f.name).number_text()


def label_of(table: Table) -> str:
    """The document's number for the table (表1, 图14), or its section when it has none."""
    if table.label:
        return table.label
    if table.computed:
        return "推算表"
    return f"{table.location}节表" if table.location[:1].isdigit() else "表"


def document_name(table: Table) -> str:
    return table.package.shown_title


def source_text(table: Table) -> str:
    """One plain line: where the values stand in which document, and who published it."""
    package = table.package
    if table.computed and table.has("document"):
        # A table that gathers both documents' values names them from its rows, not its folder.
        named = "与".join(f"《{d}》" for d in dict.fromkeys(table.text["document"]))
        return f"由本站汇集{named}所载数值：{table.derivation}"
    if table.computed:
        return f"由本站根据{document_name(table)}所载数值计算：{table.derivation}"
    where = f"{document_name(table)}{table.location}" if table.location else document_name(table)
    if table.label and table.label not in table.location:
        where += f" {table.label}"
    if not table.location:
        where += "（各行出处见“出处”列）"
    publisher = "，".join(filter(None, [package.publisher, package.date]))
    return f"{where}，{publisher}" if publisher else where
