"""One quantity model for every place a number shows: prose values, tables, charts, checks.

A `Quantity` is one cell of one table read with everything a reader or a check needs: the number
(or a range), its unit, the qualifier the document puts before it, the decimals it is printed
with, the text the source prints when the number was lost, whether the document states it or the
site computed it, and where it stands. `Table.quantity(row, column)` makes it; nothing else reads
unit, qualifier or decimals columns on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from ..base.formatting import format_number, format_quantity

# What a value is, in the words every page, chart legend and computed table uses.
PUBLISHED = "发布值"
COMPUTED = "推算值"
LOST = "原文缺损"
STATUS_TITLE = "数值性质"
STATUS_DESCRIPTION = f"{PUBLISHED}：原文所载；{COMPUTED}：本站计算"

# How much of a document figure's data survives in the source text (figures.csv, data_status), and
# what the figure's notice tells the reader for each.
FIGURE_STATUSES = {
    "完整": "原图数据完整保存在源文本中，本节的{drawn}据此生成。",
    "部分": "原图是一幅图片，其数据系列没有随文本保存；正文明确给出的数值写在本节文字里。",
    "无": "原图是一幅图片，其数据系列没有随文本保存，正文也未给出其中的数值；此处只保留图题。",
}

# Every qualifier a row may put with its number, each with what it means for the values the
# statement allows (see interval()): an estimate (约 allows ±10%), a lower bound (超过85 is 85 or
# more), an upper bound (不足28 is 28 or less), or exact (±50 states a deviation's size both ways).
# Whether a bound is strict does not matter here: a printed number already stands for the interval
# of its rounding. A qualifier not listed is refused when the data is read; a new one is added here.
ESTIMATE, LOWER_BOUND, UPPER_BOUND, EXACT = "estimate", "lower bound", "upper bound", "exact"
QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(["约", "大约", "约为", "近", "接近", "将近", "左右", "上下"], ESTIMATE),
    **dict.fromkeys(
        ["超", "超过", "逾", "大于", "高于", "多于", "以上", "不少于", "至少", "不低于", "达", "达到", "突破"]
        + ["超±", ">", "≥"],
        LOWER_BOUND,
    ),
    **dict.fromkeys(
        ["小于", "低于", "不足", "不到", "少于", "以下", "不多于", "至多", "不超过", "不高于", "以内"]
        + ["难以超过", "<", "≤"],
        UPPER_BOUND,
    ),
    "±": EXACT,
}
# Chinese writes these after the number: 60%以上, 30亿元左右.
AFTER_THE_NUMBER = {"以上", "以下", "左右", "上下", "以内"}
AT_LEAST = {q for q, meaning in QUALIFIERS.items() if meaning == LOWER_BOUND}
AT_MOST = {q for q, meaning in QUALIFIERS.items() if meaning == UPPER_BOUND}
ABOUT = {q for q, meaning in QUALIFIERS.items() if meaning == ESTIMATE}


class Table(Protocol):
    """What a quantity asks of the table it stands in (catalog.Table makes quantities), named here so
    that this module does not import the catalog that imports it."""

    id: str
    title: str
    location: str
    primary_key: list[str]

    def text_cell(self, row: int, column: str) -> str: ...
    def line_of(self, row: int) -> int: ...
    def row_anchor(self, row: int) -> str: ...
    def has(self, column: str) -> bool: ...


@dataclass(frozen=True)
class Quantity:
    """One value as a document states it (or as the site computed it)."""

    table: Table
    row: int
    column: str
    value: float | None
    unit: str = ""
    decimals: int = 0
    qualifier: str = ""
    value_max: float | None = None
    max_decimals: int = 0
    published: str = ""
    note: str = ""
    computed: bool = False

    @property
    def status(self) -> str:
        return COMPUTED if self.computed else PUBLISHED

    @property
    def lost(self) -> bool:
        """The source printed something here, but its digits did not survive (10?)."""
        return self.value is None

    @property
    def location(self) -> str:
        """Where the document states it: the row's own location or source column, else the table's."""
        for column in ("location", "source"):
            text = self.table.text_cell(self.row, column)
            if text:
                return text
        return self.table.location

    @property
    def name(self) -> str:
        """How the site names this value: a fact by what it measures, a table cell by its row's key."""
        table = self.table
        if table.has("subject"):
            year, entity, subject = (table.text_cell(self.row, c) for c in ("year", "entity", "subject"))
            return "".join(filter(None, [year and f"{year}年", entity, subject]))
        if table.primary_key:
            key = ", ".join(table.text_cell(self.row, k) for k in table.primary_key)
            return f"{table.title}（{key}）"
        return f"{table.title}，第{table.line_of(self.row)}行"

    @property
    def anchor(self) -> str:
        """The id of this value's row on its data page: its key ('row-china_mems_market_size_2019'),
        or its CSV line when the table has no key."""
        return self.table.row_anchor(self.row)

    def text(self) -> str:
        """As a reader sees it: '不足28%', '85%–92%', '597.8亿元'."""
        if self.value is None:
            return self.published
        after = self.qualifier in AFTER_THE_NUMBER
        text = format_quantity(
            self.value,
            self.unit,
            self.decimals,
            value_max=self.value_max,
            max_decimals=self.max_decimals,
            qualifier="" if after else self.qualifier,
        )
        return text + self.qualifier if after else text

    def number_text(self) -> str:
        """The number alone, as a table cell shows it (the unit is in the column heading)."""
        if self.value is None:
            return self.published
        return format_number(self.value, self.decimals)

    def interval(self, tolerance: float | None = None) -> tuple[float, float]:
        """The values this statement allows: its printed rounding (51 is 50.5–51.5), its range and its
        qualifier (超过85 is 85 or more, 约 allows ±10%)."""
        if self.value is None:
            raise ValueError("a lost value has no interval")
        half = tolerance if tolerance is not None else 0.5 * 10**-self.decimals
        low, high = self.value - half, self.value + half
        if self.value_max is not None:
            high = self.value_max + half
        if self.qualifier in AT_LEAST:
            high = math.inf
        elif self.qualifier in AT_MOST:
            low = -math.inf
        elif self.qualifier in ABOUT:
            low, high = min(low, self.value * 0.9), max(high, self.value * 1.1)
        return low, high

    def shown(self) -> str:
        """The number with its qualifier and unit, as a check's explanation quotes it."""
        return self.text()
