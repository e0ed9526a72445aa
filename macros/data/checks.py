"""Consistency checks over the published values: parts against totals, shares against 100%,
stated growth rates against their start and end values, one quantity stated twice, a stated
count against the list it names, and quantities a document implies by combining two of its
statements (a member against total × share, a share against the total's size, a conversion at the
document's own rate, a named place against the document's own partition).

Each published value stands for an interval: what its printed rounding and its qualifier allow
(`51` is 50.5–51.5, `超过85` is 85 or more). Two statements contradict each other only when their
intervals cannot meet, so rounding alone never raises a contradiction, and a real one always does.

Every finding that is not a pass has a severity (SEVERITIES): a contradiction (cannot both be
true), a tension (unlikely together, a member against its category, quantities of different
kinds), rounding (the intervals miss each other by less than one unit of the printed digits: a
real slip, but small) or wording. Interval arithmetic decides contradiction against rounding; a
check declares `severity:` where the kind cannot decide.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..base.errors import reading
from ..base.formatting import format_number, join_lines
from ..base.missing import is_missing
from .catalog import Catalog, DataError, is_reference, text_of
from .descriptor import (
    BoundCheck,
    Check,
    ClaimCheck,
    ComparedCheck,
    ConvertCheck,
    CountCheck,
    GrowthCheck,
    ImpliedCheck,
    MemberCheck,
    Rate,
    RestOf,
    SameCheck,
    ShareOfCheck,
    SharesCheck,
    TotalCheck,
)
from .growth import annual_growth
from .quantity import ABOUT, AT_LEAST, AT_MOST, Quantity

SEVERITIES = ("contradiction", "tension", "rounding", "wording")


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
    operands: list[Quantity] = field(default_factory=list)
    automatic: bool = False
    # "" for a pass, else one of SEVERITIES.
    severity: str = ""
    # The relative size of the gap between the compared values (0 when they agree), for sorting.
    gap: float = 0.0


def run_checks(catalog: Catalog) -> list[Finding]:
    findings = []
    for package in catalog.packages.values():
        # Each check was read once by the model of its kind (descriptor.py), which types its keys;
        # its runner tells what only the data can: a reference that names no number, a count of nothing.
        for index, check in enumerate(package.checks):
            line = package.check_line(index)
            context = f"data/{package.name}/datapackage.yaml, line {line}, check '{check.id}'"
            with reading(context):
                findings.append(RUNNERS[type(check)](catalog, package.name, check, context))
        declared = [{(op.table.id, op.row) for op in f.operands} for f in findings]
        for repeated in repeated_facts(catalog, package.name):
            cells = {(op.table.id, op.row) for op in repeated.operands}
            # A declared check on two of the same statements already tells this contradiction.
            if not any(len(cells & other) >= 2 for other in declared):
                findings.append(repeated)
    return findings


def operand(catalog: Catalog, package: str, reference: str, context: str) -> Quantity:
    table, value, row, column = catalog.resolve(package, reference, context)
    if not table.field(column).numeric:
        raise DataError(f"{context}: '{reference}' is not a numeric column.")
    if is_missing(value):
        raise DataError(
            f"{context}: '{reference}' is empty in the data, so the check has nothing to compare. "
            "Remove the check or fill in the value the document states."
        )
    return table.quantity(row, column)


def finding(package: str, check: Check, consistent: bool, explanation: str, operands, sides=None) -> Finding:
    """`sides`: the two compared ranges as (low, high, half-unit of their printed rounding)."""
    operands = list(operands)
    severity = "" if consistent else weigh(sides, check.severity)
    return Finding(
        id=check.id,
        package=package,
        kind=check.kind,
        title=check.title or check.id,
        description=join_lines(check.description),
        consistent=consistent,
        explanation=explanation + outside_constants(operands),
        operands=list(operands),
        severity=severity,
        gap=relative_gap(sides) if sides else 0.0,
    )


def outside_constants(operands) -> str:
    """A sentence naming each constant from outside the documents that a check used, with its
    standard, edition and clause, so that no finding passes one off as the document's own."""
    named, seen = [], set()
    for op in operands:
        if not is_reference(op.table) or (op.table.id, op.row, op.column) in seen:
            continue
        seen.add((op.table.id, op.row, op.column))
        table, row = op.table, op.row
        source = "，".join(filter(None, (table.text_cell(row, c) for c in ("standard", "edition", "clause"))))
        how = "本站由标准所载数值计算" if op.computed else "标准所载"
        named.append(f"{op.name}{op.shown()}（{how}；{source}）")
    if not named:
        return ""
    return "其中" + "；".join(named) + "是文献以外的参考常数，不是文献的数值。"


