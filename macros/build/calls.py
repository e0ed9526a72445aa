"""Macro calls checked like data: every argument against the macro's signature, before it runs.

A page that calls `table(123)`, `chart()` or `table("x", colums=[…])` gets one paragraph naming the
page, the line, the macro's signature and the closest keyword, never a Python traceback.
"""

from __future__ import annotations

import inspect
import os
import traceback
import types
import typing

from ..base.errors import DataError, input_of, suggest
from ..data.pages import Page, PageIndex


def signature_text(name: str, function) -> str:
    parameters = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind is parameter.VAR_KEYWORD:
            parameters.append("column=value, …")
        elif parameter.default is parameter.empty:
            parameters.append(parameter.name)
        else:
            parameters.append(f"{parameter.name}={parameter.default!r}")
    return f"{name}({', '.join(parameters)})"


def call_line(pages: PageIndex, page: Page, name: str, args: tuple, kwargs: dict) -> str:
    """Where the call stands: 'docs/x.md, line 12' (the line from the page index)."""
    calls = [c for c in pages.calls_on(page.source) if c.macro == name]
    exact = [c for c in calls if c.args == args and c.kwargs == kwargs]
    chosen = exact or calls
    if len(chosen) == 1 or exact:
        return chosen[0].where
    return page.where


def accepts(value: object, annotation: object) -> bool:
    """Whether a value fits a parameter's annotation (str, int, bool, list[str] and their | None)."""
    if annotation is inspect.Parameter.empty or annotation is typing.Any:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(accepts(value, option) for option in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if origin is list:
        (item,) = typing.get_args(annotation) or (typing.Any,)
        return isinstance(value, list) and all(accepts(v, item) for v in value)
    if annotation is bool:
        return isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, annotation) if isinstance(annotation, type) else True


def type_name(annotation: object) -> str:
    words = {str: "a text in quotes", int: "a whole number", bool: "true or false", type(None): "none"}
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_name(a) for a in typing.get_args(annotation))
    if origin is list:
        return 'a list such as ["a", "b"]'
    return words.get(annotation, getattr(annotation, "__name__", str(annotation)))


def check_call(pages: PageIndex, page: Page, name: str, function, args: tuple, kwargs: dict) -> None:
    signature = inspect.signature(function)
    hints = typing.get_type_hints(function)
    shown = signature_text(name, function)
    takes_any_keyword = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    if not takes_any_keyword:
        known = [p for p in signature.parameters if p not in ("self",)]
        for keyword in kwargs:
            if keyword not in signature.parameters:
                raise DataError(
                    f"{call_line(pages, page, name, args, kwargs)}: {name}() has no argument '{keyword}'. "
                    f"{suggest(keyword, known)} The macro is {shown}."
                )
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as error:
        raise DataError(
            f"{call_line(pages, page, name, args, kwargs)}: {name}() is called wrongly ({error}). "
            f"The macro is {shown}."
        ) from None
    for parameter_name, value in bound.arguments.items():
        parameter = signature.parameters[parameter_name]
        if parameter.kind is parameter.VAR_KEYWORD:
            bad = {k: v for k, v in value.items() if not isinstance(v, str | int) or isinstance(v, bool)}
            if bad:
                key, found = next(iter(bad.items()))
                raise DataError(
                    f"{call_line(pages, page, name, args, kwargs)}: {name}(): the row condition "
                    f"{key}={found!r} must be a text or a whole number. The macro is {shown}."
                )
            continue
        annotation = hints.get(parameter_name, inspect.Parameter.empty)
        if not accepts(value, annotation):
            raise DataError(
                f"{call_line(pages, page, name, args, kwargs)}: {name}(): '{parameter_name}' is {value!r}, "
                f"but it must be {type_name(annotation)}. The macro is {shown}."
            )


def placed(pages: PageIndex, page: Page, name: str, args: tuple, kwargs: dict, message: str) -> str:
    """A macro's message with the page line of the call in it: 'docs/x.md: …' becomes
    'docs/x.md, line 12: …'; a message about something else (a dataset, a data file) is told as
    the call's."""
    where = call_line(pages, page, name, args, kwargs)
    page = page.where
    if message.startswith(where):
        return message
    if message.startswith(f"{page}:"):
        return where + message[len(page) :]
    if message.startswith(f"{page},"):
        return message
    return f"{where}, {call_text(name, args, kwargs)}: {message}"


def call_text(name: str, args: tuple, kwargs: dict) -> str:
    """'value("demo/facts", "size_2019")', as the page writes the call (short)."""
    written = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    text = f"{name}({', '.join(written)})"
    return text if len(text) <= 80 else text[:77] + "…)"


def engine_fault(where: str, error: BaseException) -> str:
    """The paragraph for an error no message foresaw. It names the input being read when it arose
    (a file, a row, a check, a page: see errors.reading), where one was, and sends the contributor
    there first; only an error that arose on no input is told as a fault of the engine. The detail
    follows with MEMS_VERBOSE=1."""
    found = input_of(error)
    if found:
        message = (
            f"{where}: the build stopped on an error no check foresaw ({type(error).__name__}: {error}) "
            f"while reading {found}. Look there first for a value the site cannot take (a 0 it divides "
            "by, a column left empty, a form data/README.md does not list) and correct it; if the "
            "input is as the guide allows, the engine in macros/ is at fault: please report it with "
            "the input named here. "
        )
    else:
        message = (
            f"{where}: the build stopped on an unexpected error in the site's engine "
            f"({type(error).__name__}: {error}). This is a fault of the engine in macros/, not of the "
            "page or the data; please report it with the page or file named here. "
        )
    if os.environ.get("MEMS_VERBOSE"):
        return message + "Detail:\n" + "".join(traceback.format_exception(error))
    return message + "Run the build again with MEMS_VERBOSE=1 for the detail."
