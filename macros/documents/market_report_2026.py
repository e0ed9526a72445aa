"""What the 2026 market report owns that its data cannot say: its charts and the tables computed
from its published values."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..base.addresses import document_of
from ..charts.registry import PALETTE, STATUS_SCALE, WIDE, chart, heading
from ..data.catalog import Catalog, DataError, Field
from ..data.checks import operand
from ..data.derived import STATUS, derived, fact
from ..data.descriptor import GrowthCheck
from ..data.growth import annual_growth
from ..data.plain_text import cell_text
from ..data.quantity import COMPUTED, PUBLISHED, STATUS_TITLE

BLUE, ORANGE, GREEN, GREY = PALETTE[0], PALETTE[1], PALETTE[2], "#9a9a9a"
# A name over each bar instead of an axis label: long Chinese names then take the chart's full width.
ROW_STEP = 42
BAR_SIZE = 16


def panel_row(field: str, order: list[str], label_expr: str | None = None) -> alt.Row:
    """Panels stacked one per row, in the data's order, each named at its top left (the report's
    long Chinese names read there, where an axis at the side would cut them)."""
    header = {"labelExpr": label_expr} if label_expr else {}
    return alt.Row(
        field,
        sort=order,
        title=None,
        header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontSize=12, **header),
    )


def shown(df: pd.DataFrame, column: str) -> list[str]:
    """A column's numbers as the site's tables print them (the CSV's decimals, or the field's)."""
    table = df.attrs.get("table")
    if table is None:
        return [f"{v:g}" for v in df[column]]
    return [cell_text(table, table.field(column), row) for row in range(len(df))]


def without_metadata(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows alone: pandas compares attrs when it concatenates, and a Table does not compare."""
    rows = frame.copy()
    rows.attrs = {}
    return rows


def named_bars(
    data: pd.DataFrame,
    name: str,
    value: str,
    label: str,
    x_title: str,
    color: alt.Color | alt.ColorValue,
    domain_max: float,
    tooltip: list,
    width: int,
) -> alt.LayerChart:
    """Horizontal bars in the data's order, each with its name above it and its value after it."""
    base = alt.Chart(data).encode(y=alt.Y(f"{name}:N", sort=None, axis=None, title=None), tooltip=tooltip)
    x = alt.X(f"{value}:Q", title=x_title, scale=alt.Scale(domain=[0, domain_max]))
    bars = base.mark_bar(size=BAR_SIZE, yOffset=BAR_SIZE / 2).encode(x=x, color=color)
    names = base.mark_text(align="left", baseline="bottom", x=0, dy=-1, fontSize=12).encode(text=f"{name}:N")
    values = base.mark_text(align="left", baseline="middle", dx=4, yOffset=BAR_SIZE / 2, fontSize=11).encode(
        x=x, text=f"{label}:N"
    )
    return (bars + names + values).properties(width=width - 20, height=alt.Step(ROW_STEP))


def share_bars(df: pd.DataFrame, name: str, name_title: str, colour: str, domain_max: float, width: int):
    """A table's shares as named bars, largest first, each labelled with the share as printed."""
    data = df.assign(label=[f"{text}%" for text in shown(df, "share")]).sort_values("share", ascending=False)
    return named_bars(
        data,
        name,
        "share",
        "label",
        heading(df, "share"),
        alt.value(colour),
        domain_max=domain_max,
        tooltip=[
            alt.Tooltip(f"{name}:N", title=name_title),
            alt.Tooltip("share:Q", title=heading(df, "share")),
        ],
        width=width,
    )