def weigh(sides, declared: str | None) -> str:
    """Rounding when the two ranges miss each other by no more than their printed half-units
    together (one unit of the last digit); otherwise what the check declares, or a contradiction."""
    if sides:
        (low_a, high_a, half_a), (low_b, high_b, half_b) = sides
        distance = max(low_a - high_b, low_b - high_a, 0.0)
        if distance <= half_a + half_b + 1e-9:
            return "rounding"
    return declared or "contradiction"


def relative_gap(sides) -> float:
    """The distance between the two ranges, relative to the larger of their nearest ends."""
    (low_a, high_a, _), (low_b, high_b, _) = sides
    if low_a > high_b:
        near = (high_b, low_a)
    elif low_b > high_a:
        near = (high_a, low_b)
    else:
        return 0.0
    scale = max(abs(near[0]), abs(near[1]))
    return (near[1] - near[0]) / scale if scale and math.isfinite(scale) else 0.0


def half_unit(op: Quantity) -> float:
    return 0.5 * 10**-op.decimals


def side_of(interval: tuple[float, float], half: float) -> tuple[float, float, float]:
    return interval[0], interval[1], half


def add_intervals(intervals):
    return sum(i[0] for i in intervals), sum(i[1] for i in intervals)


def meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def check_total(catalog: Catalog, package: str, check: TotalCheck, context: str) -> Finding:
    parts = [operand(catalog, package, ref, context) for ref in check.parts]
    tolerance = check.tolerance
    parts_range = add_intervals([p.interval(tolerance) for p in parts])
    computed = sum(p.value for p in parts)
    decimals = max(p.decimals for p in parts)
    stated = check.total
    if isinstance(stated, float):
        # A total that holds by definition (a share and its complement make 100).
        unit = parts[0].unit
        consistent = meet(parts_range, (stated, stated))
        expected = f"应为{format_number(stated, 0)}{unit}"
        explanation = f"各部分之和为{format_number(computed, decimals)}{unit}（计算值），{expected}。"
        explanation = qualified_parts(parts) + explanation
        halves = sum(half_unit(p) for p in parts)
        sides = (side_of(parts_range, halves), (stated, stated, 0.0))
        return finding(package, check, consistent, explanation, parts, sides)
    total = operand(catalog, package, stated, context)
    consistent = meet(parts_range, total.interval(tolerance))
    explanation = (
        f"各部分之和为{format_number(computed, decimals)}{total.unit}（计算值），所载合计为{total.shown()}。"
    )
    explanation = qualified_parts(parts) + explanation
    sides = (
        side_of(parts_range, sum(half_unit(p) for p in parts)),
        side_of(total.interval(tolerance), half_unit(total)),
    )
    return finding(package, check, consistent, explanation, parts + [total], sides)


def qualified_parts(parts: list[Quantity]) -> str:
    """The parts as printed, when a qualifier (超过, 低于) makes their sum a bound rather than a number."""
    if not any(p.qualifier for p in parts):
        return ""
    return f"各部分为{'、'.join(p.shown() for p in parts)}。"


def check_shares(catalog: Catalog, package: str, check: SharesCheck, context: str) -> Finding:
    table = catalog.table(f"{package}/{check.table}", context)
    column, expected, groups, tolerance = check.column, check.expected, check.group_by, check.tolerance
    table.field(column)
    for g in groups:
        table.field(g)
    frame = table.frame
    keys = frame[groups].astype(str).agg("／".join, axis=1) if groups else None
    problems, operands, sums, worst = [], [], [], None
    for group in keys.unique() if keys is not None else [None]:
        rows = [i for i in range(len(frame)) if keys is None or keys.iloc[i] == group]
        members = [table.quantity(i, column) for i in rows if not is_missing(frame[column].iloc[i])]
        if not members:
            raise DataError(
                f"{context}: every cell of {column} in {table.id}{f' ({group})' if group else ''} is "
                "empty, so there are no shares to add up. Fill in the shares, or remove the check."
            )
        operands.extend(members)
        computed = sum(m.value for m in members)
        decimals = max(m.decimals for m in members)
        label = f"{group}：" if group else ""
        sums.append(f"{label}{format_number(computed, decimals)}")
        summed = add_intervals([m.interval(tolerance) for m in members])
        if not meet(summed, (expected, expected)):
            problems.append(group or "")
            group_sides = (side_of(summed, sum(half_unit(m) for m in members)), (expected, expected, 0.0))
            if worst is None or relative_gap(group_sides) > relative_gap(worst):
                worst = group_sides
    shown_expected = format_number(expected, 0)
    explanation = f"占比之和为{'；'.join(sums)}（计算值），应为{shown_expected}。"
    return finding(package, check, not problems, explanation, operands, worst)


