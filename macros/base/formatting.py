"""Numbers and units as Chinese readers expect them: 597.8亿元, 51%, 70.78万片, 1×10⁻²¹ g."""

from __future__ import annotations

import math
import re

from .missing import is_missing

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# Units written straight after the number; any other unit (nm, kWh/cm2, Pa) gets a space.
ATTACHED = re.compile(r"^[%‰°℃:：\u3400-\u9fff]")


# Up to here a number is written out in full: a double holds every whole number below 10¹⁵.
LARGEST_PLAIN = 1e15


def format_number(value: float, decimals: int) -> str:
    """A number with fixed decimals; thousands separators only from 10,000 up, as in Chinese print."""
    if decimals < 0:
        decimals = 0
    if value != 0 and (abs(value) < 1e-4 or abs(value) >= LARGEST_PLAIN):
        return format_scientific(value, decimals)
    text = f"{value:,.{decimals}f}" if abs(value) >= 10_000 else f"{value:.{decimals}f}"
    return "0" if text in ("-0", "-0.0") and decimals == 0 else text


def format_scientific(value: float, decimals: int = 0) -> str:
    """1×10⁻²¹ as 10⁻²¹, 3.4780e-5 with four decimals as 3.4780×10⁻⁵: the mantissa keeps the digits
    the number was written with (its decimals less the exponent's places), never a float's."""
    exponent = math.floor(math.log10(abs(value)))
    if exponent < 0:
        places = decimals + exponent
    else:
        # A large number's digits: those of the shortest text that reads back as the same float.
        digits = repr(float(abs(value))).split("e")[0].replace(".", "").strip("0")
        places = len(digits) - 1
    mantissa = round(value / 10**exponent, max(places, 0))
    if abs(mantissa) >= 10:  # 9.99 rounded to 10.0
        mantissa, exponent = mantissa / 10, exponent + 1
    power = f"10{str(exponent).translate(SUPERSCRIPT)}"
    if abs(mantissa - 1) < 1e-9 and places <= 0:
        return power
    return f"{mantissa:.{max(places, 0)}f}×{power}"


def join_unit(number: str, unit: str) -> str:
    if not unit:
        return number
    return f"{number}{unit}" if ATTACHED.match(unit) else f"{number} {unit}"


def format_quantity(
    value: float,
    unit: str = "",
    decimals: int = 0,
    *,
    value_max: float | None = None,
    max_decimals: int | None = None,
    qualifier: str = "",
) -> str:
    """'不足28%', '85%–92%', '3–5倍', '597.8亿元'."""
    low = format_number(value, decimals)
    if is_missing(value_max):
        text = join_unit(low, unit)
    else:
        high = format_number(value_max, decimals if max_decimals is None else max_decimals)
        # The source writes ranges of percentages with the unit on both ends (85%–92%).
        text = (
            f"{join_unit(low, unit)}–{join_unit(high, unit)}"
            if unit == "%"
            else join_unit(f"{low}–{high}", unit)
        )
    return f"{qualifier}{text}"


def format_growth(rate: float, decimals: int = 1) -> str:
    """A growth rate in percent with its sign: +18.3%, −4.0%."""
    sign = "+" if rate >= 0 else "−"
    return f"{sign}{format_number(abs(rate), decimals)}%"


# CJK ideographs, and CJK or full-width punctuation (、，。；：“”《》（）…).
CJK_CHAR = "\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\u2018-\u201d\u2026\uff00-\uffef"
FOLDED_SPACE = re.compile(
    rf"(?<=[{CJK_CHAR}{CJK_PUNCT}])\s+(?=[{CJK_PUNCT}])"
    rf"|(?<=[{CJK_PUNCT}])\s+(?=\S)"
    rf"|(?<=[{CJK_CHAR}])\s+(?=[{CJK_CHAR}])"
)


def join_lines(text: str) -> str:
    """Metadata text with the spaces that YAML's folded lines (>-) put where a source line broke
    between two Chinese characters or beside Chinese punctuation; Chinese has no space there.
    A space between a Chinese and a Latin word (MEMS 传感器) is left as written."""
    return FOLDED_SPACE.sub("", text.strip())


# A line break in a page's Markdown source between Chinese text, outside <pre>, <script>, <style>.
SOURCE_BREAK = re.compile(rf"(?<=[{CJK_CHAR}{CJK_PUNCT}])\n(?=\S)|(?<=\S)\n(?=[{CJK_CHAR}{CJK_PUNCT}])")
VERBATIM = re.compile(r"(<(pre|script|style|textarea)\b.*?</\2>)", re.S)


def join_source_breaks(html: str) -> str:
    """A page without the spaces that line breaks in its Markdown source leave in Chinese text:
    a browser shows a soft break as a space, which Chinese does not have between characters."""
    parts = VERBATIM.split(html)
    # split() with two groups gives text, block, tag name, text, ...: the text is changed, the
    # block kept, the tag name dropped.
    kept = {0: lambda part: SOURCE_BREAK.sub("", part), 1: lambda part: part, 2: lambda part: ""}
    return "".join(kept[index % 3](part) for index, part in enumerate(parts))
