"""The one exception type for data problems, and the did-you-mean every message shares."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager


class DataError(Exception):
    """A problem in data/ or in a page's use of it, told in one paragraph a contributor can act on."""


def suggest(name: str, known: list[str]) -> str:
    """' Did you mean …?' when a close match exists, else the list of what exists."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"Did you mean '{close[0]}'?"
    shown = ", ".join(sorted(known)[:20])
    more = "" if len(known) <= 20 else f" (and {len(known) - 20} more)"
    return f"Known: {shown}{more}." if known else "There are none."


@contextmanager
def reading(where: str) -> Iterator[None]:
    """Mark what is being read (a file, a row, a check, a page), so that an error no message foresaw
    still names the input it arose on (see input_of): the innermost input wins."""
    try:
        yield
    except DataError:
        raise
    except Exception as error:
        if not hasattr(error, "mems_input"):
            error.mems_input = where
        raise


def input_of(error: BaseException) -> str | None:
    """The input being read when `error` arose, if one was marked."""
    return getattr(error, "mems_input", None)
