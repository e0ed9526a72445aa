"""mkdocs-macros entry point: wiring only. The work is in site.py and the modules it uses."""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from jinja2.exceptions import UndefinedError
from mkdocs.exceptions import PluginError
from mkdocs_macros.errors import format_error

from . import citations, printing
from .catalog import DataError
from .site import SiteData

PROJECT_DIR = Path(__file__).resolve().parent.parent
MACROS = (
    "table",
    "chart",
    "value",
    "figure",
    "data_note",
    "data_notes",
    "contradiction_count",
    "rows",
    "data_page",
    "data_catalogue",
    "diagram",
    "figure_list",
)
log = logging.getLogger("mkdocs.plugins.mems")
current: SiteData | None = None


@format_error.register
def _format_data_error(error: DataError, markdown: str, page) -> str:
    # The paragraph was logged as an error where it arose; no traceback follows it.
    return f"{page.file.src_path}: the build stopped on the data error reported above."


@format_error.register
def _format_undefined(error: UndefinedError, markdown: str, page) -> str:
    message = (
        f"docs/{page.file.src_path}: {error.message}. The macros are: {', '.join(MACROS)}. "
        "Check the spelling of the name inside {{ … }}."
    )
    log.error(message)
    return message


def reporting(function):
    """Log a macro's DataError as one error line before mkdocs-macros stops the build."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DataError as error:
            log.error(str(error))
            raise

    return wrapper


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
    current.publication = citations.Publication.from_config(env.conf)
    for name in MACROS:
        env.macro(reporting(getattr(current, name)), name)
    env.macro(reporting(functools.partial(printing.whole_document, env)), "whole_document")


def on_pre_page_macros(env) -> None:
    current.start_page(env.page.file.src_uri, env.page.url or env.page.file.dest_uri)
