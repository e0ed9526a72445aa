"""Make the chart font kept in this folder: Noto Sans CJK SC (SIL OFL 1.1) cut to the characters
Chinese text needs (ASCII, Latin-1 signs, punctuation, arrows and mathematical operators, GB 2312's
6,763 hanzi and its symbols, plus every character of data/ and macros/), and renamed so that it
never meets an installed copy of the original.

Run by hand when a chart needs a character the font lacks (the build names it):
    .venv/bin/python macros/charts/fonts/make_subset.py /usr/share/fonts/opentype/noto
The source is Debian's fonts-noto-cjk 2.004 (the .ttc collections, whose SC face is used); the
same source gives the same files.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data"
FAMILY = "MEMS Noto Sans SC"
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}


def gb2312() -> set[str]:
    """Every character GB 2312 encodes: its two-byte rows 0xA1–0xF7, cells 0xA1–0xFE."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                found.add(bytes([high, low]).decode("gb2312"))
    return found


def characters() -> str:
    wanted = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    wanted |= {chr(c) for c in range(0x2000, 0x2070)} | {chr(c) for c in range(0x3000, 0x3040)}
    wanted |= {chr(c) for c in range(0x2190, 0x2300)}
    wanted |= {chr(c) for c in range(0xFF01, 0xFF5F)} | {"\u2103", "\u2116", "\u2030", "\u00b1"}
    wanted |= gb2312()
    for path in sorted([*DATA.rglob("*"), *HERE.parent.rglob("*.py")]):
        if path.suffix in {".csv", ".yaml", ".py"}:
            wanted |= set(path.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in wanted if c.isprintable()))


def sc_face(collection: TTCollection):
    for font in collection.fonts:
        if font["name"].getDebugName(1).startswith("Noto Sans CJK SC"):
            return font
    raise SystemExit("no 'Noto Sans CJK SC' face in the collection")


def rename(font, weight: str) -> None:
    """A new family name: OFL asks a modified font not to pass for the original, and a distinct
    name keeps vl-convert from choosing an installed Noto over this file."""
    names = {1: FAMILY, 2: weight, 4: f"{FAMILY} {weight}", 6: f"MEMSNotoSansSC-{weight}"}
    names.update({16: FAMILY, 17: weight})
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names or record.nameID == 3:
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
    table.setName(f"{FAMILY} {weight}; subset of Noto Sans CJK SC 2.004", 3, 3, 1, 0x409)
    font["CFF "].cff.fontNames = [names[6]]


def main(source_dir: str) -> None:
    text = characters()
    for weight, file in WEIGHTS.items():
        # The original's timestamp, not the time of the run: the same input gives the same file.
        font = sc_face(TTCollection(Path(source_dir) / file, recalcTimestamp=False))
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        rename(font, weight)
        target = HERE / f"MEMSNotoSansSC-{weight}.otf"
        font.save(target, reorderTables=True)
        print(f"{target.name}: {len(text)} characters, {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
