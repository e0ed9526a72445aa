"""Values the 2026 market report implies but does not print, computed from the ones it does."""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, DataError, Field
from ..checks import operand
from ..quantity import COMPUTED, PUBLISHED
from . import STATUS, derived, fact

PACKAGE = "market-report-2026"
FACTS = f"{PACKAGE}/facts"
REGIONS = "regional_capacity_2025"


def year_of(reference_operand, context: str) -> int:
    """The year a start or end value belongs to, from the `year` column of its table."""
    frame = reference_operand.table.frame
    if "year" not in frame.columns:
        raise DataError(
            f"{context}: {reference_operand.table.id} has no year column, so the growth chart cannot "
            "place the value in time. Point the check at a value with a year."
        )
    return int(str(frame["year"].iloc[reference_operand.row])[:4])


@derived(
    f"{PACKAGE}/growth_rates_checked",
    title="所载增长率与由首末两年数值算出的增长率",
    derivation="增长率 = (终值 ÷ 起始值)^(1 ÷ 间隔年数) − 1；每一项对应数据包中的一个增长率核对项。",
    description=(
        "报告在给出增长率的地方，往往也给出了首末两年的数值。本表对每一处这样的说法列出两行："
        "原文所载的增长率（发布值），以及本站用同一对首末数值算出的增长率（推算值）。"
        "两者之差超出印刷舍入所能解释的范围时，数据说明页会把它列为矛盾。"
    ),
    fields=[
        Field("check", "string", "核对项"),
        Field("start_year", "integer", "起始年份"),
        Field("start_value", "number", "起始值", decimals=1),
        Field("end_year", "integer", "终止年份"),
        Field("end_value", "number", "终止值", decimals=1),
        Field("unit", "string", "规模单位"),
        Field("rate", "number", "增长率", unit="%", decimals=1),
        STATUS,
    ],
)
def growth_rates_checked(catalog: Catalog) -> pd.DataFrame:
    rows = []
    for check in catalog.packages[PACKAGE].checks:
        if check.get("kind") != "growth":
            continue
        context = f"data/{PACKAGE}/datapackage.yaml, check '{check.get('id')}'"
        start = operand(catalog, PACKAGE, check["start"], context)
        end = operand(catalog, PACKAGE, check["end"], context)
        stated = operand(catalog, PACKAGE, check["rate"], context)
        years = float(check.get("years", 1))
        computed = ((end.value / start.value) ** (1 / years) - 1) * 100
        common = {
            "check": str(check.get("title") or check["id"]),
            "start_year": year_of(start, context),
            "start_value": start.value,
            "end_year": year_of(end, context),
            "end_value": end.value,
            "unit": start.unit,
        }
        rows.append({**common, "rate": stated.value, "status": PUBLISHED})
        rows.append({**common, "rate": computed, "status": COMPUTED})
    return pd.DataFrame(
        rows,
        columns=["check", "start_year", "start_value", "end_year", "end_value", "unit", "rate", "status"],
    )


@derived(
    f"{PACKAGE}/national_averages_2025",
    title="全国平均OEE与毛利率：表中所载与由三区数值算出",
    derivation=(
        "按产能加权 = Σ(区域值 × 区域产能) ÷ Σ区域产能；三区算术平均 = 三个区域值之和 ÷ 3；"
        "区域值与产能取自2.2节表格，全国值取自该表“全国合计”行。"
    ),
    description=(
        "2.2节表格的“全国合计”行给出全国平均OEE和平均毛利率，表注说OEE是加权计算所得，"
        "但没有说明权重。本表把三个区域的数值、表中的全国值，以及本站按产能加权和按简单平均"
        "算出的两种全国值放在一起，供读者判断表中全国值的来历。"
    ),
    fields=[
        Field("measure", "string", "指标"),
        Field("basis", "string", "区域或算法"),
        Field("value", "number", "数值", unit="%", decimals=1),
        STATUS,
    ],
)
def national_averages_2025(catalog: Catalog) -> pd.DataFrame:
    regions = catalog.table(f"{PACKAGE}/{REGIONS}").frame
    weights = regions["capacity"] / regions["capacity"].sum()
    published = {"oee": "national_average_oee_2025", "gross_margin": "national_average_gross_margin"}
    titles = {"oee": "平均设备综合效率（OEE）", "gross_margin": "平均毛利率"}
    rows = []
    for column, fact_id in published.items():
        measure = titles[column]
        for region, value in zip(regions["region"], regions[column], strict=True):
            rows.append((measure, region, value, PUBLISHED))
        rows.append((measure, "表中全国合计", fact(catalog, FACTS, fact_id), PUBLISHED))
        rows.append((measure, "按产能加权", float((regions[column] * weights).sum()), COMPUTED))
        rows.append((measure, "三区算术平均", float(regions[column].mean()), COMPUTED))
    return pd.DataFrame(rows, columns=["measure", "basis", "value", "status"])


@derived(
    f"{PACKAGE}/tfp_index_2025",
    title="三大区域的TFP指数与按产能加权的平均值",
    derivation=("按产能加权 = Σ(区域TFP指数 × 区域产能) ÷ Σ区域产能；指数取自2.2节正文，产能取自2.2节表格。"),
    description=(
        "2.2节以全国均值为1.0给出三大区域的全要素生产率（TFP）指数。三大区域合起来就是全国全部产能，"
        "本站按产能加权求出三区的平均指数，与作为基准的全国均值并列；报告没有说明全国均值的计算方法。"
    ),
    fields=[
        Field("basis", "string", "区域或算法"),
        Field("tfp", "number", "TFP指数", description="以全国均值为1.0", decimals=2),
        STATUS,
    ],
)
def tfp_index_2025(catalog: Catalog) -> pd.DataFrame:
    regions = catalog.table(f"{PACKAGE}/{REGIONS}").frame
    index_facts = {"长三角": "yrd_tfp_2025", "珠三角": "prd_tfp_2025", "中西部": "central_west_tfp_2025"}
    missing = sorted(set(regions["region"]) - set(index_facts))
    if missing:
        raise DataError(
            f"macros/derived: {PACKAGE}/tfp_index_2025 has no TFP fact for the region(s) "
            f"{', '.join(missing)} of {REGIONS}.csv. Add the fact or the region to index_facts."
        )
    indices = regions["region"].map(lambda region: fact(catalog, FACTS, index_facts[region]))
    weighted = float((indices * regions["capacity"]).sum() / regions["capacity"].sum())
    rows = [(region, index, PUBLISHED) for region, index in zip(regions["region"], indices, strict=True)]
    rows.append(("全国均值（基准）", fact(catalog, FACTS, "national_tfp_2025"), PUBLISHED))
    rows.append(("三区按产能加权", weighted, COMPUTED))
    return pd.DataFrame(rows, columns=["basis", "tfp", "status"])