def check_growth(catalog: Catalog, package: str, check: GrowthCheck, context: str) -> Finding:
    start = operand(catalog, package, check.start, context)
    end = operand(catalog, package, check.end, context)
    rate = operand(catalog, package, check.rate, context)
    years, tolerance = check.years, check.tolerance

    def growth(a: float, b: float) -> float:
        return annual_growth(a, b, years)

    s_low, s_high = start.interval(None)
    e_low, e_high = end.interval(None)
    lowest = growth(s_high, e_low) if s_high > 0 and e_low > 0 else -math.inf
    highest = growth(s_low, e_high) if s_low > 0 and e_high > 0 else math.inf
    if start.value == 0:
        raise DataError(
            f"{context}: the start value {start.shown()} is 0, from which no growth rate can be "
            "computed. Check the start reference, or remove the check."
        )
    computed = growth(start.value, end.value)
    consistent = meet((lowest, highest), rate.interval(tolerance))
    period = "年均复合增长率" if years != 1 else "增长率"
    explanation = (
        f"由{start.shown()}和{end.shown()}算得{period}为{format_number(computed, 1)}%"
        f"（计算值），所载为{rate.shown()}。"
    )
    sides = ((lowest, highest, (highest - lowest) / 2), side_of(rate.interval(tolerance), half_unit(rate)))
    return finding(package, check, consistent, explanation, [start, end, rate], sides)


def check_same(catalog: Catalog, package: str, check: SameCheck, context: str) -> Finding:
    values = [operand(catalog, package, ref, context) for ref in check.values]
    tolerance = check.tolerance
    low = max(v.interval(tolerance)[0] for v in values)
    high = min(v.interval(tolerance)[1] for v in values)
    explanation = "；".join(f"{v.location}：{v.shown()}" for v in values) + "。"
    return finding(package, check, low <= high, explanation, values, same_sides(values, tolerance))


def same_sides(values: list[Quantity], tolerance):
    """The two statements furthest apart: the one that starts highest against the one that ends lowest."""
    highest = max(values, key=lambda v: v.interval(tolerance)[0])
    lowest = min(values, key=lambda v: v.interval(tolerance)[1])
    return (
        side_of(highest.interval(tolerance), half_unit(highest)),
        side_of(lowest.interval(tolerance), half_unit(lowest)),
    )


def repeated_facts(catalog: Catalog, package: str) -> list[Finding]:
    """One quantity stated more than once with values that disagree: facts that name the same
    quantity (same subject, entity, year and unit), and a fact that states a table's cell again
    (same_as, with a value of its own)."""
    facts = catalog.tables.get(f"{package}/facts")
    if facts is None:
        return []
    frame = facts.frame
    found = []
    key_columns = ["subject", "entity", "year", "unit"]
    if all(c in frame.columns for c in key_columns):
        keys = frame[key_columns].fillna("").astype(str).agg("|".join, axis=1)
        row_keys = keys.tolist()
        for key in keys[keys.duplicated(keep=False)].unique():
            rows = [i for i, k in enumerate(row_keys) if k == key and not is_missing(facts.value(i, "value"))]
            if len(rows) < 2:
                continue
            subject, entity, year, _ = key.split("|")
            title = "".join(filter(None, [year and f"{year}年", entity, subject]))
            values = [facts.quantity(i, "value") for i in rows]
            found.append(
                repeat_finding(package, rows[0], title, "同一数量在文中出现两次以上，数值不一致。", values)
            )
    for row, (table, cell_row, column, stated_twice) in sorted(facts.same_as.items()):
        if not stated_twice or is_missing(table.value(cell_row, column)):
            continue
        values = [facts.quantity(row, "value"), table.quantity(cell_row, column)]
        found.append(
            repeat_finding(
                package, row, values[0].name, "同一数量在正文和表中各出现一次，数值不一致。", values
            )
        )
    return [f for f in found if f is not None]


