"""The adapter to Zensical's emulation of mkdocs-macros (Zensical 0.0.73): it runs define_env once
per page with that page in env.page, and runs no MkDocs hooks. The build is made once per process;
each page's macros return their finished HTML straight away, since no hook puts tokens back after
Markdown. What Zensical cannot do without hooks is listed by `make zensical` (macros/tools)."""

from __future__ import annotations

import functools
from pathlib import Path

from ..build.site import Page, build_from_file, macro_functions, restore

build_of = functools.cache(build_from_file)


def define_env(env) -> None:
    build = build_of(Path(env.conf.get("root_dir", ".")).resolve() / "mkdocs.yml")
    source = env.page.path if env.page is not None else "index.md"
    page = Page(source)
    for name, function in macro_functions(build, lambda: page).items():
        env.macro(lambda *a, _f=function, **k: restore(_f(*a, **k)), name)


def on_pre_page_macros(env) -> None:
    """Zensical names the page in define_env already."""
