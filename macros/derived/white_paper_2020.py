"""Values the White Paper implies but does not print, computed from the ones it does."""

from __future__ import annotations

import pandas as pd

from ..catalog import Catalog, Field
from . import derived

PACKAGE = "white-paper-2020"
STATUS = Field("status", "string", "数值性质", "发布值：原文所载；推算值：本站计算")


def fact(catalog: Catalog, fact_id: str) -> float:
    value, _ = catalog.table(f"{PACKAGE}/facts").cell({"id": fact_id}, "value", f"derived from {fact_id}")
    return float(value)


@derived(
    f"{PACKAGE}/market_size_2018_2019",
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
    size = fact(catalog, "china_mems_market_size_2019")
    growth = fact(catalog, "china_mems_market_growth_2019")
    return pd.DataFrame(
        {
            "year": [2018, 2019],
            "market_size": [size / (1 + growth / 100), size],
            "status": ["推算值", "发布值"],
        }
    )


@derived(
    f"{PACKAGE}/production_line_shares_2019",
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
    east = fact(catalog, "production_line_share_east_china_2019")
    six_inch = fact(catalog, "production_line_share_6inch_2019")
    return pd.DataFrame(
        {
            "figure": ["图16", "图16", "图17", "图17"],
            "segment": ["华东", "其他地区合计", "6寸线", "8寸线与6/8兼容线合计"],
            "share": [east, 100 - east, six_inch, 100 - six_inch],
            "status": ["发布值", "推算值", "发布值", "推算值"],
        }
    )
