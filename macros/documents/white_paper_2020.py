"""What the 2020 White Paper owns that its data cannot say: its charts, the tables computed from
its published values, and the layouts of the figures redrawn from its tables."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..base.addresses import document_of
from ..charts.diagram_layouts import Layout, diagram_layout
from ..charts.registry import STATUS_SCALE, chart, heading
from ..data.catalog import Catalog, DataError, Field, text_of
from ..data.derived import STATUS, derived, fact
from ..data.growth import annual_growth, value_before
from ..data.quantity import COMPUTED, PUBLISHED, STATUS_TITLE


@chart("wafer_demand_by_size", label="图15")
def wafer_demand_by_size_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """2019年中国MEMS晶圆需求类型（按晶圆尺寸）"""
    data = df.assign(size_label=df["wafer_size"].astype(str) + "寸晶圆")
    base = alt.Chart(data).encode(
        y=alt.Y("size_label:N", title=None, sort=None),
        x=alt.X("demand:Q", title=heading(df, "demand")),
        tooltip=[
            alt.Tooltip("size_label:N", title="尺寸"),
            alt.Tooltip("demand:Q", title=heading(df, "demand")),
            alt.Tooltip("share:Q", title=heading(df, "share")),
        ],
    )
    bars = base.mark_bar(color="#0072B2")
    labels = (
        base.mark_text(align="left", dx=4)
        .encode(text=alt.Text("label:N"))
        .transform_calculate(label="format(datum.demand, '') + '万片（' + datum.share + '%）'")
    )
    return (bars + labels).properties(width=width - 140, height=90)


@chart("market_size_2018_2019", label="图8")
def market_size_2018_2019_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """2018–2019年中国MEMS市场规模：2019年为原文数值，2018年由增速推算"""
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title="年份"),
        y=alt.Y("market_size:Q", title=heading(df, "market_size")),
        tooltip=[
            alt.Tooltip("year:O", title="年份"),
            alt.Tooltip("market_size:Q", title=heading(df, "market_size"), format=".1f"),
            alt.Tooltip("status:N", title=STATUS_TITLE),
        ],
    )
    bars = base.mark_bar(size=56).encode(color=alt.Color("status:N", title=STATUS_TITLE, scale=STATUS_SCALE))
    labels = base.mark_text(dy=-6).encode(text=alt.Text("market_size:Q", format=".1f"))
    return (bars + labels).properties(width=width - 60, height=220)


@chart("production_line_shares_2019", label="图16、图17")
def production_line_shares_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """2019年中国MEMS产线：地区分布（图16）与类型（图17）中正文给出的一项及其余部分"""
    # The axis names what each bar divides the lines by; the figure number is in the tooltip.
    data = df.assign(
        label=df["segment"] + " " + df["share"].map("{:.0f}%".format),
        breakdown=df["figure"].map({"图16": "按地区", "图17": "按产线类型"}).fillna(df["figure"]),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("breakdown:N", title="产线的划分", sort=None),
        x=alt.X("share:Q", title=heading(df, "share"), stack="zero", scale=alt.Scale(domain=[0, 100])),
        order=alt.Order("status:N", sort="ascending"),
        tooltip=[
            alt.Tooltip("figure:N", title="图号"),
            alt.Tooltip("segment:N", title="类别"),
            alt.Tooltip("share:Q", title=heading(df, "share")),
            alt.Tooltip("status:N", title=STATUS_TITLE),
        ],
    )
    bars = base.mark_bar().encode(color=alt.Color("status:N", title=STATUS_TITLE, scale=STATUS_SCALE))
    # White on the dark published segment, dark on the light computed one: both stay legible.
    labels = base.mark_text(align="right", dx=-6, fontSize=11).encode(
        x=alt.X("share:Q", stack="zero"),
        text="label:N",
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=[PUBLISHED, COMPUTED], range=["#ffffff", "#08306b"]),
            legend=None,
        ),
    )
    return (bars + labels).resolve_scale(color="independent").properties(width=width - 100, height=90)


@chart("a_round_deals_2018_2019", label="图20")
def a_round_deals_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """2018–2019年中国MEMS行业A轮融资案例数：2019年为原文数值，2018年由同比增量推算"""
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title="年份"),
        y=alt.Y("deals:Q", title=heading(df, "deals")),
        tooltip=[
            alt.Tooltip("year:O", title="年份"),
            alt.Tooltip("deals:Q", title=heading(df, "deals")),
            alt.Tooltip("status:N", title=STATUS_TITLE),
        ],
    )
    bars = base.mark_bar(size=56).encode(color=alt.Color("status:N", title=STATUS_TITLE, scale=STATUS_SCALE))
    labels = base.mark_text(dy=-6).encode(text=alt.Text("deals:Q"))
    return (bars + labels).properties(width=width - 60, height=220)


@chart("company_revenue")
def company_revenue_slopes(df: pd.DataFrame, width: int) -> alt.LayerChart:
    """全球MEMS龙头企业营收的起点与终点（各企业时段不同，横轴不是年份）"""
    # Only companies with a start and an end make a line; a single point says nothing of growth.
    paired = df.groupby("company")["point"].transform(lambda p: {"起点", "终点"} <= set(p))
    data = df[paired].assign(
        stage=lambda d: d["point"],
        label=lambda d: d["company"] + " " + d["published"].str.replace("大约", "约", regex=False),
        span=lambda d: d.groupby("company")["period"].transform("first"),
    )
    revenue_title = heading(df, "revenue")
    base = alt.Chart(data).encode(
        x=alt.X("stage:N", title=None, sort=["起点", "终点"], scale=alt.Scale(padding=0.15)),
        # The labels at both ends carry the company and the value: no axis, no legend to look up.
        y=alt.Y("revenue:Q", title=revenue_title, axis=None),
        color=alt.Color("company:N", title="企业", sort=None, legend=None),
        tooltip=[
            alt.Tooltip("company:N", title="企业"),
            alt.Tooltip("span:N", title="原文所述时段"),
            alt.Tooltip("stage:N", title="时点"),
            alt.Tooltip("published:N", title="原文写法"),
            alt.Tooltip("revenue:Q", title=revenue_title),
        ],
    )
    lines = base.mark_line(strokeWidth=2).encode(detail="company:N")
    points = base.mark_point(filled=True, size=50)
    end_labels = (
        base.transform_filter(alt.datum.stage == "终点")
        .mark_text(align="left", dx=8, fontSize=13)
        .encode(text="label:N")
    )
    start_labels = (
        base.transform_filter(alt.datum.stage == "起点")
        .mark_text(align="right", dx=-8, fontSize=13)
        .encode(text="label:N")
    )
    return (lines + points + start_labels + end_labels).properties(width=width - 225, height=300)


@chart("regional_resources")
def regional_enterprises_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """各地区的MEMS相关企业数（据表2绘制；原文均写作“以上”，条长是下限）"""
    data = df.assign(label=df["enterprises_min"].astype(int).astype(str) + "家以上")
    base = alt.Chart(data).encode(
        y=alt.Y("region:N", title=None, sort="-x"),
        x=alt.X("enterprises_min:Q", title=heading(df, "enterprises_min")),
        tooltip=[
            alt.Tooltip("region:N", title="地区"),
            alt.Tooltip("enterprises:N", title="原文"),
            alt.Tooltip("enterprises_min:Q", title=heading(df, "enterprises_min")),
        ],
    )
    bars = base.mark_bar(color="#0072B2")
    labels = base.mark_text(align="left", dx=4).encode(text="label:N")
    return (bars + labels).properties(width=width - 110, height=180)


# -- computed tables -----------------------------------------------------------------------------

PACKAGE = document_of(__name__)
FACTS = f"{PACKAGE}/facts"


@derived(
    "market_size_2018_2019",
    title="2018–2019年中国MEMS市场规模（2018年为推算值）",
    derivation="2018年规模 = 2019年规模 ÷ (1 + 2019年同比增长率)，数据取自第3章正文。",
    description="原图8的数据系列没有保存在源文本中；正文只给出2019年的规模和同比增速，由此可推算2018年的规模。",
    fields=[
        Field("year", "integer", "年份"),
        Field("market_size", "number", "市场规模", unit="亿元", decimals=1),
        STATUS,
    ],
)
def market_size_2018_2019(catalog: Catalog) -> pd.DataFrame:
    size = fact(catalog, FACTS, "china_mems_market_size_2019")
    growth = fact(catalog, FACTS, "china_mems_market_growth_2019")
    return pd.DataFrame(
        {
            "year": [2018, 2019],
            "market_size": [value_before(size, growth), size],
            "status": [COMPUTED, PUBLISHED],
        }
    )


@derived(
    "production_line_shares_2019",
    title="2019年中国MEMS产线：正文给出的占比与其余部分",
    derivation="其余部分 = 100% − 正文给出的占比，数据取自第4章正文（图16、图17）。",
    description="原图16、图17的数据系列没有保存在源文本中；正文各给出一项占比，其余部分由本站按100%减去该项算出，未再细分。",
    fields=[
        Field("figure", "string", "图号"),
        Field("segment", "string", "类别"),
        Field("share", "number", "占比", unit="%", decimals=0),
        STATUS,
    ],
)
def production_line_shares_2019(catalog: Catalog) -> pd.DataFrame:
    east = fact(catalog, FACTS, "production_line_share_east_china_2019")
    six_inch = fact(catalog, FACTS, "production_line_share_6inch_2019")
    return pd.DataFrame(
        {
            "figure": ["图16", "图16", "图17", "图17"],
            "segment": ["华东", "其他地区合计", "6寸线", "其余产线类型合计"],
            "share": [east, 100 - east, six_inch, 100 - six_inch],
            "status": [PUBLISHED, COMPUTED, PUBLISHED, COMPUTED],
        }
    )


REVENUE_GROWTH_FIELDS = [
    Field("company", "string", "企业"),
    Field("period", "string", "所述时段"),
    Field("span_years", "integer", "历时", unit="年"),
    Field("start_published", "string", "起点（原文）"),
    Field("end_published", "string", "终点（原文）"),
    Field("multiple", "number", "增长倍数（推算值）", unit="倍", decimals=1),
    Field("annual_growth", "number", "年均增长率（推算值）", unit="%", decimals=1),
    Field("note", "string", "说明"),
]


@derived(
    "company_revenue_growth",
    title="全球MEMS龙头企业营收的增长倍数与年均增长率（推算）",
    derivation=(
        "增长倍数 = 终点营收 ÷ 起点营收；年均增长率 = 增长倍数^(1/历时) − 1。历时取终点与起点年份之差，"
        "原文未给年份时取原文所说的年数（博通3年、Qorvo 7年）。"
        "起止营收取自第5章正文，见全球MEMS龙头企业营收一表。"
    ),
    description=(
        "只收有起点和终点的企业；意法半导体和德州仪器各只有一个数，无从计算。楼氏电子的起点原文为“大约”，"
        "Qorvo和楼氏电子的数字原文未限定为MEMS业务，说明列已注明。"
    ),
    fields=REVENUE_GROWTH_FIELDS,
)
def company_revenue_growth(catalog: Catalog) -> pd.DataFrame:
    table = catalog.table(f"{PACKAGE}/company_revenue")
    frame = table.frame
    rows = []
    for company in frame["company"].drop_duplicates():
        points = frame[frame["company"] == company].set_index("point")
        if not {"起点", "终点"} <= set(points.index):
            continue
        start, end = points.loc["起点"], points.loc["终点"]
        if pd.notna(start["year"]) and pd.notna(end["year"]):
            span = int(end["year"] - start["year"])
        elif pd.notna(end["span_years"]):
            span = int(end["span_years"])
        else:
            raise DataError(
                f"data/{PACKAGE}/{table.path.name}: {company} has a 起点 and a 终点 but "
                "neither years nor span_years, so its growth cannot be computed. Fill in one of them."
            )
        multiple = end["revenue"] / start["revenue"]
        notes = []
        if text_of(start["qualifier"]) or text_of(end["qualifier"]):
            notes.append("原文起点或终点为约数，结果亦为约数")
        if text_of(end["scope"]) != "MEMS营收":
            notes.append("原文未限定为MEMS营收")
        rows.append(
            {
                "company": company,
                "period": text_of(end["period"]),
                "span_years": span,
                "start_published": text_of(start["published"]),
                "end_published": text_of(end["published"]),
                "multiple": multiple,
                "annual_growth": annual_growth(start["revenue"], end["revenue"], span),
                "note": "；".join(notes) or None,
            }
        )
    return pd.DataFrame(rows, columns=[f.name for f in REVENUE_GROWTH_FIELDS])


@derived(
    "a_round_deals_2018_2019",
    title="2018–2019年中国MEMS行业A轮融资案例数（2018年为推算值）",
    derivation="2018年案例数 = 2019年案例数 − 2019年同比增量，数据取自第5章正文（图20）。",
    description="原图20的数据系列没有保存在源文本中；正文给出2019年的A轮案例数和比上年多出的件数，由此可算出2018年的件数。",
    fields=[
        Field("year", "integer", "年份"),
        Field("deals", "integer", "A轮融资案例数", unit="件"),
        STATUS,
    ],
)
def a_round_deals_2018_2019(catalog: Catalog) -> pd.DataFrame:
    deals = fact(catalog, FACTS, "a_round_deals_2019")
    increase = fact(catalog, FACTS, "a_round_deals_increase_2019")
    return pd.DataFrame(
        {"year": [2018, 2019], "deals": [int(deals - increase), int(deals)], "status": [COMPUTED, PUBLISHED]}
    )


@derived(
    "regional_resources_totals",
    title="表2六大地区各项资源数之和（推算）",
    derivation=(
        "把表2中六个地区的同一项数字相加。原文写作“以上”的各项只是下限，相加所得也只是下限；"
        "华东的上市公司数原文未加“以上”，其余地区带“以上”，因此该项之和仍是下限。"
    ),
    description="原文没有给出全国合计，也没有说明统计年份。",
    fields=[
        Field("indicator", "string", "指标"),
        Field("total", "integer", "六地区之和（推算值）"),
        Field("unit", "string", "单位"),
        Field("bound", "string", "性质"),
    ],
)
def regional_resources_totals(catalog: Catalog) -> pd.DataFrame:
    table = catalog.table(f"{PACKAGE}/regional_resources")
    rows = []
    # By the descriptor's convention a column ending in _min holds floors ("以上"): so is their sum.
    for field in (f for f in table.fields if f.numeric):
        floor = field.name.endswith("_min")
        rows.append(
            {
                "indicator": field.title.removesuffix("（下限）"),
                "total": int(table.frame[field.name].sum()),
                "unit": field.unit,
                "bound": "下限" if floor else "各地区确数之和",
            }
        )
    return pd.DataFrame(rows)


@derived(
    "region_definitions_summary",
    title="六大地区所含省级行政区数：原文留存与补全",
    derivation="按地区数出region_definitions中的省级行政区，并按“来源”列分开计数（原文、补全）。",
    description="文末地区附注在转出的文字中两处断开；补全的省份不在原文中，是按通行的六大地区划分补上的。",
    fields=[
        Field("region", "string", "地区"),
        Field("provinces", "integer", "省级行政区数", unit="个"),
        Field("printed_in_full", "integer", "原文留存", unit="个"),
        Field("restored", "integer", "补全", unit="个"),
    ],
)
def region_definitions_summary(catalog: Catalog) -> pd.DataFrame:
    table = catalog.table(f"{PACKAGE}/region_definitions")
    frame = table.frame
    unknown = ~frame["status"].isin(["原文", "补全"])
    if unknown.any():
        row = int(unknown.to_numpy().nonzero()[0][0])
        raise DataError(
            f"data/{PACKAGE}/{table.path.name}, row {row + 2}, column status: "
            f"'{text_of(frame['status'].iloc[row])}' is neither 原文 nor 补全. Write one of the two."
        )
    rows = []
    for region in frame["region"].drop_duplicates():
        status = frame.loc[frame["region"] == region, "status"]
        rows.append(
            {
                "region": region,
                "provinces": len(status),
                "printed_in_full": int((status == "原文").sum()),
                "restored": int((status == "补全").sum()),
            }
        )
    return pd.DataFrame(rows)


# -- figures redrawn from their tables ------------------------------------------------------------

diagram_layout(
    __name__,
    "mems_principle",
    Layout(box="system", row="role", item="item", notes=("detail",), flow=("输入", "转换", "输出")),
)
diagram_layout(
    __name__,
    "sensor_classification",
    Layout(box="group", row="scheme", item="item", order="position"),
)
diagram_layout(
    __name__,
    "industry_chain",
    Layout(
        box="stage",
        row="aspect",
        item="item",
        notes=("detail", "example"),
        flow=("上游研发设计", "中游生产制造", "下游应用"),
    ),
)
diagram_layout(
    __name__,
    "region_definitions",
    Layout(
        box="region",
        item="province",
        notes=("printed",),
        flag=("status", "补全"),
        labelled_notes=True,
        legend=(
            "虚线框并标“补全”的省级行政区不在转出的文字里，是按通行的六大地区划分补上的；"
            "框内小字是该处残存的字样，没有小字的表示一个字也没有留下。"
        ),
    ),
)