def repeat_finding(package: str, row: int, title: str, description: str, values: list[Quantity]):
    """The finding for one quantity stated several times, or None when the statements agree."""
    if len(values) < 2:
        return None
    low = max(v.interval(None)[0] for v in values)
    high = min(v.interval(None)[1] for v in values)
    if low <= high:
        return None
    sides = same_sides(values, None)
    return Finding(
        id=f"repeated_{values[0].table.text_cell(row, 'id')}",
        package=package,
        kind="same",
        title=title,
        description=description,
        consistent=False,
        explanation="；".join(f"{v.location}：{v.shown()}" for v in values) + "。",
        operands=values,
        automatic=True,
        severity=weigh(sides, None),
        gap=relative_gap(sides),
    )


def check_count(catalog: Catalog, package: str, check: CountCheck, context: str) -> Finding:
    """A number the text states ("4大领域") against the length of the list it gives."""
    stated = operand(catalog, package, check.stated, context)
    table = catalog.table(f"{package}/{check.table}", context)
    where, tolerance = check.where, check.tolerance
    listed = len(table.positions_where(where))
    condition = "，".join(f"{table.field(column).title}为“{wanted}”" for column, wanted in where.items())
    if not listed:
        raise DataError(
            f"{context}: no row of {table.id} has {condition}, so there is nothing to count. "
            "Check the values under where: against the CSV."
        )
    consistent = meet(stated.interval(tolerance), (listed, listed))
    scope = f"中{condition}的有" if condition else "共有"
    explanation = f"表“{table.title}”{scope}{listed}项（计数），原文所述为{stated.shown()}。"
    sides = (side_of(stated.interval(tolerance), half_unit(stated)), (listed, listed, 0.0))
    return finding(package, check, consistent, explanation, [stated], sides)


# -- quantities a document implies by combining statements from different places -------------


@dataclass
class Term:
    """One factor of an implied quantity: a published value (a share as a fraction) or the rest
    of 100% after some published shares. `span` is what the printed values and qualifiers allow,
    `closed` what their rounding alone allows (an open bound such as 突破 read as the number)."""

    point: float
    span: tuple[float, float]
    closed: tuple[float, float]
    shown: str
    operands: list[Quantity]
    # The upper end of a printed range (1.8–2.3 → 2.3); the point itself when there is none.
    top: float | None = None

    @property
    def upper(self) -> float:
        return self.point if self.top is None else self.top


def term(catalog: Catalog, package: str, spec: str | RestOf, check: ComparedCheck, context: str) -> Term:
    """A reference or rest_of, read with the check's `tolerance`; a reference the check lists under
    `exact` allows its printed value alone."""
    if isinstance(spec, RestOf):
        parts = [term(catalog, package, ref, check, context) for ref in spec.rest_of]
        ops = [op for part in parts for op in part.operands]
        if any(op.unit != "%" for op in ops):
            raise DataError(
                f"{context}: rest_of takes a list of shares in %, e.g. rest_of: [facts[id=a].value]."
            )
        low = 1 - sum(p.span[1] for p in parts)
        high = 1 - sum(p.span[0] for p in parts)
        closed = (1 - sum(p.closed[1] for p in parts), 1 - sum(p.closed[0] for p in parts))
        shown = "100%减去" + "与".join(p.shown for p in parts)
        return Term(1 - sum(p.point for p in parts), (low, high), closed, shown, ops)
    op = operand(catalog, package, spec, context)
    scale = 0.01 if op.unit == "%" else 1.0
    top = op.value if op.value_max is None else op.value_max
    if spec in check.exact:
        span = closed = (op.value, top)
    else:
        span = op.interval(check.tolerance)
        closed = (op.value - half_unit(op), top + half_unit(op)) if check.tolerance is None else span
    return Term(
        op.value * scale,
        (span[0] * scale, span[1] * scale),
        (closed[0] * scale, closed[1] * scale),
        op.shown(),
        [op],
        top * scale,
    )


