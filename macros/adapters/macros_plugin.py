"""The adapter to mkdocs-macros: registers the page macros, checks every call and turns every failure
into one paragraph. The work is in macros/build/site.py and the layers below it."""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from jinja2.exceptions import UndefinedError
from mkdocs.exceptions import PluginError
from mkdocs_macros.errors import format_error

from ..build import calls
from ..build.site import MACROS, SiteData
from ..data.catalog import DataError, suggest
from ..data.pages import jinja_environment
from ..html import citations

PROJECT_DIR = Path(__file__).resolve().parents[2]
log = logging.getLogger("mkdocs.plugins.mems")
current: SiteData | None = None


@format_error.register
def _format_data_error(error: DataError, markdown: str, page) -> str:
    # The paragraph was logged as an error where it arose; no traceback follows it.
    return f"docs/{page.file.src_path}: the build stopped on the error reported above."


@format_error.register
def _format_undefined(error: UndefinedError, markdown: str, page) -> str:
    name = error.message.split("'")[1] if error.message and error.message.count("'") >= 2 else ""
    message = (
        f"docs/{page.file.src_path}: {error.message}. {suggest(name, list(MACROS))} "
        f"The macros are: {', '.join(MACROS)}. Check the spelling of the name inside {{{{ … }}}}."
    )
    log.error(message)
    return message


def chart_cache_dir() -> Path | None:
    """Rendered charts are kept under .cache/charts; MEMS_CHART_CACHE=off renders every chart."""
    setting = os.environ.get("MEMS_CHART_CACHE", "")
    if setting == "off":
        return None
    return Path(setting) if setting else PROJECT_DIR / ".cache" / "charts"


def checked(site: SiteData, name: str):
    """A macro whose call is checked against its signature first, and whose every failure becomes one
    paragraph naming the page and line: a DataError as it is, anything else as a fault of the engine."""
    function = getattr(site, name)

    @functools.wraps(function)
    def macro(*args, **kwargs):
        try:
            calls.check_call(site, name, function, args, kwargs)
            return function(*args, **kwargs)
        except DataError as error:
            log.error(str(error))
            raise
        except Exception as error:
            message = calls.engine_fault(site.context(), error)
            log.error(message)
            raise DataError(message) from None

    return macro


def define_env(env) -> None:
    global current
    project_dir = Path(env.conf["config_file_path"]).resolve().parent
    try:
        environment = jinja_environment(dict(env.config))
        current = SiteData(project_dir, chart_cache_dir(), environment, env.conf["nav"])
    except DataError as error:
        raise PluginError(str(error)) from None
    except Exception as error:
        raise PluginError(calls.engine_fault("loading data/ and docs/", error)) from None
    current.publication = citations.Publication.from_config(env.conf)
    for name in MACROS:
        env.macro(checked(current, name), name)


def on_pre_page_macros(env) -> None:
    current.start_page(env.page.file.src_uri, env.page.url or env.page.file.dest_uri)
