"""Consistency checks over the published values: parts against totals, shares against 100%,
stated growth rates against their start and end values, one quantity stated twice, a stated
count against the list it names.

Each published value stands for an interval: what its printed rounding and its qualifier allow
(`51` is 50.5–51.5, `超过85` is 85 or more). Two statements contradict each other only when their
intervals cannot meet, so rounding alone never raises a contradiction, and a real one always does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .catalog import Catalog, DataError, Table, text_of
from .formatting import format_number, join_lines

KINDS = ("total", "shares", "growth", "same", "count")
AT_LEAST = {"超过", "超", "不少于", "以上", ">", "≥", "逾", "达"}
AT_MOST = {"不足", "低于", "不到", "<", "≤", "小于"}
ABOUT = {"约", "左右", "近", "接近", "大约"}


@dataclass
class Operand:
    """One published value taking part in a check."""

    table: Table
    row: int
    column: str
    value: float

    @property
    def unit(self) -> str:
        frame = self.table.frame
        if self.column == "value" and "unit" in frame.columns:
            return text_of(frame["unit"].iloc[self.row])
        return self.table.field(self.column).unit

    @property
    def qualifier(self) -> str:
        if "qualifier" in self.table.frame.columns:
            return text_of(self.table.frame["qualifier"].iloc[self.row])
        return ""

    @property
    def decimals(self) -> int:
        return self.table.written_decimals(self.column, self.row)

    @property
    def location(self) -> str:
        frame = self.table.frame
        for column in ("location", "source"):
            if column in frame.columns and text_of(frame[column].iloc[self.row]):
                return text_of(frame[column].iloc[self.row])
        return self.table.location

    @property
    def name(self) -> str:
        """How the site names this value: a fact by what it measures, a table cell by its row's key."""
        frame = self.table.frame
        if "subject" in frame.columns:
            words = [text_of(frame[c].iloc[self.row]) for c in ("year", "entity", "subject")]
            return "".join(filter(None, [words[0] and f"{words[0]}年", *words[1:]]))
        if self.table.primary_key:
            key = ", ".join(str(frame[k].iloc[self.row]) for k in self.table.primary_key)
            return f"{self.table.title}（{key}）"
        return f"{self.table.title}，第{self.row + 2}行"

    def interval(self, tolerance: float | None) -> tuple[float, float]:
        """The values this statement allows."""
        half = tolerance if tolerance is not None else 0.5 * 10**-self.decimals
        low, high = self.value - half, self.value + half
        if "value_max" in self.table.frame.columns and self.column == "value":
            top = self.table.frame["value_max"].iloc[self.row]
            if top is not None and not math.isnan(top):
                high = top + half
        if self.qualifier in AT_LEAST:
            high = math.inf
        elif self.qualifier in AT_MOST:
            low = -math.inf
        elif self.qualifier in ABOUT:
            low, high = min(low, self.value * 0.9), max(high, self.value * 1.1)
        return low, high

    def shown(self) -> str:
        unit = self.unit
        return f"{self.qualifier}{format_number(self.value, self.decimals)}{unit}"


@dataclass
class Finding:
    """The outcome of one check."""

    id: str
    package: str
    kind: str
    title: str
    description: str
    consistent: bool
    explanation: str
    operands: list[Operand] = field(default_factory=list)
    automatic: bool = False


def run_checks(catalog: Catalog) -> list[Finding]:
    findings = []
    for package in catalog.packages.values():
        seen = set()
        for index, check in enumerate(package.checks):
            context = f"data/{package.name}/datapackage.yaml, check {index + 1}"
            check_id = check.get("id")
            if not check_id:
                raise DataError(f"{context}: has no id. Give every check a short snake_case id.")
            context = f"data/{package.name}/datapackage.yaml, check '{check_id}'"
            if check_id in seen:
                raise DataError(f"{context}: two checks share this id. Rename one.")
            seen.add(check_id)
            kind = check.get("kind")
            if kind not in KINDS:
                raise DataError(f"{context}: kind '{kind}' is not one of {', '.join(KINDS)}.")
            findings.append(RUNNERS[kind](catalog, package.name, check, context))
        declared = [{(op.table.id, op.row) for op in f.operands} for f in findings]
        for repeated in repeated_facts(catalog, package.name):
            cells = {(op.table.id, op.row) for op in repeated.operands}
            # A declared check on two of the same statements already tells this contradiction.
            if not any(len(cells & other) >= 2 for other in declared):
                findings.append(repeated)
    return findings


