"""The adapter to mkdocs-macros: makes the build once, registers the page macros for the page being
rendered, and tells an unknown macro name in one paragraph. The work is in macros/build/."""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2.exceptions import UndefinedError
from mkdocs.exceptions import PluginError
from mkdocs_macros.errors import format_error

from ..base.errors import DataError, suggest
from ..build.site import MACROS, Build, Page, macro_functions, start_build

log = logging.getLogger("mkdocs.plugins.mems")
# The build of this run (made in define_env), shared with the MkDocs hooks, and the page being
# rendered, which mkdocs-macros names before it renders a page's macros.
build: Build | None = None
page: Page | None = None


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


def define_env(env) -> None:
    global build
    project_dir = Path(env.conf["config_file_path"]).resolve().parent
    try:
        build = start_build(project_dir, env.conf, dict(env.config))
    except DataError as error:
        raise PluginError(str(error)) from None
    for name, function in macro_functions(build, lambda: page).items():
        env.macro(function, name)


def on_pre_page_macros(env) -> None:
    global page
    page = Page(env.page.file.src_uri)
