"""Every text file of the repository read one way: from inside the repository only, within a size
limit, as UTF-8 or refused with the encoding it was likely saved in.

One containment rule holds for data/ and docs/ alike: a file, or a folder on its way, that is a
symbolic link leading out of its root is refused by name, before a byte of it is read, so that no
file from elsewhere on the machine is published, and no message quotes one.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DataError

# Far above any real file (the largest descriptor is 42 KB, the largest CSV 40 KB); a file past it
# is refused before it is read, so that no input can take the build's memory or a minute of its time.
MAX_TEXT_BYTES = 2_000_000


def shown_path(path: Path, root: Path) -> str:
    """The path as a contributor names it: 'data/demo/market.csv' (from the repository)."""
    base = root.parent
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name


def refuse_outside(path: Path, root: Path, shown: str | None = None) -> None:
    """Refuse `path` when it, or a folder between it and `root`, is a symbolic link that leads out
    of `root` (data/ or docs/). The message names the link, never the file it leads to."""
    shown = shown or shown_path(path, root)
    for step in [path, *path.parents]:
        if step == root or not step.is_relative_to(root):
            break
        if step.is_symlink() and not step.resolve().is_relative_to(root.resolve()):
            raise DataError(
                f"{shown}: {step.name} is a symbolic link that leads outside {root.name}/. The site "
                f"publishes only files kept in {root.name}/: copy the file into the folder instead of "
                "linking it."
            )


# GBK's first level (GB2312) holds the characters of nearly all Simplified Chinese text; Big5 bytes
# read as GBK fall outside it about half the time (a Big5 character's second byte is often below
# 0xA1, where GB2312 has none). Below this many characters the share tells nothing.
FEW_HAN = 20


def likely_encoding(raw: bytes) -> str:
    """The encoding a file that is not UTF-8 was most likely saved in, in the words an editor's
    "Save as" menu uses."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (Unicode)"
    gbk, big5 = decoded(raw, "gb18030"), decoded(raw, "big5")
    han = [c for c in gbk or "" if "\u4e00" <= c <= "\u9fff"]
    if not han:
        big5_han = any("\u4e00" <= c <= "\u9fff" for c in big5 or "")
        return "Big5 (Traditional Chinese)" if big5_han else "Windows-1252 (Western)"
    if big5 is None:
        return "GBK (Simplified Chinese)"
    in_gb2312 = sum(1 for c in han if in_codec(c, "gb2312")) / len(han)
    if len(han) < FEW_HAN:
        return "GBK (Simplified Chinese) or Big5 (Traditional Chinese)"
    return "GBK (Simplified Chinese)" if in_gb2312 >= 0.9 else "Big5 (Traditional Chinese)"


def decoded(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def in_codec(character: str, codec: str) -> bool:
    try:
        character.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def read_text(path: Path, shown: str, kind: str = "file") -> str:
    """The file's text, without a BOM, with its lines ended by LF as an editor counts them."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise DataError(
            f"{shown}: the {kind} is {size:,} bytes, more than the {MAX_TEXT_BYTES:,} this project "
            "reads from one file. A file this large is not one of the documents' tables: check that it "
            "is the file you meant, or split it."
        )
    return decode(path.read_bytes(), shown)


def decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            f"{shown}, line {line}: the file is not UTF-8; it was most likely saved as "
            f"{likely_encoding(raw)}. Open it and save it again as UTF-8 (a spreadsheet: 'CSV UTF-8')."
        ) from None
    return text.replace("\r\n", "\n")


def lost_encoding(text: str) -> int | None:
    """The line of the first '??' in a file that holds no Chinese character: what is left of Chinese
    text saved in an encoding without Chinese characters (each became a '?'). Every descriptor and
    every table with text in it has Chinese characters; a '??' among them is the document's own."""
    if "??" not in text or any("\u3400" <= c <= "\u9fff" for c in text):
        return None
    return text[: text.index("??")].count("\n") + 1


def refuse_lost_encoding(text: str, shown: str) -> None:
    line = lost_encoding(text)
    if line is not None:
        raise DataError(
            f"{shown}, line {line}: the file holds no Chinese character, only runs of '?' where text "
            "stood: it was saved in an encoding without Chinese characters, which replaced each of "
            "them by '?'. The characters are lost in this copy: take the file from before that save "
            "(git checkout -- <file>) and save it as UTF-8."
        )
