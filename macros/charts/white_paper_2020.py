"""Charts of the 2020 White Paper."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..quantity import COMPUTED, PUBLISHED
from . import STATUS_SCALE, chart, heading


@chart("white-paper-2020/wafer_demand_by_size", label="图15")
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


@chart("white-paper-2020/market_size_2018_2019", label="图8")
def market_size_2018_2019_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """2018–2019年中国MEMS市场规模：2019年为原文数值，2018年由增速推算"""
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title="年份"),
        y=alt.Y("market_size:Q", title=heading(df, "market_size")),
        tooltip=[
            alt.Tooltip("year:O", title="年份"),
            alt.Tooltip("market_size:Q", title=heading(df, "market_size"), format=".1f"),
            alt.Tooltip("status:N", title="数值性质"),
        ],
    )
    bars = base.mark_bar(size=56).encode(color=alt.Color("status:N", title="数值性质", scale=STATUS_SCALE))
    labels = base.mark_text(dy=-6).encode(text=alt.Text("market_size:Q", format=".1f"))
    return (bars + labels).properties(width=width - 60, height=220)


@chart("white-paper-2020/production_line_shares_2019", label="图16、图17")
def production_line_shares_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """2019年中国MEMS产线：地区分布（图16）与类型（图17）中正文给出的一项及其余部分"""
    data = df.assign(label=df["segment"] + " " + df["share"].map("{:.0f}%".format))
    base = alt.Chart(data).encode(
        y=alt.Y("figure:N", title=None, sort=None),
        x=alt.X("share:Q", title=heading(df, "share"), stack="zero", scale=alt.Scale(domain=[0, 100])),
        order=alt.Order("status:N", sort="ascending"),
        tooltip=[
            alt.Tooltip("figure:N", title="图号"),
            alt.Tooltip("segment:N", title="类别"),
            alt.Tooltip("share:Q", title=heading(df, "share")),
            alt.Tooltip("status:N", title="数值性质"),
        ],
    )
    bars = base.mark_bar().encode(color=alt.Color("status:N", title="数值性质", scale=STATUS_SCALE))
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
    return (bars + labels).resolve_scale(color="independent").properties(width=width - 50, height=90)


@chart("white-paper-2020/a_round_deals_2018_2019", label="图20")
def a_round_deals_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """2018–2019年中国MEMS行业A轮融资案例数：2019年为原文数值，2018年由同比增量推算"""
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title="年份"),
        y=alt.Y("deals:Q", title=heading(df, "deals")),
        tooltip=[
            alt.Tooltip("year:O", title="年份"),
            alt.Tooltip("deals:Q", title=heading(df, "deals")),
            alt.Tooltip("status:N", title="数值性质"),
        ],
    )
    bars = base.mark_bar(size=56).encode(color=alt.Color("status:N", title="数值性质", scale=STATUS_SCALE))
    labels = base.mark_text(dy=-6).encode(text=alt.Text("deals:Q"))
    return (bars + labels).properties(width=width - 60, height=220)


@chart("white-paper-2020/company_revenue")
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


@chart("white-paper-2020/regional_resources")
def regional_enterprises_bars(df: pd.DataFrame, width: int) -> alt.Chart:
    """表2各地区的MEMS相关企业数（原文均写作“以上”，条长是下限）"""
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
