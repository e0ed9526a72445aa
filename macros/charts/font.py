"""The font every chart is measured and drawn with, kept in macros/charts/fonts/: registered with vl-convert
so that SVG and PNG come out the same on any machine, whatever fonts it has installed."""

from __future__ import annotations

import functools
import hashlib
import html
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz
import vl_convert
from fontTools.ttLib import TTFont, TTLibError

from ..data.catalog import DataError

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "MEMS Noto Sans SC"
# Each file of the font, with its weight in CSS.
WEIGHTS = {"MEMSNotoSansSC-Regular.otf": 400, "MEMSNotoSansSC-Bold.otf": 700}
FILES = tuple(WEIGHTS)
SHOWN_DIR = "macros/charts/fonts"
TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ChartFont:
    version: str  # a hash of the font files: part of every chart's cache key
    characters: frozenset[str]  # what every weight has a glyph for


@functools.cache
def chart_font() -> ChartFont:
    """Check the project's font files, register them with vl-convert once per process, and give
    their hash and the characters they cover. A font that will not load stops the build."""
    digest = hashlib.sha256()
    covered: frozenset[str] | None = None
    for name in FILES:
        path = FONT_DIR / name
        try:
            data = path.read_bytes()
            family = TTFont(path, lazy=True)["name"].getDebugName(1)
            # HarfBuzz reads the character map a tenth of the time fontTools takes, in every build.
            cmap = {chr(code) for code in uharfbuzz.Face(uharfbuzz.Blob(data)).unicodes}
        except (OSError, TTLibError, KeyError, AssertionError) as error:
            raise DataError(
                f"{SHOWN_DIR}/{name}: the chart font cannot be loaded ({error}). Every chart is drawn "
                "with this file so that the build gives the same charts on any machine; restore it "
                f"from the repository (git checkout -- {SHOWN_DIR}) or remake it with "
                f"{SHOWN_DIR}/make_subset.py."
            ) from None
        if family != FAMILY:
            raise DataError(
                f"{SHOWN_DIR}/{name}: the chart font's family is '{family}', but the charts ask for "
                f"'{FAMILY}' (macros/charts/font.py FAMILY). Remake the file with {SHOWN_DIR}/make_subset.py."
            )
        digest.update(name.encode() + b"\0" + data)
        covered = cmap if covered is None else covered & cmap
    vl_convert.register_font_directory(str(FONT_DIR))
    return ChartFont(version=digest.hexdigest()[:16], characters=frozenset(covered or ()))


def chart_text(svg: str) -> str:
    """All the text a chart's SVG draws, as characters."""
    return "".join(html.unescape(TAG.sub("", m)) for m in TEXT.findall(svg))


def is_emoji(character: str) -> bool:
    """A pictograph of the emoji blocks (U+1F000–U+1FAFF), or a symbol followed by U+FE0F."""
    return 0x1F000 <= ord(character) <= 0x1FAFF


def check_glyphs(svg: str, chart: str) -> None:
    """Stop the build when a chart draws a character the font has no glyph for: vl-convert would
    draw it from whatever font the machine has, or as an empty box."""
    font = chart_font()
    missing = sorted({c for c in chart_text(svg) if not c.isspace() and c not in font.characters})
    name, _, layout = chart.rpartition("-")
    emoji = [c for c in missing if is_emoji(c)]
    if emoji:
        shown = "、".join(f"U+{ord(c):04X} ({unicodedata.name(c, 'an emoji')})" for c in emoji)
        raise DataError(
            f"macros/documents: chart '{name}' ({layout} layout) draws {shown}, an emoji. No chart font "
            "here draws emoji (a reader's machine would draw its own, or an empty box), and the "
            "documents print none: remove it from the text the chart shows (its table in data/, or "
            "the chart's function)."
        )
    if missing:
        shown = "、".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
        raise DataError(
            f"macros/documents: chart '{name}' ({layout} layout) draws {shown}, which the chart font "
            f"{SHOWN_DIR}/{FILES[0]} has no glyph for. Remake the font with "
            f"{SHOWN_DIR}/make_subset.py (it takes every character of data/ and macros/), or write the text "
            "with characters the font has."
        )


def web_font(name: str, text: str) -> bytes:
    """One weight of the chart font as a WOFF file holding only the characters in `text` (what a
    page's charts draw), so that a browser draws the inline SVGs with the font they were measured
    with. HarfBuzz cuts it (a millisecond; fontTools' subsetter takes a quarter of a second to read
    the whole font's layout tables, for each page); fontTools wraps the cut font as WOFF."""
    chart_font()
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(FONT_DIR / name)))
    wanted = uharfbuzz.SubsetInput()
    wanted.sets(uharfbuzz.SubsetInputSets.UNICODE).update({ord(c) for c in text + " "})
    # Every layout feature: the browser must shape the text as vl-convert did.
    wanted.sets(uharfbuzz.SubsetInputSets.LAYOUT_FEATURE_TAG).invert()
    font = TTFont(io.BytesIO(uharfbuzz.subset(face, wanted).blob.data), recalcTimestamp=False)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()
