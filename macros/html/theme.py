"""Material's markup, corrected on the finished page: valid HTML (Nu Html Checker), named landmarks
(axe), deferred scripts and a language tag that says simplified Chinese.

Each fix is one pattern of Material 9.8's markup, the template that makes it, and what it becomes.
Copying a theme partial to change one attribute would freeze the rest of it at one version; a
pattern changes only what it names. A fix that Material prints on every page and that finds nothing
fails the build, naming the template to read again: a theme upgrade changed the markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..base.errors import DataError

# The accessible names of Material's search dialog and of the search landmark inside it; the
# landmark's differs from the catalogue's filter, another search landmark.
SEARCH_DIALOG_NAME = "搜索"
SEARCH_LANDMARK_NAME = "全站搜索"
# What Material's bundle marks the page with once it runs (see the fix that uses it).
EARLY_MARKS = (
    "<script>"
    'document.documentElement.classList.replace("no-js", "js");'
    'document.documentElement.classList.add("js-focus-visible");'
    'document.documentElement.setAttribute("data-js-focus-visible", "")'
    "</script>"
)
# BCP 47 for Chinese in simplified characters; Material's zh translation says only "zh".
LANGUAGE = "zh-Hans"


@dataclass(frozen=True)
class Fix:
    why: str
    template: str  # Material's template that prints the markup
    pattern: re.Pattern
    replacement: str | Callable[[re.Match], str]
    on_every_page: bool = True


FIXES = [
    Fix(
        "a nested nav section is named by its visible title: Material names it by its toggle's label, "
        "which is empty for a section with an index page, so every such nav had the same empty name",
        "partials/nav-item.html",
        re.compile(r'(<nav class="md-nav" data-md-level="\d+") aria-labelledby="(__nav_[\d_]+)_label"'),
        r'\1 aria-labelledby="\2_title"',
        on_every_page=False,
    ),
    Fix(
        "the visible title of a nested nav section gets the id that names the section",
        "partials/nav-item.html",
        re.compile(r'<label class="md-nav__title" for="(__nav_[\d_]+)">'),
        r'<label class="md-nav__title" for="\1" id="\1_title">',
        on_every_page=False,
    ),
    Fix(
        'a section\'s toggle label has tabindex="" (no integer, invalid HTML); without the attribute it '
        "is what Material means: not in the tab order",
        "partials/nav-item.html",
        re.compile(
            r'(<label class="md-nav__link[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label") tabindex=""'
        ),
        r"\1",
        on_every_page=False,
    ),
    Fix(
        "autocomplete is not allowed on a checkbox (Material sets it so that Firefox does not restore "
        "an open drawer or search after going back; the toggles still close on the next click)",
        "base.html",
        re.compile(
            r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">'
        ),
        r"\1>",
    ),
    Fix(
        "the search dialog has a name, which axe and Lighthouse require of every role=dialog",
        "partials/search.html",
        re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
        f'<div class="md-search" data-md-component="search" role="dialog" aria-label="{SEARCH_DIALOG_NAME}">',
    ),
    Fix(
        "the search landmark has a name of its own",
        "partials/search.html",
        re.compile(r'<div class="md-search__inner" role="search">'),
        f'<div class="md-search__inner" role="search" aria-label="{SEARCH_LANDMARK_NAME}">',
    ),
    Fix(
        # Material's script gives every cut-off .md-ellipsis a tooltip, and its tooltip sets the
        # element's text as HTML: a page title from data/ (a dataset's, an entity's) ran as markup
        # when a reader on a phone hovered the header. The header's titles keep their look under a
        # class of the site's own (figures.css), which that script does not read.
        "the header's title is never made into a tooltip, whose text would be read as HTML",
        "partials/header.html",
        re.compile(r'(<div class="md-header__topic"[^>]*>\s*<span class=")md-ellipsis(")'),
        r"\1mems-ellipsis\2",
    ),
    Fix(
        # Material's bundle runs deferred, after the first paint, and its first acts each restyle the
        # whole page (10-20 ms on a laptop, four times that on a phone): it swaps no-js for js on
        # <html> (and so shows the search button, moving the header), its focus-visible polyfill
        # marks <html>, and its palette marks <body> as switching colours while it sets them. Made
        # before the page is parsed, these marks cost nothing, and the bundle's own changes nothing.
        # Without JavaScript <html> stays no-js; the bundle removes the switching mark itself.
        "JavaScript marks <html> as js before the page is painted",
        "base.html",
        re.compile(r'<html [^>]*class="no-js">\s*<head>'),
        lambda match: match.group(0) + EARLY_MARKS,
    ),
    Fix(
        "the palette marks <body> as switching colours before the page is painted (see above)",
        "base.html",
        re.compile(r"(<body [^>]*>)"),
        r'\1<script>document.body.setAttribute("data-md-color-switching", "")</script>',
    ),
    Fix(
        "the language is simplified Chinese",
        "base.html",
        re.compile(r'<html lang="zh"'),
        f'<html lang="{LANGUAGE}"',
    ),
    Fix(
        # Material 9.8 loads the polyfills in <head> and its bundle at the end of <body>, both
        # parser-blocking: a phone waits for them before it paints the text. Deferred scripts run in
        # document order once the page is parsed, so the polyfills still run before the bundle
        # (iframe-worker's shim and search.js must wrap Worker and XMLHttpRequest before the bundle
        # starts the search worker), and the extra scripts after it.
        "every script is deferred, the theme's bundle whatever its file name",
        "base.html",
        re.compile(r'<script src="([^"]+)"></script>'),
        r'<script src="\1" defer></script>',
    ),
]


def table_of_contents_fixes(html: str) -> str:
    """The table of contents' toggle (#__toc) and its labels come from two templates that do not see
    each other: on a section's index page the labels point at a toggle that is not there, and on a
    page without headings the toggle has no label. Each is kept only with the other."""
    has_toggle = 'id="__toc"' in html
    has_label = 'for="__toc"' in html
    if has_label and not has_toggle:
        html = html.replace(' for="__toc"', "")
    elif has_toggle and not has_label:
        html = html.replace('<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">', "")
    return html


class ThemeMarkupChanged(DataError):
    """Material's markup no longer has what a fix corrects."""


def corrected(html: str, page: str) -> str:
    """A finished page with Material's markup corrected (FIXES)."""
    for fix in FIXES:
        html, count = fix.pattern.subn(fix.replacement, html)
        if count == 0 and fix.on_every_page:
            raise ThemeMarkupChanged(
                f"{page}: Material's {fix.template} no longer prints {fix.pattern.pattern!r}, so this "
                f"correction cannot be made: {fix.why}. The theme was upgraded or overridden: read its "
                f"{fix.template} and update the pattern in macros/html/theme.py (or remove the fix if "
                "the theme now does it itself)."
            )
    return table_of_contents_fixes(html)


def error_page(html: str, root_path: str) -> str:
    """The 404 page, working from anywhere. MkDocs writes its links from the host's root
    (/mems-data-library/…), since a host serves it in place of any missing page at any depth; from
    disk those lead nowhere, and the page showed unstyled. Its links become relative to the site's
    root, where the file stands, and when it is served over HTTP(S) a <base> names that root, set
    before the first link is read."""
    html = html.replace(f'href="{root_path}', 'href="').replace(f'src="{root_path}', 'src="')
    base = (
        '<script>if (location.protocol !== "file:") { var base = document.createElement("base"); '
        f'base.href = "{root_path}"; document.head.appendChild(base); }}</script>'
    )
    head, tag, rest = html.partition("<head>")
    return f"{head}{tag}\n{base}{rest}"
