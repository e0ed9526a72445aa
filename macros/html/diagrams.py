"""Figures a document drew as pictures, redrawn from their tables as nested HTML boxes: no script,
no image, text that wraps on a phone, reads in dark mode and can be found by search."""

from __future__ import annotations

import pandas as pd

from ..base import addresses
from ..base.escaping import html_text
from ..charts.diagram_layouts import DIAGRAM_LAYOUTS, Layout
from ..data.catalog import DataError, Table, suggest, text_of
from . import render


def diagram_html(table: Table, base: str, context: str, tools: str = "") -> str:
    layout = DIAGRAM_LAYOUTS.get(table.id)
    if layout is None:
        raise DataError(
            f"{context}: diagram('{table.id}'): this dataset has no diagram layout. "
            f"{suggest(table.id, list(DIAGRAM_LAYOUTS))} Register one with diagram_layout() in the "
            "document's module in macros/documents/."
        )
    for column in layout.columns():
        table.field(column)
    frame = table.frame
    if layout.order:
        group = [layout.box, layout.row] if layout.row else [layout.box]
        position = frame.groupby(group, sort=False).ngroup()
        frame = frame.assign(_group=position).sort_values(["_group", layout.order], kind="stable")
    boxes = list(dict.fromkeys(frame[layout.box]))
    in_flow = [b for b in boxes if b in layout.flow]
    others = [b for b in boxes if b not in layout.flow]
    parts = []
    if in_flow:
        parts.append(flow_html([box_html(table, layout, frame, b) for b in in_flow]))
    if others:
        grid = "".join(box_html(table, layout, frame, b) for b in others)
        if in_flow:
            parts.append('<p class="mems-diagram__aside">其他环节</p>')
        parts.append(f'<div class="mems-diagram__grid">{grid}</div>')
    legend = f'<p class="mems-note">{html_text(layout.legend)}</p>' if layout.legend else ""
    # A table that stands for one of the document's pictures says that this is not the picture.
    redrawn = html_text(f"（据原文文字重画，并非原书{table.label}）") if table.label else ""
    drawing = f'<div class="mems-diagram__body">{"".join(parts)}</div>'
    return (
        f'<figure class="mems-figure mems-diagram" id="{addresses.diagram_anchor(table.id)}">'
        f'<figcaption><span class="mems-label">示意图</span> {html_text(table.title)}{redrawn}</figcaption>'
        + render.views_html(addresses.diagram_anchor(table.id), "示意图", drawing, table, None)
        + f"{legend}{render.source_line(table, base)}{tools}</figure>"
    )


def flow_html(steps: list[str]) -> str:
    arrow = '<span class="mems-diagram__arrow" aria-hidden="true"></span>'
    return f'<div class="mems-diagram__flow">{arrow.join(steps)}</div>'


def box_html(table: Table, layout: Layout, frame: pd.DataFrame, box: str) -> str:
    rows = frame[frame[layout.box] == box]
    if len(rows) == 1 and text_of(rows[layout.item].iloc[0]) == box:
        # A box that holds only itself (材料, 设备): its notes are all there is to say.
        notes = [text_of(rows[c].iloc[0]) for c in layout.notes if text_of(rows[c].iloc[0])]
        inner = "".join(f'<p class="mems-diagram__note">{html_text(n)}</p>' for n in notes)
    elif not layout.row:
        inner = items_html(table, layout, rows)
    else:
        blocks: list[str] = []
        flow_steps: list[str] = []
        flow_at = 0
        for value in dict.fromkeys(rows[layout.row]):
            members = rows[rows[layout.row] == value]
            label = f'<p class="mems-diagram__row-label">{html_text(value)}</p>'
            content = label + items_html(table, layout, members)
            if value in layout.flow:
                if not flow_steps:
                    flow_at = len(blocks)  # the flow stands where its first step stands
                flow_steps.append(f'<div class="mems-diagram__step">{content}</div>')
            else:
                blocks.append(f'<div class="mems-diagram__row">{content}</div>')
        if flow_steps:
            blocks.insert(flow_at, flow_html(flow_steps))
        inner = "".join(blocks)
    return (
        f'<section class="mems-diagram__box"><p class="mems-diagram__title">{html_text(box)}</p>'
        f"{inner}</section>"
    )


def items_html(table: Table, layout: Layout, rows: pd.DataFrame) -> str:
    flag_column, flag_value = layout.flag
    # A note every item of the row shares (the same place, the same caveat) is said once for the row.
    shared = [c for c in layout.notes if len(rows) > 1 and rows[c].notna().all() and rows[c].nunique() == 1]
    said_once = "".join(
        f'<p class="mems-diagram__note">{html_text(note_text(table, layout, c, rows[c].iloc[0]))}</p>'
        for c in shared
    )
    items = []
    for _, row in rows.iterrows():
        name = text_of(row[layout.item])
        flagged = bool(flag_column) and text_of(row[flag_column]) == flag_value
        notes = [
            f'<span class="mems-diagram__note">{html_text(note_text(table, layout, c, row[c]))}</span>'
            for c in layout.notes
            if c not in shared and text_of(row[c]) not in ("", name)
        ]
        badge = f'<span class="mems-diagram__flag">{html_text(flag_value)}</span>' if flagged else ""
        css = "mems-diagram__item mems-diagram__item--flagged" if flagged else "mems-diagram__item"
        name_html = f'<span class="mems-diagram__name">{html_text(name)}</span>'
        items.append(f'<li class="{css}">{name_html}{badge}{"".join(notes)}</li>')
    return f'{said_once}<ul class="mems-diagram__items">{"".join(items)}</ul>'


def note_text(table: Table, layout: Layout, column: str, value: object) -> str:
    note = text_of(value)
    return f"{table.field(column).title}：{note}" if layout.labelled_notes else note
