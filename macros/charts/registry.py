"""The chart registry: one small function per chart, from a DataFrame to an Altair chart.

A chart function is pure: it gets the table's rows (with the table itself in `df.attrs["table"]`,
for headings and units) and the width the whole chart may take, and returns an Altair chart. It is
drawn twice, at LAYOUTS' two widths: the page shows the wide one in a column that holds it at its
own size and the narrow one (scaled up to the column) elsewhere, so that its text never shrinks.
Its docstring's first line is the caption.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd

from ..base.addresses import document_of, in_document, table_id_in
from ..base.errors import DataError, suggest
from ..data.quantity import COMPUTED, PUBLISHED
from .font import FAMILY

# Okabe–Ito: eight colours that stay apart for the common kinds of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# The one family the project carries (macros/charts/fonts): no fallback list, so that no machine's own
# fonts ever measure or draw a chart.
FONT = FAMILY
# Material's text column is 688 px wide beside both sidebars; on a 375 px phone it is 343 px.
# A chart is drawn at most this wide, in CSS pixels, text included.
LAYOUTS = {"wide": 680, "narrow": 340}
WIDE, NARROW = LAYOUTS["wide"], LAYOUTS["narrow"]
# Every chart of every document tells a published value from one the site computed the same way:
# published in blue, computed in orange (two Okabe–Ito colours); the legend says which is which.
STATUS_SCALE = alt.Scale(domain=[PUBLISHED, COMPUTED], range=[PALETTE[0], PALETTE[1]])


@dataclass(frozen=True)
class ChartDef:
    name: str
    document: str
    table_id: str
    function: Callable[[pd.DataFrame, int], alt.TopLevelMixin]
    label: str = ""

    @property
    def id(self) -> str:
        """document/chart: two documents may each have a chart of the same name."""
        return f"{self.document}/{self.name}"

    @property
    def caption(self) -> str:
        return (self.function.__doc__ or self.name).strip().splitlines()[0]


CHARTS: dict[str, ChartDef] = {}


def chart(table: str, label: str = "") -> Callable:
    """Register a chart of `table` (a table of the module's own document, or `document/table`);
    `label` is the document's figure number."""

    def register(function: Callable) -> Callable:
        document = document_of(function.__module__)
        table_id = table_id_in(function.__module__, table)
        definition = ChartDef(function.__name__, document, table_id, function, label)
        if definition.id in CHARTS and CHARTS[definition.id].function is not function:
            raise ValueError(f"two charts are named {definition.id}")
        CHARTS[definition.id] = definition
        return function

    return register


def heading(df: pd.DataFrame, column: str) -> str:
    """A column's heading with its unit, from the table's metadata: '需求量（万片）'."""
    table = df.attrs.get("table")
    return table.field(column).heading if table is not None else column


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The site's look for every chart: transparent (for dark mode), CJK fonts, unrotated labels.
    The config is set in place on the chart its function has just made: configure_* or
    properties() would copy the whole chart and layer a layered or concatenated one anew, for the
    same spec. The config's parts were checked against the schema as site_config made them."""
    chart.config = site_config(FONT, tuple(PALETTE))
    return chart


@functools.cache
def site_config(font: str, palette: tuple[str, ...]) -> alt.Config:
    """The config styled() sets, made once for the settings it reads: Altair checks each part of a
    config against the schema as it is made, which cost more than the rest of styling every chart.
    Keyed on the settings, so that a changed setting still shows."""
    return alt.Config(
        background="transparent",
        font=font,
        range=alt.RangeConfig(category=list(palette)),
        axis=alt.AxisConfig(labelAngle=0, labelFontSize=12, titleFontSize=12, labelLimit=180),
        legend=alt.LegendConfig(labelFontSize=12, titleFontSize=12, orient="bottom", labelLimit=240),
        view=alt.ViewConfig(stroke=None),
        # Every mark shows its encoded values on hover once the page's script makes the chart live.
        mark=alt.MarkConfig(tooltip=True),
    )


def resolve_chart(charts: dict[str, ChartDef], reference: str, document: str, context: str) -> ChartDef:
    """A chart by `document/name`, or by `name` within the page's own document: the one way a page's
    chart reference is read (a chart of an absent document does not exist here)."""
    chart_id = in_document(reference, document)
    if chart_id not in charts:
        name = reference.rpartition("/")[2]
        elsewhere = [c.id for c in charts.values() if c.name == name and c.id != chart_id]
        if len(elsewhere) == 1:
            raise DataError(
                f"{context}: the page's document ({document or 'none'}) has no chart '{reference}'; "
                f"'{name}' is a chart of another document, {elsewhere[0]}. Name it with its document: "
                f'chart("{elsewhere[0]}").'
            )
        known = [c.name for c in charts.values() if c.document == document] or list(charts)
        raise DataError(f"{context}: unknown chart '{reference}'. {suggest(reference, known)}")
    return charts[chart_id]
