"""The code that turns data/ and docs/ into the site, one folder a layer (base, data, charts,
documents, html, build, adapters; README.md has the map). A macros engine loads this package
(mkdocs.yml: module_name: macros) and calls the entry points below, which hand over to the adapter
of the engine that called: mkdocs-macros, or Zensical's emulation of it. The adapters are imported
only then, so that the layers below them load without any engine."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def adapter(env):
    """The adapter for the engine whose macros environment `env` is. Zensical loads this file on its
    own, not as the package, so the package is imported by name from the project's folder."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    zensical = type(env).__module__.startswith("zensical")
    return importlib.import_module("macros.adapters." + ("zensical_macros" if zensical else "macros_plugin"))


def define_env(env) -> None:
    adapter(env).define_env(env)


def on_pre_page_macros(env) -> None:
    adapter(env).on_pre_page_macros(env)
