"""The one reader of a number as a contributor writes it in a CSV cell.

A number is digits with an optional point and fraction and an optional exponent (597.8, -4,
5.978e2). What it shows is what was written: its decimals are the digits written after the point,
moved by the exponent (5.978e2 has one, 3.478e-2 has five), never those of the float it becomes.
Refused: more significant digits than a float keeps (15), a number too large for a float, and a
number so small it would become 0. Anything else is not a number, and the hint says what the cell
looks like it meant: a sign, a thousands separator, a dash for "no value", a Chinese numeral.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass

NUMBER = re.compile(r"-?(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]+))?(?:[eE](?P<exponent>[-+]?[0-9]+))?")
INTEGER = re.compile(r"-?[0-9]+")
# A double keeps 15 significant decimal digits exactly; the 16th is already the float's, not ours.
MAX_DIGITS = 15
# The smallest number a double holds at full precision.
SMALLEST = sys.float_info.min

DASHES = set("-‐‑‒–—―－−~～/／") | {"--", "——", "n/a", "na", "null", "none", "无", "空", "暂无", "未知"}
CHINESE_DIGITS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
QUALIFIER_START = re.compile(r"^[^\d.+-]+(?=[-+]?\d)")


class NotANumber(ValueError):
    """A cell that is not a number: its text says what the cell is and the fix, after the cell
    itself ("'+597.8' is not a number. A number has no plus sign here: ...")."""


@dataclass(frozen=True)
class Written:
    value: float
    decimals: int  # digits after the point, as the number is written out in full


def read_number(cell: str) -> Written:
    """The number a cell writes, or NotANumber with the hint that fits what was written."""
    match = NUMBER.fullmatch(cell)
    if not match:
        advice = hint(cell)
        if advice.startswith("is not"):
            raise NotANumber(advice)
        raise NotANumber(f"is not a number. {advice}" if advice else "")
    digits = (match["whole"] + (match["fraction"] or "")).lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise NotANumber(
            f"has {len(digits)} significant digits, more than the {MAX_DIGITS} a number keeps "
            "here (the rest would be lost, or shown as other digits). Write the number as the "
            "document prints it."
        )
    value = float(cell)
    if value in (float("inf"), float("-inf")):
        raise NotANumber(
            "is too large to be held as a number. Write the number as the document prints it, "
            "with a unit in datapackage.yaml that keeps it small (亿元 rather than 元)."
        )
    if digits and abs(value) < SMALLEST:
        raise NotANumber(
            "is too small to be held as a number: its digits would be lost or become 0. Write the "
            "number as the document prints it, with a unit that keeps it readable (nm rather than m)."
        )
    exponent = int(match["exponent"] or 0)
    decimals = max(0, len(match["fraction"] or "") - exponent)
    return Written(value, decimals)


def written_decimals(cell: str) -> int:
    """The decimals a written number shows: 51 -> 0, 70.78 -> 2, 5.978e2 -> 1, 3.478e-2 -> 5."""
    try:
        return read_number(cell).decimals
    except NotANumber:
        return 0


def hint(cell: str) -> str:
    """What a cell that is not a number looks like it meant, and the fix ('' for a number followed by
    a unit, whose fix names the field)."""
    bare = cell.strip()
    folded = unicodedata.normalize("NFKC", bare)
    if bare.lower() in DASHES or set(bare) <= set("-‐‑‒–—―－−~～/／"):
        return (
            "A dash or a word for 'no value' is not a value: leave the cell empty when the document "
            "gives none."
        )
    if bare.lower().lstrip("+-") in {"inf", "infinity", "nan"}:
        return (
            "is not a number a document states. Write the number, or leave the cell empty when the "
            "document gives none."
        )
    if folded != bare and NUMBER.fullmatch(folded.replace("。", ".")):
        return f"It is written in full-width characters: write it as {folded.replace('。', '.')}."
    if bare.startswith("+") and NUMBER.fullmatch(bare[1:]):
        return (
            f"A number has no plus sign here: write {bare[1:]} (a growth rate's sign is shown by the site)."
        )
    if re.fullmatch(r"-?\d{1,3}([, ]\d{3})+(\.\d+)?", bare):
        return f"Write it without thousands separators: {bare.replace(',', '').replace(' ', '')}."
    if re.fullmatch(r"-?\d+,\d+", bare):
        return f"The decimal mark is a point: write {bare.replace(',', '.')}."
    if re.fullmatch(r"-?\d+\.", bare):
        return f"It ends with a point: write {bare[:-1]}, or the digits after the point the document prints."
    if re.fullmatch(r"-?\.\d+", bare):
        return f"Write the 0 before the point: {bare.replace('.', '0.', 1)}."
    if bare and all(c in CHINESE_DIGITS for c in bare):
        return (
            "It is a number written in Chinese characters: write it in digits; the document's own "
            "words belong in the `published` column, which the site shows as they are."
        )
    if re.fullmatch(r"-?\d+(\.\d+)?\s*[-–—~～至到]\s*\d+(\.\d+)?", bare):
        return (
            "It is a range: write its lower end in this column and its upper end in the `_max` "
            "column (value_max)."
        )
    if "?" in bare or "？" in bare:
        return (
            "Digits of it are lost in the source: leave the cell empty and put the text the "
            "document prints in the `published` column."
        )
    start = QUALIFIER_START.match(bare)
    if start:
        return (
            f"'{start.group(0)}' before the number is a qualifier: write it in the row's `qualifier` "
            "column and the number alone here."
        )
    if re.fullmatch(r"-?\d+(\.\d+)?\s*\D+", bare):
        return ""  # a number and a unit: the caller names the field whose unit it is
    return "Write the number in digits (e.g. 597.8), or leave the cell empty when the document gives none."