def product(factors: list[Term], divisors: list[Term], scale: float) -> tuple[tuple, tuple, tuple]:
    """The printed, full and closed range of factors ÷ divisors × scale (all values non-negative):
    the printed range is what the printed numbers give (a single point unless one is a range)."""

    def ratio(pick, upper: bool):
        top = math.prod(pick(f)[upper] for f in factors)
        bottom = math.prod(pick(d)[not upper] for d in divisors)
        if bottom == 0:
            return math.inf if upper else 0.0
        return max(top, 0.0) / bottom * scale

    point = math.prod(f.point for f in factors) / math.prod(d.upper for d in divisors) * scale
    top = math.prod(f.upper for f in factors) / math.prod(d.point for d in divisors) * scale
    span = (ratio(lambda t: t.span, False), ratio(lambda t: t.span, True))
    closed = (ratio(lambda t: t.closed, False), ratio(lambda t: t.closed, True))
    return (point, top), span, closed


def shown_number(value: float) -> str:
    """A computed value to three significant digits: precise enough to weigh, never more precise
    than the printed values it comes from."""
    if not math.isfinite(value) or value == 0:
        return format_number(value, 0)
    return format_number(value, max(0, 2 - math.floor(math.log10(abs(value)))))


RELATION_WORDS = {"equal": "应与之相符", "at_most": "按理不应超过它", "at_least": "按理不应低于它"}


def weigh_implied(
    package: str, check: ComparedCheck, stated: Term, implied, unit, reading, operands
) -> Finding:
    """The stated value against the implied one under `relation` (stated = / ≤ / ≥ implied)."""
    relation = check.relation
    printed, span, closed = implied
    point = printed[0]

    def compare(a, b) -> tuple[bool, tuple]:
        if relation == "at_most":
            b = (-math.inf, b[1])
        elif relation == "at_least":
            b = (b[0], math.inf)
        # What rounding alone adds to each side, beyond a range the document prints (1.8–2.3).
        half_b = ((closed[1] - closed[0]) - (printed[1] - printed[0])) / 2
        half_a = ((stated.closed[1] - stated.closed[0]) - (stated.upper - stated.point)) / 2
        return meet(a, b), ((a[0], a[1], half_a), (b[0], b[1], half_b))

    consistent, sides = compare(stated.span, span)
    closed_ok, closed_sides = compare(stated.closed, closed)
    percent = stated.operands[0].unit == "%" if len(stated.operands) == 1 else False
    factor = 100 if percent else 1
    computed = shown_number(point * factor)
    if printed[1] > printed[0]:
        computed += f"–{shown_number(printed[1] * factor)}"
    explanation = (
        f"由{reading}算得{computed}{unit}（计算值），所载为{stated.shown}，{RELATION_WORDS[relation]}。"
    )
    result = finding(package, check, consistent, explanation, operands, sides)
    if consistent and not closed_ok and weigh(closed_sides, None) != "rounding":
        # The ranges meet only through an open bound (突破、超过): no contradiction, but the
        # printed numbers themselves are far apart.
        result.consistent = False
        result.severity = "wording" if check.severity == "wording" else "tension"
        result.gap = relative_gap(closed_sides)
        words = "、".join(
            dict.fromkeys(
                f"“{op.qualifier}”" for op in operands if op.qualifier in AT_LEAST | AT_MOST | ABOUT
            )
        )
        result.explanation += (
            f"两者只因原文的{words}放宽了数值的范围才不算矛盾；按所印的数字本身，相差"
            f"{shown_number(result.gap * 100)}%。"
        )
    return result


def check_implied(catalog: Catalog, package: str, check: ImpliedCheck, context: str) -> Finding:
    """A stated value against the product the document implies elsewhere: total × share,
    energy ÷ wafers, … (`factors`, optional `divisors` and a unit `scale`)."""
    stated = term(catalog, package, check.stated, check, context)
    factors = [term(catalog, package, f, check, context) for f in check.factors]
    divisors = [term(catalog, package, d, check, context) for d in check.divisors]
    scale = check.scale
    reading = "×".join(f.shown for f in factors) + "".join(f"÷{d.shown}" for d in divisors)
    if scale != 1:
        reading += f"（单位换算×{format_number(scale, 0) if scale >= 1 else scale}）"
    operands = stated.operands + [op for t in factors + divisors for op in t.operands]
    unit = stated.operands[0].unit if len(stated.operands) == 1 else ""
    implied = product(factors, divisors, scale)
    return weigh_implied(package, check, stated, implied, unit, reading, operands)


def rate_terms(
    catalog: Catalog, package: str, rate: Rate, check: ComparedCheck, context: str
) -> tuple[Term, Term]:
    """The document's own pair of one amount in two units (182.3亿元 ≈ 25.1亿美元) as a rate."""
    return term(catalog, package, rate.from_, check, context), term(catalog, package, rate.to, check, context)


