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


def with_source(table: str, *measures: Field, standard: str) -> list[Field]:
    """A computed constant's columns: its id and name, its measures, its unit, and where in which
    standard the numbers it is made from stand."""
    return [
        Field("id", "string", "编号", description=f"供核对项引用（reference/{table}[id=…].value）"),
        Field("subject", "string", "常数"),
        *measures,
        Field("unit", "string", "单位"),
        Field("standard", "string", "标准", description=standard),
        Field("edition", "string", "版本"),
        Field("clause", "string", "条款"),
        STATUS,
    ]


@derived(
    "wafer_areas",
    title="晶圆整片面积（由标称直径算出）",
    derivation="整片面积 = π × (标称直径 ÷ 2)²，直径取自参考常数表，mm换算为cm；未扣除边缘和定位槽。",
    description=(
        "核对项把文献中“每平方厘米”的数值换成“每片”时用到的晶圆面积。直径是标准规定的标称值，"
        "面积由本站计算，不是任何一份文献的数据；所据标准的编号、版本和条款随行列出。"
    ),
    fields=with_source(
        "wafer_areas",
        Field("diameter", "number", "标称直径", unit="mm", decimals=0),
        Field("value", "number", "整片面积", decimals=2),
        standard="直径所据的标准",
    ),
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


@derived(
    "emission_factors",
    title="每吨标准煤燃烧的CO₂排放（由排放因子和标准煤热值算出）",
    derivation=(
        "每吨标准煤的CO₂ = 燃料的CO₂排放因子（kg/TJ）× 1吨标准煤的低位发热量（TJ），"
        "两者都取自参考常数表；结果以吨CO₂计。"
    ),
    description=(
        "核对项把文献中“相当于若干吨标准煤燃烧”的说法与CO₂排放量对照时用到的系数。标准煤只是能量单位，"
        "燃烧它排放多少CO₂取决于实际的燃料；这里按IPCC缺省的烟煤排放因子计算，两个来源随行列出。"
        "这是本站的计算，不是任何一份文献的数据。"
    ),
    fields=with_source(
        "emission_factors",
        Field("value", "number", "每吨标准煤的CO₂排放", decimals=3),
        standard="所用两个常数的出处",
    ),
)
def emission_factors(catalog: Catalog) -> pd.DataFrame:
    constants = catalog.table(f"reference/{CONSTANTS}")
    where = "macros/documents/reference.py: emission_factors"
    factor, factor_row = constants.cell({"id": "co2_factor_other_bituminous_coal"}, "value", where)
    heat, heat_row = constants.cell({"id": "standard_coal_heat_value"}, "value", where)
    units = (constants.text_cell(factor_row, "unit"), constants.text_cell(heat_row, "unit"))
    if units != ("kg/TJ", "kJ/kgce"):
        raise DataError(f"{where}: the constants are in {units}; kg/TJ and kJ/kgce are needed.")
    # kg CO₂ per TJ × TJ per tonne of standard coal (kJ/kg × 1000 kg ÷ 10⁹ kJ/TJ) = kg per tonne.
    per_tonne = float(factor) * float(heat) * 1000 / 1e9 / 1000
    # Two sources, each with its edition and clause, told in one line.
    cell = constants.text_cell
    both = "；".join(
        f"{cell(r, 'standard')}（{cell(r, 'edition')}）{cell(r, 'clause')}" for r in (factor_row, heat_row)
    )
    row = {
        "id": "co2_per_tce_bituminous",
        "subject": "按烟煤计，每吨标准煤燃烧排放的CO₂",
        "value": per_tonne,
        "unit": "吨CO₂/吨标准煤",
        "standard": both,
        "edition": "",
        "clause": "",
        "status": COMPUTED,
    }
    return pd.DataFrame(
        [row], columns=["id", "subject", "value", "unit", "standard", "edition", "clause", "status"]
    )
