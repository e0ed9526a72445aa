"""Strict builds for the tests, each in a process forked from this one, which has already imported
what every build imports (MkDocs, Material, mkdocs-macros, pandas, Altair, vl-convert, jieba and its
dictionary): about two seconds that each of the suite's builds would otherwise spend on its own.

The child runs the same command line as `python -m mkdocs build …` in the project's folder, with the
environment, output files and exit status of its own process; only the project's `macros` package is
imported afresh in each child, from the project being built. tests/conftest.py starts one server per
test worker and sends it one request a line (JSON), and reads one answer a line.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import traceback
import types
from pathlib import Path

# Imported here once, before any fork. Not Material's templates package: it reads the environment
# (NO_MKDOCS_2_WARNING) when imported, and each build brings its own environment. Nor mkdocs.__main__,
# which the child runs as `python -m` does.
PRELOADED = [
    "click",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs_macros.plugin",
    "material.plugins.search.plugin",
    "pymdownx.superfences",
    "pandas",
    "altair",
    "vl_convert",
    "fontTools.subset",
    "jieba",
]


def preload() -> None:
    import importlib
    import logging

    for name in PRELOADED:
        importlib.import_module(name)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # loads the dictionary, a second of every build that searches Chinese
    compile_project_once()


# The project's own modules, compiled once here (by their source) for every child: each build is of
# a copy of the project in a folder of its own, which Python compiles afresh (a sixth of a second
# of a small build), as no bytecode of it is kept beside it. A module whose source a test changed
# is compiled by the child as usual.
COMPILED: dict[bytes, types.CodeType] = {}


def compile_project_once() -> None:
    from importlib.machinery import SourceFileLoader

    for path in sorted((Path(__file__).resolve().parent.parent / "macros").rglob("*.py")):
        source = path.read_bytes()
        COMPILED[source] = compile(source, str(path), "exec", dont_inherit=True)
    compile_source = SourceFileLoader.source_to_code

    def source_to_code(self, data, path, *, _optimize=-1):
        code = COMPILED.get(bytes(data))
        if code is None:
            return compile_source(self, data, path, _optimize=_optimize)
        return located(code, path)

    SourceFileLoader.source_to_code = source_to_code


def located(code: types.CodeType, path: str) -> types.CodeType:
    """`code` as compiled from the file at `path` (tracebacks and warnings name that file)."""
    constants = tuple(located(c, path) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=path, co_consts=constants)


def run_build(request: dict) -> None:
    """In the child: become `python -m <engine> <args>` run in request['cwd'], and exit as it does."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = request["cwd"]  # as `python -m` puts the folder it runs in first
    for fd, path, mode in (
        (0, os.devnull, os.O_RDONLY),
        (1, request["stdout"], os.O_WRONLY),
        (2, request["stderr"], os.O_WRONLY),
    ):
        target = os.open(path, mode | (os.O_CREAT | os.O_TRUNC if fd else 0), 0o644)
        os.dup2(target, fd)
        os.close(target)
    # Left open on purpose: the child ends in os._exit, with no file to close behind it.
    sys.stdin = open(0, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    signal.alarm(request["timeout"])  # a build that hangs is killed, as subprocess.run's timeout would
    sys.argv = [request["engine"], *request["args"]]
    code = 0
    try:
        runpy.run_module(request["engine"], run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
            code = 1
        else:
            code = stop.code or 0
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def serve() -> None:
    preload()
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        child = os.fork()
        if child == 0:
            run_build(request)
        _, status = os.waitpid(child, 0)
        answers.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve()