@chart("product_mix_2025")
def product_mix_bars(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """MEMS传感器各产品类别所占比例（1.1节表，按占比排序）"""
    return share_bars(df, "category", "类别", BLUE, 40, width)


@chart("technology_paths_2025")
def technology_paths_bars(df: pd.DataFrame, width: int) -> alt.VConcatChart:
    """各技术路径：2025年国内市场规模与占比（上），2021–2025年复合增长率与TRL等级（下）"""
    data = df.assign(
        size_label=[
            f"{size}亿元（{share}%）"
            for size, share in zip(shown(df, "market_size"), shown(df, "share_of_total"), strict=True)
        ],
        growth_label=[
            f"{rate}%（TRL {trl}）" for rate, trl in zip(shown(df, "cagr_2021_2025"), df["trl"], strict=True)
        ],
    )
    tooltip = [
        alt.Tooltip("technology_path:N", title="技术路径"),
        alt.Tooltip("market_size:Q", title=heading(df, "market_size")),
        alt.Tooltip("share_of_total:Q", title=heading(df, "share_of_total")),
        alt.Tooltip("cagr_2021_2025:Q", title=heading(df, "cagr_2021_2025")),
        alt.Tooltip("trl:N", title=heading(df, "trl")),
    ]
    colour = alt.Color("technology_path:N", sort=None, legend=None)

    def panel(value: str, label: str, headroom: float) -> alt.LayerChart:
        """One measure's bars, its axis running past the largest bar to leave room for its label."""
        domain_max = float(df[value].max()) * headroom
        title = heading(df, value)
        return named_bars(data, "technology_path", value, label, title, colour, domain_max, tooltip, width)

    size = panel("market_size", "size_label", 1.5)
    growth = panel("cagr_2021_2025", "growth_label", 1.6)
    return alt.vconcat(size, growth, spacing=18)


@chart("supply_chain_localization_2025")
def supply_chain_localization_bars(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """2025年产业链各细分领域的国产化率（1.3节表，按环节分色）"""
    data = df.assign(label=[f"{text}%" for text in shown(df, "localization_rate")])
    segments = list(dict.fromkeys(df["segment"]))
    return named_bars(
        data,
        "subfield",
        "localization_rate",
        "label",
        heading(df, "localization_rate"),
        alt.Color("segment:N", title="环节", sort=segments, scale=alt.Scale(domain=segments)),
        domain_max=100,
        tooltip=[
            alt.Tooltip("segment:N", title="环节"),
            alt.Tooltip("subfield:N", title="细分领域"),
            alt.Tooltip("localization_rate:Q", title=heading(df, "localization_rate")),
        ],
        width=width,
    )


@chart("application_market_size")
def application_market_lines(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """2021–2025年医疗、通信、汽车电子应用的国内市场规模"""
    applications = list(dict.fromkeys(df["application"]))
    colour = alt.Color(
        "application:N", title="应用领域", sort=applications, scale=alt.Scale(domain=applications)
    )
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title="年份", sort=None),
        y=alt.Y("market_size:Q", title=heading(df, "market_size")),
        color=colour,
        tooltip=[
            alt.Tooltip("year:O", title="年份"),
            alt.Tooltip("application:N", title="应用领域"),
            alt.Tooltip("market_size:Q", title=heading(df, "market_size")),
        ],
    )
    lines = base.mark_line(strokeWidth=2)
    points = base.mark_point(filled=True, size=45, opacity=1)
    last = df[df["year"] == df["year"].max()].assign(
        label=lambda frame: frame["application"] + " " + [shown(df, "market_size")[i] for i in frame.index]
    )
    end_labels = (
        alt.Chart(last)
        .mark_text(align="left", dx=7, fontSize=11)
        .encode(x=alt.X("year:O", sort=None), y="market_size:Q", text="label:N", color=colour)
    )
    return (lines + points + end_labels).properties(width=width - 110, height=240)


@chart("regional_capacity_2025")
def regional_capacity_panels(df: pd.DataFrame, width: int) -> alt.VConcatChart:
    """三大区域的产能、产能占比、平均OEE与平均毛利率并列对照（2.2节表）"""
    regions = list(df["region"])
    colour = alt.Color("region:N", title="区域", sort=regions, scale=alt.Scale(domain=regions), legend=None)
    # Four panels in a row on a wide column, two rows of two on a phone; the region names take 90 px.
    per_row = 4 if width >= WIDE else 2
    panel = (width - 90 - 14 * (per_row - 1)) // per_row
    panels = []
    for position, column in enumerate(["capacity", "capacity_share", "oee", "gross_margin"]):
        data = df.assign(label=shown(df, column))
        # Region names once per row of panels: the right-hand panel shares the left one's rows.
        axis = alt.Axis(ticks=False, domain=False, labelPadding=4) if position % 2 == 0 else None
        base = alt.Chart(data).encode(
            y=alt.Y("region:N", sort=regions, title=None, axis=axis),
            tooltip=[
                alt.Tooltip("region:N", title="区域"),
                alt.Tooltip(f"{column}:Q", title=heading(df, column)),
            ],
        )
        x = alt.X(f"{column}:Q", axis=None, scale=alt.Scale(domain=[0, float(df[column].max()) * 1.35]))
        bars = base.mark_bar(size=18).encode(x=x, color=colour)
        labels = base.mark_text(align="left", dx=3, fontSize=11).encode(x=x, text="label:N")
        title = alt.TitleParams(
            heading(df, column).replace("（", "\n（", 1).split("\n"), fontSize=12, anchor="start"
        )
        panels.append((bars + labels).properties(width=panel, height=alt.Step(26), title=title))
    if width >= WIDE:
        return alt.hconcat(*panels, spacing=14)
    return alt.vconcat(alt.hconcat(*panels[:2], spacing=14), alt.hconcat(*panels[2:], spacing=14), spacing=16)


@chart("key_material_dependence")
def key_material_dependence_bars(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """关键材料的进口依存度与国产化率，两者合成一条横条（2.3节表，按进口依存度排序）"""
    ordered = (
        without_metadata(df)
        .assign(
            whole=100.0,
            import_label=[f"{text}%" for text in shown(df, "import_dependence")],
            local_label=[f"{text}%" for text in shown(df, "localization_rate")],
        )
        .sort_values("import_dependence", ascending=False)
    )
    long = pd.concat(
        [
            ordered.assign(part="进口依存度", share=ordered["import_dependence"], start=0.0),
            ordered.assign(
                part="国产化率", share=ordered["localization_rate"], start=ordered["import_dependence"]
            ),
        ]
    ).assign(end=lambda frame: frame["start"] + frame["share"])
    order = list(ordered["material"])
    y = alt.Y("material:N", sort=order, axis=None, title=None)
    tooltip = [
        alt.Tooltip("material:N", title="材料"),
        alt.Tooltip("localization_rate:Q", title=heading(df, "localization_rate")),
        alt.Tooltip("import_dependence:Q", title=heading(df, "import_dependence")),
        alt.Tooltip("import_sources:N", title=heading(df, "import_sources")),
    ]
    scale = alt.Scale(domain=[0, 100])
    bars = (
        alt.Chart(long)
        .mark_bar(size=BAR_SIZE, yOffset=BAR_SIZE / 2)
        .encode(
            y=y,
            x=alt.X("start:Q", title="进口依存度与国产化率（%）", scale=scale),
            x2="end:Q",
            color=alt.Color(
                "part:N",
                title=None,
                sort=["进口依存度", "国产化率"],
                scale=alt.Scale(domain=["进口依存度", "国产化率"], range=[ORANGE, BLUE]),
            ),
            tooltip=tooltip,
        )
    )
    base = alt.Chart(ordered).encode(y=y, tooltip=tooltip)
    names = base.mark_text(align="left", baseline="bottom", x=0, dy=-1, fontSize=12).encode(text="material:N")
    # Dark text on the light orange import share; the small domestic share is labelled past the bar's end.
    imports = base.mark_text(align="left", x=4, yOffset=BAR_SIZE / 2, fontSize=11, color="#000000").encode(
        text="import_label:N"
    )
    local = base.mark_text(align="left", dx=4, yOffset=BAR_SIZE / 2, fontSize=11, color=BLUE).encode(
        x=alt.X("whole:Q", scale=scale), text="local_label:N"
    )
    return (bars + names + imports + local).properties(width=width - 55, height=alt.Step(ROW_STEP))


@chart("ecosystem_indicators")
def ecosystem_indicators_panels(df: pd.DataFrame, width: int) -> alt.VConcatChart:
    """2022–2026年产业生态指标（3.1节表；表中2026年一行未注明是预测还是计划）"""
    kinds = ["2022–2025年", "2026年（性质未注明）"]
    colour = alt.Color(
        "kind:N", title="表中年份", sort=kinds, scale=alt.Scale(domain=kinds, range=[BLUE, "#8fb8d8"])
    )
    # Two panels a row on a wide column, one on a phone.
    panel = (width - 40) // 2 if width >= WIDE else width - 20
    panels = []
    for column in ["platform_validated_startups", "rd_cycle_reduction", "central_mems_fund", "aec_q100_labs"]:
        data = df.assign(
            label=shown(df, column), kind=[kinds[1] if year == 2026 else kinds[0] for year in df["year"]]
        )
        base = alt.Chart(data).encode(
            x=alt.X("year:O", title=None, sort=None),
            y=alt.Y(f"{column}:Q", axis=None, scale=alt.Scale(domain=[0, float(df[column].max()) * 1.25])),
            tooltip=[
                alt.Tooltip("year:O", title="年份"),
                alt.Tooltip(f"{column}:Q", title=heading(df, column)),
            ],
        )
        bars = base.mark_bar(size=30).encode(color=colour)
        labels = base.mark_text(baseline="bottom", dy=-3, fontSize=11).encode(text="label:N")
        title = alt.TitleParams(heading(df, column), fontSize=12, anchor="start")
        panels.append((bars + labels).properties(width=panel, height=80, title=title))
    if width >= WIDE:
        rows = [alt.hconcat(*panels[:2], spacing=20), alt.hconcat(*panels[2:], spacing=20)]
        return alt.vconcat(*rows, spacing=14)
    return alt.vconcat(*panels, spacing=14)


@chart("integration_platform_capabilities")
def integration_platform_bars(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """微系统集成平台各能力维度所占比例（3.3节表，按比例排序）"""
    return share_bars(df, "capability", "能力维度", GREEN, 35, width)


@chart("growth_rates_checked")
def growth_rates_checked_bars(df: pd.DataFrame, width: int) -> alt.FacetChart:
    """报告所载增长率与本站由首末两年数值算出的增长率"""
    data = df.assign(label=[f"{text}%" for text in shown(df, "rate")])
    base = alt.Chart(data).encode(
        y=alt.Y("status:N", title=None, sort=[PUBLISHED, COMPUTED], axis=alt.Axis(ticks=False, domain=False)),
        tooltip=[
            alt.Tooltip("check:N", title="核对项"),
            alt.Tooltip("status:N", title=STATUS_TITLE),
            alt.Tooltip("rate:Q", title=heading(df, "rate"), format=".2f"),
        ],
    )
    x = alt.X(
        "rate:Q", title=heading(df, "rate"), scale=alt.Scale(domain=[0, float(df["rate"].max()) * 1.25])
    )
    bars = base.mark_bar(size=14).encode(
        x=x, color=alt.Color("status:N", title=STATUS_TITLE, scale=STATUS_SCALE)
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x=x, text="label:N")
    return (
        (bars + labels)
        .properties(width=width - 55, height=alt.Step(18))
        .facet(row=panel_row("check:N", list(dict.fromkeys(df["check"]))), spacing=10)
    )


@chart("growth_rates_checked")
def growth_endpoints_lines(df: pd.DataFrame, width: int) -> alt.FacetChart:
    """增长率所依据的首末两年数值，以及所载与推算的增长率（各小图纵轴单独取刻度）"""
    rates = dict(zip(zip(df["check"], df["status"], strict=True), shown(df, "rate"), strict=True))
    published = without_metadata(df[df["status"] == PUBLISHED])
    start_labels, end_labels = shown(df, "start_value"), shown(df, "end_value")
    panels = [
        f"{check}|所载{rates[(check, PUBLISHED)]}%，推算{rates[(check, COMPUTED)]}%（规模单位：{unit}）"
        for check, unit in zip(published["check"], published["unit"], strict=True)
    ]
    published = published.assign(panel=panels)
    points = pd.concat(
        [
            published.assign(
                year=published["start_year"],
                size=published["start_value"],
                label=[start_labels[i] for i in published.index],
            ),
            published.assign(
                year=published["end_year"],
                size=published["end_value"],
                label=[end_labels[i] for i in published.index],
            ),
        ]
    )
    base = alt.Chart(points).encode(
        x=alt.X("year:O", title=None, sort=None, axis=alt.Axis(labelFontSize=11)),
        y=alt.Y("size:Q", title=None, axis=None, scale=alt.Scale(zero=True, padding=12)),
        # One line per check: each joins the start and end value behind one stated rate.
        detail="check:N",
        tooltip=[
            alt.Tooltip("check:N", title="核对项"),
            alt.Tooltip("year:O", title="年份"),
            alt.Tooltip("label:N", title="数值"),
            alt.Tooltip("unit:N", title="单位"),
        ],
    )
    line = base.mark_line(color=BLUE) + base.mark_point(filled=True, color=BLUE, size=45, opacity=1)
    labels = base.mark_text(baseline="bottom", dy=-6, fontSize=11).encode(text="label:N")
    return (
        (line + labels)
        .properties(width=width - 20, height=80)
        .facet(row=panel_row("panel:N", panels, "split(datum.value, '|')"), spacing=12)
        .resolve_scale(x="independent", y="independent")
    )


@chart("national_averages_2025")
def national_averages_dots(df: pd.DataFrame, width: int) -> alt.FacetChart:
    """全国平均OEE与毛利率：三区数值、表中全国值与本站按两种算法求出的全国值"""
    data = df.assign(label=[f"{text}%" for text in shown(df, "value")])
    order = list(dict.fromkeys(df["basis"]))
    base = alt.Chart(data).encode(
        y=alt.Y("basis:N", sort=order, title=None, axis=alt.Axis(ticks=False, domain=False)),
        x=alt.X(
            "value:Q",
            title=heading(df, "value"),
            scale=alt.Scale(zero=False, padding=16),
            axis=alt.Axis(tickCount=5),
        ),
        tooltip=[
            alt.Tooltip("measure:N", title="指标"),
            alt.Tooltip("basis:N", title="区域或算法"),
            alt.Tooltip("value:Q", title=heading(df, "value"), format=".2f"),
            alt.Tooltip("status:N", title=STATUS_TITLE),
        ],
    )
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        color=alt.Color("status:N", title=STATUS_TITLE, scale=STATUS_SCALE),
        shape=alt.Shape(
            "status:N",
            title=STATUS_TITLE,
            scale=alt.Scale(domain=[PUBLISHED, COMPUTED], range=["circle", "diamond"]),
        ),
    )
    labels = base.mark_text(align="left", dx=8, fontSize=11).encode(text="label:N")
    return (
        (dots + labels)
        .properties(width=width - 115, height=alt.Step(20))
        .facet(row=panel_row("measure:N", list(dict.fromkeys(df["measure"]))), spacing=12)
        .resolve_scale(x="independent")
    )


@chart("tfp_index_2025")
def tfp_index_bars(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """三大区域的TFP指数、全国均值（基准）与本站按产能加权求出的三区平均"""
    data = df.assign(label=shown(df, "tfp"))
    order = list(df["basis"])
    base = alt.Chart(data).encode(
        y=alt.Y("basis:N", sort=order, title=None, axis=alt.Axis(ticks=False, domain=False)),
        tooltip=[
            alt.Tooltip("basis:N", title="区域或算法"),
            alt.Tooltip("tfp:Q", title=heading(df, "tfp"), format=".3f"),
            alt.Tooltip("status:N", title=STATUS_TITLE),
        ],
    )
    x = alt.X(
        "tfp:Q",
        title=heading(df, "tfp"),
        scale=alt.Scale(domain=[0, float(df["tfp"].max()) * 1.2]),
        axis=alt.Axis(tickCount=4),
    )
    bars = base.mark_bar(size=16).encode(
        x=x, color=alt.Color("status:N", title=STATUS_TITLE, scale=STATUS_SCALE)
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x=x, text="label:N")
    national = df[df["basis"].str.startswith("全国均值")]
    baseline = alt.Chart(national).mark_rule(color=GREY, strokeDash=[4, 3]).encode(x=x)
    return (bars + labels + baseline).properties(width=width - 115, height=alt.Step(26))


# -- computed tables -----------------------------------------------------------------------------

PACKAGE = document_of(__name__)
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
    "growth_rates_checked",
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
        if not isinstance(check, GrowthCheck):
            continue
        context = f"data/{PACKAGE}/datapackage.yaml, check '{check.id}'"
        start = operand(catalog, PACKAGE, check.start, context)
        end = operand(catalog, PACKAGE, check.end, context)
        stated = operand(catalog, PACKAGE, check.rate, context)
        computed = annual_growth(start.value, end.value, check.years)
        common = {
            "check": check.title or check.id,
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
    "national_averages_2025",
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
    "tfp_index_2025",
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
            f"macros/documents: {PACKAGE}/tfp_index_2025 has no TFP fact for the region(s) "
            f"{', '.join(missing)} of {REGIONS}.csv. Add the fact or the region to index_facts."
        )
    indices = regions["region"].map(lambda region: fact(catalog, FACTS, index_facts[region]))
    weighted = float((indices * regions["capacity"]).sum() / regions["capacity"].sum())
    rows = [(region, index, PUBLISHED) for region, index in zip(regions["region"], indices, strict=True)]
    rows.append(("全国均值（基准）", fact(catalog, FACTS, "national_tfp_2025"), PUBLISHED))
    rows.append(("三区按产能加权", weighted, COMPUTED))
    return pd.DataFrame(rows, columns=["basis", "tfp", "status"])


# -- the two documents side by side (data/relations.yaml) -------------------------------------

ACROSS = "market_size_across_documents"


@derived(
    ACROSS,
    title="两份文献所载的中国市场规模（并列，不相连）",
    derivation="两份文献对照中标为序列的关系所引的数值，逐行列出，不换算、不插值、不相连。",
    description=(
        "白皮书统计的是中国MEMS市场，报告统计的是范围更宽的缩微机械市场，两者的年份也不重叠。"
        "本表只把两组数值并排放在同一条时间轴上，供读者看清它们不是一条序列。"
    ),
    fields=[
        Field("relation", "string", "对照项"),
        Field("document", "string", "文献"),
        Field("scope", "string", "统计范围"),
        Field("year", "integer", "年份"),
        Field("value", "number", "数值", unit="亿元", decimals=1),
        STATUS,
    ],
)
def market_size_across_documents(catalog: Catalog) -> pd.DataFrame:
    from ..data.relations import load_relations, year_of  # the relations need the loaded catalog

    rows = []
    for relation in load_relations(catalog, series_only=True):
        for side in relation.sides:
            title = catalog.packages[side.document].title
            for quantity in side.quantities:
                if quantity.unit != "亿元":
                    raise DataError(
                        f"data/relations.yaml, line {relation.line}, relation '{relation.id}': the chart "
                        f"of series draws 亿元, but {quantity.name} is in {quantity.unit}. Name values "
                        "in 亿元, or mark the relation series: false."
                    )
                year = int(year_of(quantity)[:4])
                rows.append((relation.title, title, side.scope, year, quantity.value, PUBLISHED))
    return pd.DataFrame(rows, columns=["relation", "document", "scope", "year", "value", "status"])


@chart(ACROSS)
def market_size_across_documents_points(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """两份文献所载的中国市场规模：各自的口径，不连成一条线"""
    documents = list(dict.fromkeys(df["document"]))
    years = sorted(set(df["year"]))
    # Each document its own colour and shape, so that the two stay apart in grey print too.
    colours = alt.Scale(domain=documents, range=[BLUE, ORANGE])
    shapes = alt.Scale(domain=documents, range=["square", "circle"])
    # The documents' full titles, one a line: a cut title would hide which document is which.
    legend = alt.Legend(orient="bottom", direction="vertical", labelLimit=width - 80)
    marks = (
        alt.Chart(df)
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            x=alt.X(
                "year:Q",
                title="年份",
                scale=alt.Scale(domain=[years[0] - 1, years[-1] + 1], nice=False),
                axis=alt.Axis(format="d", values=years),
            ),
            y=alt.Y("value:Q", title=heading(df, "value")),
            color=alt.Color("document:N", title="文献", sort=documents, scale=colours, legend=legend),
            shape=alt.Shape("document:N", title="文献", sort=documents, scale=shapes, legend=legend),
            tooltip=[
                alt.Tooltip("document:N", title="文献"),
                alt.Tooltip("scope:N", title="统计范围"),
                alt.Tooltip("year:Q", title="年份", format="d"),
                alt.Tooltip("value:Q", title=heading(df, "value")),
            ],
        )
    )
    labels = (
        alt.Chart(df)
        .mark_text(align="left", dx=9, fontSize=11)
        .encode(
            x="year:Q",
            y="value:Q",
            text=alt.Text("value:Q", format=".1f"),
        )
    )
    return (marks + labels).properties(width=width - 90, height=240)
