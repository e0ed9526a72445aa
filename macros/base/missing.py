"""The one test of an empty cell: a value the CSV left blank reaches the code as None or NaN."""

from __future__ import annotations

import math


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
