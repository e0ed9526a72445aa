"""Charts of the 2020 White Paper."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import WIDTH, chart, heading

# Published values solid, values computed by the site hatched-light: the legend says which is which.
STATUS_SCALE = alt.Scale(domain=["发布值", "推算值"], range=["#0072B2", "#9ecae1"])


@chart("white-paper-2020/wafer_demand_by_size", label="图15")
def wafer_demand_by_size_bars(df: pd.DataFrame) -> alt.Chart:
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
    labels = base.mark_text(align="left", dx=4).encode(
        text=alt.Text("label:N")
    ).transform_calculate(label="format(datum.demand, '') + '万片（' + datum.share + '%）'")
    return (bars + labels).properties(width=WIDTH - 120, height=90)


@chart("white-paper-2020/market_size_2018_2019", label="图8")
def market_size_2018_2019_bars(df: pd.DataFrame) -> alt.Chart:
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
    return (bars + labels).properties(width=280, height=220)


@chart("white-paper-2020/production_line_shares_2019", label="图16、图17")
def production_line_shares_bars(df: pd.DataFrame) -> alt.Chart:
    """2019年中国MEMS产线：地区分布（图16）与类型（图17）中正文给出的一项及其余部分"""
    data = df.assign(row=df["figure"] + " " + df["segment"])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("figure:N", title=None, sort=None),
            x=alt.X("share:Q", title=heading(df, "share"), stack="zero", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("status:N", title="数值性质", scale=STATUS_SCALE),
            order=alt.Order("status:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("figure:N", title="图号"),
                alt.Tooltip("segment:N", title="类别"),
                alt.Tooltip("share:Q", title=heading(df, "share")),
                alt.Tooltip("status:N", title="数值性质"),
            ],
        )
        .properties(width=WIDTH - 120, height=90)
    )
