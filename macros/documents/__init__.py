"""One module per document, named after its folder in data/ and docs/ (white-paper-2020 is
white_paper_2020.py): what the document owns that its data cannot say — its charts, the tables the
site computes from its published values, the layouts of figures redrawn from its tables. Everything
in it names its own tables without the document's name, so that a copy of the module under another
document's name serves that document."""

from __future__ import annotations

import importlib
import pkgutil


def load_documents() -> None:
    """Import every document's module, so that its charts, computed tables and layouts register."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