def operand(catalog: Catalog, package: str, reference: str, context: str) -> Operand:
    table, value, row, column = catalog.resolve(package, reference, context)
    if not table.field(column).numeric:
        raise DataError(f"{context}: '{reference}' is not a numeric column.")
    if value is None or math.isnan(value):
        raise DataError(
            f"{context}: '{reference}' is empty in the data, so the check has nothing to compare. "
            "Remove the check or fill in the value the document states."
        )
    return Operand(table, row, column, float(value))


def finding(package: str, check: dict, consistent: bool, explanation: str, operands) -> Finding:
    return Finding(
        id=check["id"],
        package=package,
        kind=check["kind"],
        title=str(check.get("title") or check["id"]),
        description=join_lines(str(check.get("description") or "")),
        consistent=consistent,
        explanation=explanation,
        operands=list(operands),
    )


def add_intervals(intervals):
    return sum(i[0] for i in intervals), sum(i[1] for i in intervals)


def meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def check_total(catalog, package, check, context) -> Finding:
    parts = [operand(catalog, package, ref, context) for ref in need(check, "parts", context)]
    tolerance = check.get("tolerance")
    parts_range = add_intervals([p.interval(tolerance) for p in parts])
    computed = sum(p.value for p in parts)
    decimals = max(p.decimals for p in parts)
    stated = need(check, "total", context)
    if isinstance(stated, int | float):
        # A total that holds by definition (a share and its complement make 100).
        unit = parts[0].unit
        consistent = meet(parts_range, (stated, stated))
        expected = f"应为{format_number(stated, 0)}{unit}"
        explanation = f"各部分之和为{format_number(computed, decimals)}{unit}（计算值），{expected}。"
        return finding(package, check, consistent, explanation, parts)
    total = operand(catalog, package, stated, context)
    consistent = meet(parts_range, total.interval(tolerance))
    explanation = (
        f"各部分之和为{format_number(computed, decimals)}{total.unit}（计算值），所载合计为{total.shown()}。"
    )
    return finding(package, check, consistent, explanation, parts + [total])


def check_shares(catalog, package, check, context) -> Finding:
    table = catalog.table(f"{package}/{need(check, 'table', context)}", context)
    column = need(check, "column", context)
    table.field(column)
    expected = float(check.get("expected", 100))
    groups = list(check.get("group_by") or [])
    for g in groups:
        table.field(g)
    tolerance = check.get("tolerance")
    frame = table.frame
    keys = frame[groups].astype(str).agg("／".join, axis=1) if groups else None
    problems, operands, sums = [], [], []
    for group in keys.unique() if keys is not None else [None]:
        rows = [i for i in range(len(frame)) if keys is None or keys.iloc[i] == group]
        members = [
            Operand(table, i, column, float(frame[column].iloc[i]))
            for i in rows
            if not math.isnan(frame[column].iloc[i])
        ]
        operands.extend(members)
        computed = sum(m.value for m in members)
        decimals = max(m.decimals for m in members)
        label = f"{group}：" if group else ""
        sums.append(f"{label}{format_number(computed, decimals)}")
        if not meet(add_intervals([m.interval(tolerance) for m in members]), (expected, expected)):
            problems.append(group or "")
    shown_expected = format_number(expected, 0)
    explanation = f"占比之和为{'；'.join(sums)}（计算值），应为{shown_expected}。"
    return finding(package, check, not problems, explanation, operands)


