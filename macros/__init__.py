"""mkdocs-macros entry point: wiring only. The work is in site.py and the modules it uses."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs_macros.errors import format_error

from .catalog import DataError
from .site import SiteData

PROJECT_DIR = Path(__file__).resolve().parent.parent
current: SiteData | None = None


@format_error.register
def _format_data_error(error: DataError, markdown: str, page) -> str:
    # One paragraph for the contributor, not a traceback.
    return str(error)


def chart_cache_dir() -> Path | None:
    """Rendered charts are kept under .cache/charts; MEMS_CHART_CACHE=off renders every chart."""
    setting = os.environ.get("MEMS_CHART_CACHE", "")
    if setting == "off":
        return None
    return Path(setting) if setting else PROJECT_DIR / ".cache" / "charts"


def define_env(env) -> None:
    global current
    project_dir = Path(env.conf["config_file_path"]).resolve().parent
    try:
        current = SiteData(project_dir, chart_cache_dir())
    except DataError as error:
        raise PluginError(str(error)) from None
    site = current
    for name in ("table", "chart", "value", "figure", "data_note", "data_notes", "contradiction_count", "rows"):
        env.macro(getattr(site, name), name)
    env.variables["catalog"] = site.catalog


def on_pre_page_macros(env) -> None:
    current.start_page(env.page.url or env.page.file.dest_uri, env.page.title or "")
