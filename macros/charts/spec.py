"""Reading a Vega-Lite spec: every view in it, outer view first, then its layers, concatenated views
and a facet's inner spec, in order. What a chart draws (its fields, its measure, its units) is
read through this one walk."""

from __future__ import annotations

from collections.abc import Iterator

NESTED = ("layer", "hconcat", "vconcat", "concat")


def views(spec: dict | None) -> Iterator[dict]:
    """Each view of the spec, breadth first, as the spec orders them."""
    queue = [spec] if spec else []
    while queue:
        view = queue.pop(0)
        yield view
        for key in NESTED:
            queue += [v for v in view.get(key, []) if isinstance(v, dict)]
        if isinstance(view.get("spec"), dict):
            queue.append(view["spec"])


def channels(spec: dict | None) -> Iterator[object]:
    """Each encoding channel of each view (a definition, or a list of them for tooltips)."""
    for view in views(spec):
        yield from (view.get("encoding") or {}).values()
