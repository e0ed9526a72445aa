"""Numbers and units read as Chinese print writes them."""

import pytest

from macros.base.formatting import format_growth, format_number, format_quantity


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((597.8, "亿元", 1), {}, "597.8亿元"),
        ((51, "%", 0), {}, "51%"),
        ((70.78, "万片", 2), {}, "70.78万片"),
        ((28, "%", 0), {"qualifier": "不足"}, "不足28%"),
        ((85, "%", 0), {"value_max": 92}, "85%–92%"),
        ((3, "倍", 0), {"value_max": 5}, "3–5倍"),
        ((50, "nm", 0), {}, "50 nm"),
        ((1e-21, "g", 0), {}, "10⁻²¹ g"),
        ((0.001, "Pa", 3), {}, "0.001 Pa"),
        ((50000, "g", 0), {}, "50,000 g"),
        ((2000, "亿颗", 0), {}, "2000亿颗"),
        ((30, ":1", 0), {"qualifier": ">"}, ">30:1"),
    ],
)
def test_format_quantity(args, kwargs, expected):
    assert format_quantity(*args, **kwargs) == expected


def test_number_keeps_the_decimals_asked_for():
    assert format_number(12.0, 1) == "12.0"
    assert format_number(12.345, 2) == "12.35"


def test_growth_has_a_sign():
    assert format_growth(18.3) == "+18.3%"
    assert format_growth(-4) == "−4.0%"