def check_share_of(catalog: Catalog, package: str, check: ShareOfCheck, context: str) -> Finding:
    """A part and its stated share imply the size of the whole: part ÷ share (at the document's
    own rate, if the whole is stated in another unit) against the whole's size stated elsewhere."""
    part = term(catalog, package, check.part, check, context)
    share = term(catalog, package, check.share, check, context)
    total = term(catalog, package, check.total, check, context)
    factors, divisors = [part], [share]
    reading = f"{part.shown}÷（{share.shown}）"
    rate = rate_terms(catalog, package, check.rate, check, context) if check.rate else None
    if rate:
        factors.append(rate[1])
        divisors.append(rate[0])
        reading += f"，按原文{rate[0].shown}合{rate[1].shown}折算"
    operands = [op for t in [part, share, total, *(rate or ())] for op in t.operands]
    implied = product(factors, divisors, 1.0)
    return weigh_implied(package, check, total, implied, total.operands[0].unit, reading, operands)


def check_convert(catalog: Catalog, package: str, check: ConvertCheck, context: str) -> Finding:
    """A value converted at the document's own rate (a pair it states in both units) against a
    value stated in the other unit."""
    value = term(catalog, package, check.value, check, context)
    source, target = rate_terms(catalog, package, check.rate, check, context)
    against = term(catalog, package, check.against, check, context)
    reading = f"{value.shown}按原文{source.shown}合{target.shown}的比率折算"
    operands = [op for t in (value, source, target, against) for op in t.operands]
    implied = product([value, target], [source], 1.0)
    unit = against.operands[0].unit
    return weigh_implied(package, check, against, implied, unit, reading, operands)


def check_member(catalog: Catalog, package: str, check: MemberCheck, context: str) -> Finding:
    """Named places (a plant, a company's site) against the document's own partition: the table
    that lists which places each part of it (a region) covers."""
    table = catalog.table(f"{package}/{check.partition}", context)
    column, key, items = check.column, check.key, check.items
    table.field(column)
    table.field(key)
    covered = {text_of(v): text_of(r) for v, r in zip(table.frame[column], table.frame[key], strict=True)}
    inside, outside = [], []
    for ref in items:
        named_table, value, row, _ = catalog.resolve(package, ref, context)
        place = text_of(value)
        frame = named_table.frame
        who = text_of(frame["site"].iloc[row]) if "site" in frame.columns else ref
        where = text_of(frame["location"].iloc[row]) if "location" in frame.columns else named_table.location
        if place in covered:
            inside.append(f"{who}（{where}）在{place}，属{covered[place]}")
        else:
            outside.append(f"{who}（{where}）在{place}")
    parts = "、".join(dict.fromkeys(covered.values()))
    operands = [operand(catalog, package, ref, context) for ref in check.covers]
    covers = "".join(f"，{op.location}所载合计为{op.shown()}" for op in operands)
    explanation = f"原文的划分只有{parts}{covers}。"
    if outside:
        explanation += "；".join(outside) + "，不在其中任何一个所列的地方。"
    if inside:
        explanation += "；".join(inside) + "。"
    result = finding(package, check, not outside, explanation, operands)
    result.gap = len(outside) / len(items)
    return result


# -- bounds and claims: a bound the text states over values, a summary's wording against the body's --


def row_name(op: Quantity) -> str:
    """A value named by its row alone (微机电系统(MEMS)), as a list of one table's rows reads best;
    a fact by what it measures."""
    table = op.table
    if table.has("subject") or not table.primary_key:
        return op.name
    return "，".join(table.text_cell(op.row, k) for k in table.primary_key)


def bound_limits(stated: Quantity) -> tuple[float, float]:
    """The number a stated bound sets, as its printed rounding allows (its own 超过 or 低于 only
    says which side the values lie on)."""
    half = half_unit(stated)
    return stated.value - half, stated.value + half


