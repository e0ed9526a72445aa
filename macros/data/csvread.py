"""Strict CSV reading: every cell as text, with the editor line of every row.

A file is read one way or refused. Refused: a row with too many or too few cells, a quote that
never closes or that joins lines into one row, a blank or repeated column name, an invisible
character (no-break or zero-width space, a control character) in a cell, a straight quote mark
inside a cell. Read as plainly meant: a BOM, CRLF line ends, blank lines, and ASCII spaces around a
cell (dropped, so that `597.8 ` is 597.8 with one decimal). Line numbers count every line of the
file, blank ones too, as an editor shows them.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..base import files
from ..base.errors import DataError

# A character a contributor cannot see (or tell from a space) is refused wherever it stands.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Zs"}
# Characters that show as nothing, or as another character, though their category is a letter or a
# mark: fillers, variation selectors (U+FE0F after a number), the braille blank.
INVISIBLE_CHARACTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e", "\ufffd"}
INVISIBLE_RANGES = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
# Look-alikes of Chinese characters: the Kangxi radicals (⼗ U+2F17 for 十) and the CJK radicals
# supplement, which text copied from a PDF carries; a key written with one is another key.
RADICALS = (0x2E80, 0x2FDF)
# A cell holds one value or a short text; the longest real cell has a few hundred characters.
MAX_CELL = 10_000


CONTROL_NAMES = {"\t": "TAB", "\x00": "NUL", "\x0b": "VERTICAL TAB", "\x0c": "FORM FEED"}


@dataclass
class CsvText:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # the editor line of each row


def visible(text: str) -> str:
    """The text with every invisible character written out, e.g. '597.8<U+00A0>'."""
    return "".join(f"<U+{ord(c):04X}>" if invisible(c) else c for c in text)


def invisible(character: str) -> bool:
    code = ord(character)
    return character != " " and (
        unicodedata.category(character) in INVISIBLE_CATEGORIES
        or character in INVISIBLE_CHARACTERS
        or any(low <= code <= high for low, high in INVISIBLE_RANGES)
    )


def radical(character: str) -> bool:
    """A radical or compatibility ideograph that stands for a Chinese character it looks like."""
    code = ord(character)
    compatibility = 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F
    return (RADICALS[0] <= code <= RADICALS[1] or compatibility) and (
        unicodedata.normalize("NFKC", character) != character
    )


# In a unit or a qualifier, the look-alike of a character the site reads: full-width Latin letters,
# digits and signs (％ U+FF05 for %), the micro sign for μ, the ohm and ångström signs.
LOOK_ALIKES = {"\u00b5": "\u03bc", "\u2126": "\u03a9", "\u212b": "\u00c5"}
# Full-width forms that are Chinese punctuation in their own right, not look-alikes: （），：；！？
CHINESE_PUNCTUATION = set("（），：；！？")


def look_alike(text: str) -> tuple[str, str] | None:
    """The first look-alike character in a unit or qualifier, with the one it stands for."""
    for character in text:
        if character in LOOK_ALIKES:
            return character, LOOK_ALIKES[character]
        if (0xFF01 <= ord(character) <= 0xFF5E and character not in CHINESE_PUNCTUATION) or radical(
            character
        ):
            return character, unicodedata.normalize("NFKC", character)
    return None


def look_alike_fix(character: str, meant: str, what: str = "unit") -> str:
    """'U+FF05 (FULLWIDTH PERCENT SIGN) looks like % (U+0025) but is another character, …: write %'."""
    name = unicodedata.name(character, "a look-alike character")
    return (
        f"U+{ord(character):04X} ({name}) looks like {meant} (U+{ord(meant[0]):04X}) but is another "
        f"character, which the site and its checks would take for another {what}: write {meant}"
    )


def decode(raw: bytes, shown: Path) -> str:
    content = files.decode(raw, str(shown))
    refuse_lone_cr(content, shown)
    return content


def refuse_lone_cr(content: str, shown: Path) -> None:
    if "\r" in content:
        # A lone CR ends a line for the csv module but for no editor: the lines would not agree.
        line = content[: content.index("\r")].count("\n") + 1
        raise DataError(
            f"{shown}, line {line}: a carriage return (CR) stands alone here. Save the file again "
            "with ordinary line ends (LF or CRLF)."
        )


def read_csv(path: Path, shown: Path) -> CsvText:
    content = files.read_text(path, str(shown), "CSV file")
    refuse_lone_cr(content, shown)
    if not content.strip():
        raise DataError(f"{shown}: the file is empty. It needs a header row and at least one data row.")
    files.refuse_lost_encoding(content, str(shown))
    physical = content.split("\n")
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise DataError(
                    too_long(shown, max(reader.line_num, start), None, csv.field_size_limit(), more=True)
                ) from None
            opened, closed = quote_span(physical, start)
            if closed is None and opened is not None:
                raise DataError(
                    f"{shown}, line {opened}: a quote opens a cell here and is never closed. Close "
                    'it, or remove it: a cell needs quotes only when it holds a comma ("a, b").'
                ) from None
            raise DataError(
                f"{shown}, line {reader.line_num}: cannot be read as CSV ({error}). A quoted cell "
                'ends at its closing quote: put the whole cell in quotes ("a, b"), nothing after it.'
            ) from None
        end = reader.line_num
        if end > start:
            opened, closed = quote_span(physical, start)
            raise DataError(
                f"{shown}, line {opened}: a quote opens a cell here that closes only on line {closed}, "
                f"so lines {opened}–{closed} read as one row. Remove the stray quote, or close it on "
                "its own line."
            )
        if row:
            records.append((start, row))
    header_line, header = records[0]
    header = [name.strip(" ") for name in header]
    check_header(header, header_line, shown)
    rows, lines = [], []
    for line, row in records[1:]:
        if len(row) != len(header):
            few = len(row) < len(header)
            hint = (
                "A cell is missing: an empty cell is still written, as two commas (,,)."
                if few
                else "There is a comma too many, or a cell holding a comma needs quotes."
            )
            cells = f"{len(row)} cell" if len(row) == 1 else f"{len(row)} cells"
            raise DataError(
                f"{shown}, line {line}: {cells} where the header has {len(header)} "
                f"({', '.join(header)}). {hint}"
            )
        rows.append([clean_cell(cell, shown, line, column) for cell, column in zip(row, header, strict=True)])
        lines.append(line)
    if not rows:
        raise DataError(f"{shown}: has a header but no data rows.")
    return CsvText(header, rows, lines)


def check_header(header: list[str], line: int, shown: Path) -> None:
    for position, name in enumerate(header):
        if not name:
            raise DataError(
                f"{shown}, line {line}: column {position + 1} of the header has no name. Name it as "
                "its field in datapackage.yaml, or remove the extra comma."
            )
        clean_cell(name, shown, line, f"{position + 1} of the header")
        if header.index(name) != position:
            raise DataError(
                f"{shown}, line {line}: the header names the column '{name}' twice (columns "
                f"{header.index(name) + 1} and {position + 1}). Each column needs its own name."
            )


def clean_cell(cell: str, shown: Path, line: int, column: str) -> str:
    """The cell without the ASCII spaces around it; refused when it holds what no one can see, a
    look-alike of a Chinese character, or more text than a cell holds."""
    if len(cell) > MAX_CELL:
        raise DataError(too_long(shown, line, column, len(cell)))
    if cell.isascii() and cell.isprintable() and '"' not in cell:
        return cell.strip(" ")  # nothing below can be in it: the common case, read fast
    for character in cell:
        if 0x1F000 <= ord(character) <= 0x1FAFF:
            raise DataError(
                f"{shown}, line {line}, column {column}: the cell '{cell}' holds U+{ord(character):04X} "
                f"({unicodedata.name(character, 'an emoji')}), an emoji. The documents print none, and "
                "each reader's machine would draw it with a font of its own (a chart cannot draw it at "
                "all): remove it."
            )
        if radical(character):
            meant = unicodedata.normalize("NFKC", character)
            raise DataError(
                f"{shown}, line {line}, column {column}: the cell '{cell}' holds U+{ord(character):04X} "
                f"({unicodedata.name(character, 'a look-alike character')}), which looks like the "
                f"Chinese character {meant} but is another character (text copied from a PDF carries "
                f"such look-alikes), so the cell would not match the same words elsewhere: write "
                f"{meant} (U+{ord(meant[0]):04X}) instead."
            )
        if invisible(character):
            name = CONTROL_NAMES.get(character) or unicodedata.name(character, "a control character")
            raise DataError(
                f"{shown}, line {line}, column {column}: the cell '{visible(cell)}' holds an invisible "
                f"character, U+{ord(character):04X} ({name}). Delete it: retype the cell."
            )
    if '"' in cell:
        raise DataError(
            f"{shown}, line {line}, column {column}: the cell '{cell}' holds a straight quote mark (\"). "
            "Write quotation marks in text as “ ”; a straight quote may only enclose a whole cell."
        )
    return cell.strip(" ")


def too_long(shown: Path, line: int, column: str | None, length: int, more: bool = False) -> str:
    where = f", column {column}" if column else ""
    size = f"more than {length:,}" if more else f"{length:,}"
    return (
        f"{shown}, line {line}{where}: a cell of {size} characters, where a cell holds one value or a "
        f"short text (at most {MAX_CELL:,} characters). Check that the file is the table you meant; a "
        "long text belongs in the chapter's Markdown, not in a cell."
    )


def quote_span(physical: list[str], start: int) -> tuple[int | None, int | None]:
    """From line `start`, the line where a quoted cell spanning lines opens, and where it closes
    (None if it never does)."""
    quoted, opened = False, None
    for number in range(start, len(physical) + 1):
        line = physical[number - 1]
        field_start = not quoted
        i = 0
        while i < len(line):
            c = line[i]
            if quoted:
                if c == '"' and line[i + 1 : i + 2] == '"':
                    i += 2
                    continue
                if c == '"':
                    quoted = False
                    if number != opened:
                        return opened, number
            elif c == '"' and field_start:
                quoted, opened = True, number
            field_start = not quoted and c == ","
            i += 1
        if not quoted:
            return None, None
    return opened, None
