"""The one boundary where text from data/ becomes page text: each function escapes for one context.

Everything that reaches a page from a CSV cell or a descriptor (titles, descriptions, captions, units,
qualifiers, notes, labels, source names) passes through exactly one of these, at the moment it is put
into HTML. Nothing from data/ is handed to Markdown or Jinja: the macros return finished HTML, which
Markdown never parses (see build/site.py, hold).
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote


def html_text(text: object) -> str:
    """Text for an element's content: <b> shows as <b>. Markdown never sees it (the macros' HTML is
    held from Markdown, and data pages are made without it), so *x* and {{ x }} stay as written."""
    return escape(str(text), quote=False)


def html_attr(text: object) -> str:
    """Text for a quoted attribute value (aria-label, data-*, href): quotes and <, >, & as references,
    so that a value can neither end its attribute nor open a tag."""
    return escape(str(text), quote=True)


def url_part(text: object) -> str:
    """Text for one part of a URL (a path segment, a query value, a fragment), percent-encoded so that
    it can name no scheme (javascript:) and end no attribute."""
    return quote(str(text), safe="")


def json_script(value: object) -> str:
    """A value as JSON inside <script>: `</script>` and `<!--` in a string cannot end the script."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def css_string(text: object) -> str:
    """Text as a CSS string literal (a print header's content): no quote, backslash, bracket or line
    break of it can end the string or the style element."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"<>\n\r' else c for c in str(text))
    return f'"{escaped}"'