def check_bound(catalog: Catalog, package: str, check: BoundCheck, context: str) -> Finding:
    """A bound the text states ("普遍低于30%", "均在…以上") against the values it covers: every one
    of them (`quantifier: every`), or at least one (`some`: a whole's average growth cannot be
    above the fastest of its parts). `relation` says on which side of the bound the values must lie;
    without it, the stated value's own qualifier does (低于30% → at_most, 超过60% → at_least)."""
    stated = operand(catalog, package, check.stated, context)
    values = [operand(catalog, package, ref, context) for ref in check.values]
    relation, quantifier, tolerance = check.relation, check.quantifier, check.tolerance
    if relation is None:
        if stated.qualifier in AT_MOST:
            relation = "at_most"
        elif stated.qualifier in AT_LEAST:
            relation = "at_least"
        else:
            raise DataError(
                f"{context}: {stated.shown()} is no bound (no 超过, 以上, 低于 or 不足 before it). Say on "
                "which side the values must lie: relation: at_most or relation: at_least."
            )
    low, high = bound_limits(stated)
    limit = (-math.inf, high) if relation == "at_most" else (low, math.inf)
    limit_side = (limit[0], limit[1], half_unit(stated))

    def sides_of(v: Quantity):
        return side_of(v.interval(tolerance), half_unit(v)), limit_side

    outside = [v for v in values if not meet(v.interval(tolerance), limit)]
    tables = "、".join(dict.fromkeys(f"“{v.table.title}”" for v in values if not v.table.has("subject")))
    listed = (f"{tables}中" if tables else "") + "、".join(f"{row_name(v)}{v.shown()}" for v in values)
    side = "不高于" if relation == "at_most" else "不低于"
    bound_text = f"{stated.location}所述的{stated.shown()}"
    limit_text = f"{side}{format_number(stated.value, stated.decimals)}{stated.unit}"
    if quantifier == "every":
        consistent = not outside
        verdict = (
            f"其中{'、'.join(row_name(v) for v in outside)}不在此限。" if outside else "每一项都在此限之内。"
        )
        worst = max((sides_of(v) for v in outside), key=relative_gap, default=None)
        rule = f"按{bound_text}，每一项都应{limit_text}"
    else:  # some
        consistent = len(outside) < len(values)
        verdict = "没有一项达到。" if not consistent else "至少有一项达到。"
        worst = min((sides_of(v) for v in values), key=relative_gap) if not consistent else None
        rule = f"按{bound_text}，至少应有一项{limit_text}"
    explanation = f"{rule}；所载为{listed}。{verdict}"
    result = finding(package, check, consistent, explanation, [stated, *values], worst)
    if outside and quantifier == "every":
        result.gap = max(relative_gap(sides_of(v)) for v in outside)
    return result


def check_claim(catalog: Catalog, package: str, check: ClaimCheck, context: str) -> Finding:
    """A summary's statement against the body's statement of the same thing: their numbers (by
    interval, as `same` compares them), and how each puts it (`claim_reads`, `body_reads`: a few
    words each, e.g. 已达到 against 到2025年的目标). Numbers that agree under readings that differ
    (done against planned) are a wording finding unless the check declares more."""
    claim = operand(catalog, package, check.claim, context)
    body = operand(catalog, package, check.body, context)
    claim_reads, body_reads = check.claim_reads.strip(), check.body_reads.strip()
    tolerance = check.tolerance
    numbers_meet = meet(claim.interval(tolerance), body.interval(tolerance))
    explanation = (
        f"{claim.location}：{claim.shown()}，说的是{claim_reads}；"
        f"{body.location}：{body.shown()}，说的是{body_reads}。"
    )
    sides = (
        side_of(claim.interval(tolerance), half_unit(claim)),
        side_of(body.interval(tolerance), half_unit(body)),
    )
    if not numbers_meet:
        return finding(package, check, False, explanation + "两处数值不能同时成立。", [claim, body], sides)
    if claim_reads == body_reads:
        return finding(package, check, True, explanation + "数值相容，说法一致。", [claim, body])
    differ = "数值相容，但两处对它的说法不同。"
    result = finding(package, check, True, explanation + differ, [claim, body])
    result.consistent = False
    result.severity = check.severity or "wording"
    return result


# The runner of each kind, by the model its check was read with (descriptor.CHECKS): a table
# rather than a method on the model, since the models are the schema and know no catalog.
RUNNERS: dict[type[Check], Callable[[Catalog, str, Any, str], Finding]] = {
    TotalCheck: check_total,
    SharesCheck: check_shares,
    GrowthCheck: check_growth,
    SameCheck: check_same,
    CountCheck: check_count,
    ImpliedCheck: check_implied,
    ShareOfCheck: check_share_of,
    ConvertCheck: check_convert,
    MemberCheck: check_member,
    BoundCheck: check_bound,
    ClaimCheck: check_claim,
}


