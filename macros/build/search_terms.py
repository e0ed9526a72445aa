"""The field's own words for the search segmenter, taken from the data: names of companies,
products, materials, regions and policies, dataset titles and the section titles of the chapters.

jieba's general dictionary splits such words (长三角 -> 长 / 三角); registered as words they stay
whole in the search index, so that a query for one of them finds it and not its pieces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from ..data.catalog import Catalog, text_of

# Only runs of Chinese characters reach the segmenter: Latin words and numbers are split by the
# search separator, so "MEMS压力传感器" contributes 压力传感器. A run touching a digit is part of
# a quantity (8寸晶圆, 前5位, 营收超10亿元) and gives no term: 寸晶圆 would hide 晶圆.
HAN_RUN = re.compile(r"(?<![0-9０-９])[\u3400-\u4dbf\u4e00-\u9fff]+(?![\u3400-\u4dbf\u4e00-\u9fff0-9０-９])")
# Words that join two terms into a phrase ("传感器的分类", "产业概念界定及产品分类"): a term
# never spans them.
JOINERS = re.compile(r"[的及与和或之等]")
# A cell longer than this, or with sentence punctuation, is a sentence rather than a name; a
# column is a column of names when nearly all its cells are.
NAME_LENGTH = 24
SENTENCE = re.compile(r"[，。；：！？]")
NAME_COLUMN_SHARE = 0.9
SHORTEST, LONGEST = 2, 6
# A prefix is a term of its own when this many names continue it with another term (缩微机械 in
# 缩微机械市场规模, 缩微机械企业平均毛利率 ...).
SHARED_BY = 2
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*(?:\{[^}]*\})?\s*$", re.M)


def pieces(text: str) -> list[str]:
    """The runs of Chinese characters in `text`, cut at the joining words."""
    return [part for run in HAN_RUN.findall(text) for part in JOINERS.split(run) if part]


def is_name(text: str) -> bool:
    return 0 < len(text) <= NAME_LENGTH and not SENTENCE.search(text)


def name_cells(catalog: Catalog) -> list[str]:
    """Every cell of a text column whose cells are all names, not sentences (company, region,
    material, subject ...), with the dataset titles."""
    names = []
    for table in catalog.tables.values():
        names.append(table.title)
        for column in table.fields:
            if column.numeric or column.name not in table.frame.columns:
                continue
            cells = [text_of(cell) for cell in table.frame[column.name] if text_of(cell)]
            short = [cell for cell in cells if is_name(cell)]
            if cells and len(short) >= NAME_COLUMN_SHARE * len(cells):
                # Lists in one cell (日本、美国 / 加速度计/麦克风) are several names.
                names += [name for cell in short for name in re.split(r"[、/]", cell) if name]
    return names


def section_titles(docs_dir: Path) -> list[str]:
    """The headings of the chapters in docs/."""
    return [
        match.group(1)
        for path in sorted(docs_dir.rglob("*.md"))
        for match in HEADING.finditer(path.read_text(encoding="utf-8"))
    ]


def shared_prefixes(names: Iterable[str], words: set[str]) -> set[str]:
    """Prefixes of SHORTEST+1 to LONGEST characters that at least SHARED_BY different names
    continue with a known word."""
    counts: dict[str, int] = {}
    lengths = {len(word) for word in words}
    for run in {piece for name in names for piece in pieces(name)}:
        for size in range(SHORTEST + 1, min(LONGEST, len(run) - SHORTEST) + 1):
            # A word follows the prefix: looked up by the lengths words have, not word by word.
            if any(run[size : size + length] in words for length in lengths):
                counts[run[:size]] = counts.get(run[:size], 0) + 1
    shared = {prefix for prefix, count in counts.items() if count >= SHARED_BY}
    # A prefix made of two terms (中国 + 缩微机械) is a phrase: as one word it would hide them.
    known = words | shared
    return {p for p in shared if not any(p[:k] in known and p[k:] in known for k in range(1, len(p)))}


# The field's sizes in 寸 (6寸, 8寸) are its terms too, so that 6寸 finds the wafers, not 第6章
# (8英寸 is found as 8 and 英寸, as before).
SIZE = re.compile(r"(?<![0-9.])[0-9]+寸")


def sizes(catalog: Catalog, docs_dir: Path) -> set[str]:
    """Every wafer size the chapters or the data name, as one word (search.js keeps the query's
    digits and 寸 together to match)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(docs_dir.rglob("*.md"))]
    for table in catalog.tables.values():
        texts += [text_of(cell) for column in table.frame.columns for cell in table.frame[column]]
    return {size for text in texts for size in SIZE.findall(str(text))}


def search_terms(catalog: Catalog, docs_dir: Path) -> list[str]:
    """The sorted word list: names and titles that are short enough to be one term, the prefixes
    many of them share, and the sizes of the field."""
    names = name_cells(catalog) + section_titles(docs_dir)
    words = {piece for name in names for piece in pieces(name) if SHORTEST <= len(piece) <= LONGEST}
    return sorted(words | shared_prefixes(names, words) | sizes(catalog, docs_dir))


# In the index Material writes, only runs of Chinese are segmented, each set off by a zero-width
# space: 6寸 became "6", "寸", and an escaped "&amp;" lost its text to the separator (";").
SPLIT_SIZE = re.compile(r"(?<![0-9.])([0-9]+)\u200b(寸)(\u200b|(?=[\u4e00-\u9fff]))?")
AMPERSAND = re.compile(r"&amp;(?![A-Za-z0-9#])")


def tidy_index_text(text: str) -> str:
    """An entry of the search index with each size one word (6寸, as search.js sends it) and each
    ampersand the character itself, not an entity the separator cuts at its semicolon (HTML reads
    an "&" that no name follows as the character)."""
    text = SPLIT_SIZE.sub(lambda m: f"\u200b{m.group(1)}{m.group(2)}\u200b", text)
    return AMPERSAND.sub("&", text)


def tidy_index_file(path: Path) -> None:
    """Tidy the index the search plugin wrote (nothing to do when there is none)."""
    if path.exists():
        path.write_text(tidy_index_json(path.read_text(encoding="utf-8")), encoding="utf-8")


def tidy_index_json(text: str) -> str:
    """Material's search_index.json with every entry tidied, written as Material writes it."""
    index = json.loads(text)
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = tidy_index_text(doc[key])
    return json.dumps(index, separators=(",", ":"), default=str)
