"""The growth formula, once: the yearly rate that takes one value to another, and a value before a
stated growth. Checks, computed tables and charts all use it."""

from __future__ import annotations


def annual_growth(start: float, end: float, years: float = 1) -> float:
    """The yearly growth, in percent, compounded over `years` periods, from `start` to `end`."""
    return ((end / start) ** (1 / years) - 1) * 100


def value_before(value: float, growth: float) -> float:
    """The value one period before `value`, which grew by `growth` percent."""
    return value / (1 + growth / 100)