def check_growth(catalog, package, check, context) -> Finding:
    start = operand(catalog, package, need(check, "start", context), context)
    end = operand(catalog, package, need(check, "end", context), context)
    rate = operand(catalog, package, need(check, "rate", context), context)
    years = float(check.get("years", 1))
    if years <= 0:
        raise DataError(f"{context}: years must be a positive number of periods.")
    tolerance = check.get("tolerance")

    def growth(a: float, b: float) -> float:
        return ((b / a) ** (1 / years) - 1) * 100

    s_low, s_high = start.interval(None)
    e_low, e_high = end.interval(None)
    lowest = growth(s_high, e_low) if s_high > 0 and e_low > 0 else -math.inf
    highest = growth(s_low, e_high) if s_low > 0 and e_high > 0 else math.inf
    computed = growth(start.value, end.value)
    consistent = meet((lowest, highest), rate.interval(tolerance))
    period = "年均复合增长率" if years != 1 else "增长率"
    explanation = (
        f"由{start.shown()}和{end.shown()}算得{period}为{format_number(computed, 1)}%"
        f"（计算值），所载为{rate.shown()}。"
    )
    return finding(package, check, consistent, explanation, [start, end, rate])


def check_same(catalog, package, check, context) -> Finding:
    values = [operand(catalog, package, ref, context) for ref in need(check, "values", context)]
    if len(values) < 2:
        raise DataError(f"{context}: a 'same' check needs at least two values.")
    tolerance = check.get("tolerance")
    low = max(v.interval(tolerance)[0] for v in values)
    high = min(v.interval(tolerance)[1] for v in values)
    explanation = "；".join(f"{v.location}：{v.shown()}" for v in values) + "。"
    return finding(package, check, low <= high, explanation, values)


def repeated_facts(catalog: Catalog, package: str) -> list[Finding]:
    """Facts that name one quantity (same subject, entity, year and unit) with values that disagree."""
    facts = catalog.tables.get(f"{package}/facts")
    if facts is None:
        return []
    frame = facts.frame
    key_columns = ["subject", "entity", "year", "unit"]
    if any(c not in frame.columns for c in key_columns):
        return []
    keys = frame[key_columns].fillna("").astype(str).agg("|".join, axis=1)
    results = []
    for key in keys[keys.duplicated(keep=False)].unique():
        rows = [
            i for i in range(len(frame)) if keys.iloc[i] == key and not math.isnan(frame["value"].iloc[i])
        ]
        values = [Operand(facts, i, "value", float(frame["value"].iloc[i])) for i in rows]
        if len(values) < 2:
            continue
        low = max(v.interval(None)[0] for v in values)
        high = min(v.interval(None)[1] for v in values)
        if low <= high:
            continue
        ids = [str(frame["id"].iloc[i]) for i in rows]
        subject, entity, year, _ = key.split("|")
        title = "".join(filter(None, [year and f"{year}年", entity, subject]))
        results.append(
            Finding(
                id=f"repeated_{ids[0]}",
                package=package,
                kind="same",
                title=title,
                description="同一数量在文中出现两次以上，数值不一致。",
                consistent=False,
                explanation="；".join(f"{v.location}：{v.shown()}" for v in values) + "。",
                operands=values,
                automatic=True,
            )
        )
    return results


def need(check: dict, key: str, context: str):
    if key not in check:
        raise DataError(f"{context}: the key '{key}' is missing (see data/README.md, Checks).")
    return check[key]


def check_count(catalog, package, check, context) -> Finding:
    """A number the text states ("4大领域") against the length of the list it gives."""
    stated = operand(catalog, package, need(check, "stated", context), context)
    table = catalog.table(f"{package}/{need(check, 'table', context)}", context)
    where = check.get("where") or {}
    if not isinstance(where, dict):
        raise DataError(
            f"{context}: where must map column names to values, e.g. where: {{basis: 投融资金额}}."
        )
    listed = len(table.positions_where(where))
    condition = "，".join(f"{table.field(column).title}为“{wanted}”" for column, wanted in where.items())
    if not listed:
        raise DataError(
            f"{context}: no row of {table.id} has {condition}, so there is nothing to count. "
            "Check the values under where: against the CSV."
        )
    consistent = meet(stated.interval(check.get("tolerance")), (listed, listed))
    scope = f"中{condition}的有" if condition else "共有"
    explanation = f"表“{table.title}”{scope}{listed}项（计数），原文所述为{stated.shown()}。"
    return finding(package, check, consistent, explanation, [stated])


RUNNERS = {
    "total": check_total,
    "shares": check_shares,
    "growth": check_growth,
    "same": check_same,
    "count": check_count,
}
