"""What the outside constants (data/reference) need computed: a wafer's area from the diameter a
standard gives it. Not a document: nothing here is a document's value, and the checks that use
these numbers say so in their findings."""

from __future__ import annotations

import math

import pandas as pd

from ..data.catalog import Catalog, DataError, Field
from ..data.derived import STATUS, derived
from ..data.quantity import COMPUTED

CONSTANTS = "constants"
# The constants that are a wafer's nominal diameter, by the id of the area computed from each.
DIAMETERS = {"wafer_area_200mm": "wafer_diameter_200mm"}


@derived(
    "wafer_areas",
    title="晶圆整片面积（由标称直径算出）",
    derivation="整片面积 = π × (标称直径 ÷ 2)²，直径取自参考常数表，mm换算为cm；未扣除边缘和定位槽。",
    description=(
        "核对项把文献中“每平方厘米”的数值换成“每片”时用到的晶圆面积。直径是标准规定的标称值，"
        "面积由本站计算，不是任何一份文献的数据；所据标准的编号、版本和条款随行列出。"
    ),
    fields=[
        Field("id", "string", "编号", description="供核对项引用（reference/wafer_areas[id=…].value）"),
        Field("subject", "string", "常数"),
        Field("diameter", "number", "标称直径", unit="mm", decimals=0),
        Field("value", "number", "整片面积", decimals=2),
        Field("unit", "string", "单位"),
        Field("standard", "string", "标准", description="直径所据的标准"),
        Field("edition", "string", "版本"),
        Field("clause", "string", "条款"),
        STATUS,
    ],
)
def wafer_areas(catalog: Catalog) -> pd.DataFrame:
    constants = catalog.table(f"reference/{CONSTANTS}")
    rows = []
    for area_id, diameter_id in DIAMETERS.items():
        where = f"macros/documents/reference.py: wafer area {area_id}"
        diameter, row = constants.cell({"id": diameter_id}, "value", where)
        unit = constants.text_cell(row, "unit")
        if unit != "mm":
            raise DataError(f"{where}: the diameter {diameter_id} is in '{unit}'; it must be in mm.")
        radius_cm = float(diameter) / 2 / 10
        rows.append(
            {
                "id": area_id,
                "subject": constants.text_cell(row, "subject").replace("标称直径", "整片面积"),
                "diameter": float(diameter),
                "value": math.pi * radius_cm**2,
                "unit": "cm²",
                **{c: constants.text_cell(row, c) for c in ("standard", "edition", "clause")},
                "status": COMPUTED,
            }
        )
    columns = ["id", "subject", "diameter", "value", "unit", "standard", "edition", "clause", "status"]
    return pd.DataFrame(rows, columns=columns)
