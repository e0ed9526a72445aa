"""The adapter to Zensical's emulation of mkdocs-macros (Zensical 0.0.73): it runs define_env once
per page with that page in env.page, and runs no MkDocs hooks. The build is made once per process;
each page's macros return their finished HTML straight away, since no hook puts tokens back after
Markdown. What Zensical cannot do without hooks is listed by `make zensical` (macros/tools)."""

from __future__ import annotations

import functools
from pathlib import Path

from ..build.site import Build, Page, macro_functions, restore, start_build


@functools.cache
def build_of(project_dir: str, config_file: str) -> Build:
    import yaml

    config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    macros_options = next(
        (p["macros"] for p in config.get("plugins") or [] if isinstance(p, dict) and "macros" in p), {}
    )
    return start_build(Path(project_dir), config, macros_options or {})


def define_env(env) -> None:
    root = Path(env.conf.get("root_dir", ".")).resolve()
    build = build_of(str(root), str(root / "mkdocs.yml"))
    source = env.page.path if env.page is not None else "index.md"
    page = Page(source)
    for name, function in macro_functions(build, lambda: page).items():
        env.macro(lambda *a, _f=function, **k: restore(_f(*a, **k)), name)


def on_pre_page_macros(env) -> None:
    """Zensical names the page in define_env already."""
