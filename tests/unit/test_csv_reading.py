"""The strict CSV reader: what it reads as plainly meant, and, property-style, that random damage of
whitespace, quotes and encoding never yields a silently different table (either the same table or
a DataError)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, PROJECT
from macros.data.catalog import Catalog, DataError
from macros.data.csvread import read_csv

CSVS = sorted((PROJECT / "data").glob("*/*.csv")) + sorted((FIXTURES / "base" / "data").glob("*/*.csv"))
SEED_COUNT = 40


def read(path: Path, content: bytes) -> tuple[list[str], list[list[str]]]:
    path.write_bytes(content)
    parsed = read_csv(path, Path(path.name))
    return parsed.header, parsed.rows


def test_there_are_csvs():
    assert len(CSVS) > 10


def test_plain_variants_read_as_the_same_table(tmp_path):
    """A BOM, CRLF line ends, blank lines and spaces around cells change nothing."""
    original = "year,value\n2018,505.3\n2019,597.8\n"
    wanted = (["year", "value"], [["2018", "505.3"], ["2019", "597.8"]])
    variants = [
        "\ufeff" + original,
        original.replace("\n", "\r\n"),
        "year,value\n\n2018,505.3\n\n\n2019,597.8",
        "year , value\n 2018,505.3 \n2019 , 597.8 \n",
        'year,"value"\n"2018",505.3\n2019,"597.8"\n',
    ]
    for variant in variants:
        assert read(tmp_path / "t.csv", variant.encode()) == wanted, repr(variant)


def test_blank_lines_keep_the_editor_line_numbers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("year,value\n\n2018,505.3\n\n2019,597.8\n", encoding="utf-8")
    assert read_csv(path, Path("t.csv")).lines == [3, 5]


def test_a_trailing_space_keeps_the_written_decimals(tmp_path):
    """597.8 followed by a space is shown 597.8, not 597.80."""
    data = tmp_path / "data"
    base = FIXTURES / "base" / "data"
    for file in base.rglob("*"):
        if file.is_file():
            (data / file.relative_to(base)).parent.mkdir(parents=True, exist_ok=True)
            (data / file.relative_to(base)).write_bytes(file.read_bytes())
    market = data / "demo" / "market.csv"
    market.write_bytes(b"\xef\xbb\xbfyear,value\r\n2018,505.3\r\n2019,597.8 \r\n")
    table = Catalog(data).tables["demo/market"]
    assert table.text["value"].tolist() == ["505.3", "597.8"]
    assert table.written_decimals("value", 1) == 1
    assert table.frame["value"].tolist() == [505.3, 597.8]


# -- random damage ---------------------------------------------------------------------------------

INVISIBLE = ["\u00a0", "\u200b", "\u3000", "\t", "\r", "\ufeff", "\u2028", "\x00", "\u00ad", "\u202e"]


def edges(text: str) -> list[int]:
    """Positions at the edge of a cell: after a line start or comma, before a comma or line end."""
    return [m.start() for m in re.finditer(r"(?<=^)|(?<=,)|(?=,)|(?=$)", text, re.M)]


def damage(text: str, rng: random.Random) -> tuple[str, bytes]:
    """One random damage: its name and the damaged file."""
    kind = rng.choice(["space", "invisible", "quote", "wrap", "blank", "gbk", "byte", "mojibake", "cut"])
    at = rng.randrange(len(text) + 1)
    if kind == "space":
        at = rng.choice(edges(text))
        text = text[:at] + " " * rng.randint(1, 3) + text[at:]
    elif kind == "invisible":
        text = text[:at] + rng.choice(INVISIBLE) + text[at:]
    elif kind == "quote":
        text = text[:at] + '"' + text[at:]
    elif kind == "wrap":
        # A whole unquoted cell in quotes: the same cell.
        cells = [m.span() for m in re.finditer(r"(?:(?<=^)|(?<=,))[^,\"\n]*(?=,|$)", text, re.M)]
        start, end = rng.choice(cells)
        text = text[:start] + '"' + text[start:end] + '"' + text[end:]
    elif kind == "blank":
        lines = text.split("\n")
        lines.insert(rng.randrange(1, len(lines)), "")
        text = "\n".join(lines)
    elif kind == "gbk":
        return kind, text.encode("gbk", errors="replace")
    elif kind == "byte":
        raw = text.encode()
        at = rng.randrange(len(raw) + 1)
        return kind, raw[:at] + bytes([rng.randrange(0x80, 0x100)]) + raw[at:]
    elif kind == "mojibake":
        # UTF-8 read as Latin-1 and saved again as UTF-8.
        return kind, text.encode().decode("latin-1").encode()
    elif kind == "cut":
        raw = text.encode()
        multibyte = [i for i, b in enumerate(raw) if b >= 0xC0]
        if multibyte:
            at = rng.choice(multibyte) + 1
            return kind, raw[:at] + raw[at + 1 :]
    return kind, text.encode()


@pytest.mark.parametrize("csv_path", CSVS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_damage_never_yields_a_silently_different_table(tmp_path, csv_path):
    original = csv_path.read_text(encoding="utf-8")
    wanted = read(tmp_path / csv_path.name, original.encode())
    rng = random.Random(csv_path.name)
    outcomes = {"same": 0, "refused": 0}
    for _ in range(SEED_COUNT):
        kind, damaged = damage(original, rng)
        try:
            got = read(tmp_path / csv_path.name, damaged)
        except DataError:
            outcomes["refused"] += 1
            continue
        assert got == wanted, f"{kind} damage read silently as another table"
        outcomes["same"] += 1
    assert outcomes["refused"], "no damage was refused: the test damages nothing"
