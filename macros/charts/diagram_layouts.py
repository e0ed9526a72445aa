"""The diagram registry: how a table that stands for one of a document's pictures is redrawn as
nested boxes (macros/html/diagrams.py draws them). A document's module registers its layouts."""

from __future__ import annotations

from dataclasses import dataclass

from ..base.addresses import table_id_in


@dataclass(frozen=True)
class Layout:
    """How a table becomes boxes: a box per value of `box`; in it a labelled row per value of `row`
    (or the items straight away when `row` is empty); in each row the `item`s with their `notes`."""

    box: str
    item: str
    row: str = ""
    notes: tuple[str, ...] = ()
    # Items are shown in the CSV's order unless a column gives their order within a row.
    order: str = ""
    # Box or row values that follow one another (a process, a chain): drawn with arrows between.
    flow: tuple[str, ...] = ()
    # (column, value): items whose column holds the value are set apart, e.g. names the site restored.
    flag: tuple[str, str] = ("", "")
    # A note shown with its column's title ("残存字样：林省") rather than bare.
    labelled_notes: bool = False
    legend: str = ""

    def columns(self) -> list[str]:
        named = [self.box, self.item, self.row, self.order, self.flag[0], *self.notes]
        return [c for c in named if c]


DIAGRAM_LAYOUTS: dict[str, Layout] = {}


def diagram_layout(module: str, table: str, layout: Layout) -> None:
    """Register how a table of a document's module (its __name__) is drawn (macros/documents)."""
    DIAGRAM_LAYOUTS[table_id_in(module, table)] = layout
