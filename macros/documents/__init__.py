"""One module per document, named after its folder in data/ and docs/ (white-paper-2020 is
white_paper_2020.py): what the document owns that its data cannot say — its charts, the tables the
site computes from its published values, the layouts of figures redrawn from its tables. Everything
in it names its own tables without the document's name, so that a copy of the module under another
document's name serves that document."""

from __future__ import annotations

import importlib
import pkgutil


def document_of(module: str) -> str:
    """The document a module belongs to: macros.documents.white_paper_2020 -> white-paper-2020."""
    return module.rpartition(".")[2].replace("_", "-")


def table_id_in(module: str, table: str) -> str:
    """A table named in a document's module: its own (`facts`) or another's (`document/table`)."""
    return table if "/" in table else f"{document_of(module)}/{table}"


def load_documents() -> None:
    """Import every document's module, so that its charts, computed tables and layouts register."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