# -- relations across the two documents (data/relations.yaml) ---------------------------------

# The kind of a relation whose two sides cannot be weighed against each other: their scopes differ,
# or the documents do not say how they relate, or no year and unit are shared. It is not a fault of
# either document, so it carries no severity: it says why the numbers must not be joined.
NOT_COMPARABLE = "not_comparable"
SCOPE_WORDS = {
    "same": "两书所指的范围相同",
    "wider": "前者的范围宽于后者",
    "narrower": "前者的范围窄于后者",
    "not_stated": "两书都没有说明这两个量之间的关系",
}


def check_relation(relation) -> Finding:
    """A relation's two sides weighed with the severities every check uses: values of the same scope,
    year and unit as a `same` check; of a narrower scope against a wider one, as a bound (the part
    cannot exceed the whole). Everything else is NOT_COMPARABLE, with the reason."""
    first, second = relation.first.quantities, relation.second.quantities
    if relation.scope == "wider":
        # Always weigh the narrower side against the wider one.
        first, second = second, first
    pairs = [
        (a, b)
        for a in first
        for b in second
        if year_key(a) and year_key(a) == year_key(b) and a.unit == b.unit
    ]
    operands = [*relation.first.quantities, *relation.second.quantities]
    reason = SCOPE_WORDS[relation.scope] + "。"
    if relation.scope != "not_stated" and pairs:
        tolerance = relation.tolerance
        worst, consistent = None, True
        for a, b in pairs:
            low_a, high_a = a.interval(tolerance)
            low_b, high_b = b.interval(tolerance)
            if relation.scope == "same":
                low_b_bound, high_b_bound = low_b, high_b
            else:
                # A part is at most its whole: the narrower value may be anything up to the wider.
                low_b_bound, high_b_bound = -math.inf, high_b
            if not meet((low_a, high_a), (low_b_bound, high_b_bound)):
                consistent = False
                sides = ((low_a, high_a, half_unit(a)), (low_b_bound, high_b_bound, half_unit(b)))
                if worst is None or relative_gap(sides) > relative_gap(worst):
                    worst = sides
        compared = (f"{a.location}：{a.shown()}，对照{b.location}：{b.shown()}" for a, b in pairs)
        explanation = reason + "；".join(compared)
        if relation.scope != "same" and consistent:
            explanation += "。窄的一方没有超过宽的一方，但两者仍不是同一个量，不能相互替代。"
            return relation_finding(relation, NOT_COMPARABLE, False, explanation, operands)
        # Weighed as a check of its own kind would be, with no severity of its own to declare.
        check = Check(id=f"relation_{relation.id}", kind="relation", title=relation.title)
        return finding("", check, consistent, explanation + "。", operands, worst)
    years = "、".join(dict.fromkeys(year_key(q) or "未写年份" for q in operands))
    explanation = reason
    if relation.scope != "not_stated":
        explanation += f"两书没有同一年份、同一单位的数值可比（所涉年份：{years}）。"
    explanation += implied_change(relation)
    return relation_finding(relation, NOT_COMPARABLE, False, explanation, operands)


def year_key(quantity: Quantity) -> str:
    return quantity.table.text_cell(quantity.row, "year") if quantity.table.has("year") else ""


def implied_change(relation) -> str:
    """For a series: the change that joining the two documents' numbers would imply, from the first
    document's last value to the second's first, computed and labelled as such, with the reason it
    does not hold."""
    if not relation.series:
        return ""
    start, end = relation.first.quantities[-1], relation.second.quantities[0]
    if start.unit != end.unit or not start.value:
        return ""
    change = (end.value / start.value - 1) * 100
    years = f"（{year_key(start)}→{year_key(end)}）" if year_key(start) and year_key(end) else ""
    return (
        f"若把两书的数字当作一条序列，由{start.shown()}到{end.shown()}{years}意味着变化"
        f"{format_number(change, 1)}%（计算值）；两书统计的范围不同，这个数不能读作市场的涨落，"
        "两组数字因此不连成一条线。"
    )


def relation_finding(relation, kind: str, consistent: bool, explanation: str, operands) -> Finding:
    return Finding(
        id=f"relation_{relation.id}",
        package="",
        kind=kind,
        title=relation.title,
        description=relation.basis,
        consistent=consistent,
        explanation=explanation,
        operands=list(operands),
    )
