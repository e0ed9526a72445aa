"""What the built pages give a reader without a browser: whole-document print pages, chart text
alternatives, table headers, unique anchors and chart colours that stay apart for colour-blind eyes."""

from __future__ import annotations

import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT
from macros.data.pages import nav_entries

DOCS = PROJECT / "docs"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Documents (folders of docs/) with chapters besides their overview page.
DOCUMENTS = sorted(
    folder.name
    for folder in DOCS.iterdir()
    if folder.is_dir() and any(p.name not in ("index.md", "print.md") for p in folder.glob("*.md"))
)
# A chart figure: its text alternative, its SVG and, when the page does not show the chart's table
# on its own, the table view that the figure switches to.
CHART = re.compile(
    r'<figure class="mems-figure mems-chart" id="[^"]*" data-chart="(?P<name>[^"]+)"[^>]*>.*?'
    r'<div class="mems-chart__view" role="img" aria-label="(?P<label>[^"]*)"[^>]*>'
    r"(?P<svg><svg.*?</svg>)(?:<svg.*?</svg>)*</div>"
    r'(?:(?:(?!</figure>).)*?<div class="mems-views__table[^>]*>(?P<data><table>.*?</table>))?',
    re.S,
)


def own_table(html: str, chart_name: str) -> str:
    """The table of a chart's data that its page shows by itself: the table figure of the chart's
    dataset, or a data page's whole table."""
    from macros.charts.registry import CHARTS
    from macros.documents import load_documents

    load_documents()
    anchor = "table-" + CHARTS[chart_name].table_id.replace("/", "-")
    found = re.search(
        rf'(?:id="{anchor}"|class="mems-scroll mems-datatable").*?(?P<data><table>.*?</table>)', html, re.S
    )
    return found["data"] if found else ""


class IgnoringTags(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name tags (if any) do not matter here."""


IgnoringTags.add_multi_constructor("", lambda loader, suffix, node: None)


def nav_pages(nav) -> list[str]:
    return nav_entries(nav)


NAV = nav_pages(yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), IgnoringTags).get("nav"))


def html_of(site: Path, source: str) -> str:
    return (site / source.replace(".md", ".html")).read_text(encoding="utf-8")


def headings(html: str, level: int) -> list[str]:
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    return [re.sub(r"<[^>]+>|¶", "", h).strip() for h in found]


def charts_of(html: str) -> list[re.Match]:
    return list(CHART.finditer(html))


def chapters(document: str) -> list[str]:
    """A document's chapters in reading order: its pages in the nav, less overview and print page."""
    skipped = {f"{document}/index.md", f"{document}/print.md"}
    return [p for p in NAV if p.startswith(f"{document}/") and p not in skipped]


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_there_are_documents():
    assert DOCUMENTS, "docs/ has no document folder with chapters"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_document_has_a_print_page_in_its_nav(document):
    assert (DOCS / document / "print.md").is_file(), (
        f"docs/{document}/print.md is missing: copy docs/white-paper-2020/print.md and change the folder "
        "named in whole_document(…)"
    )
    section = [p for p in NAV if p.startswith(f"{document}/")]
    assert section and section[-1] == f"{document}/print.md", (
        f"mkdocs.yml: list {document}/print.md last in the document's section of the nav"
    )
    files = {p.relative_to(DOCS).as_posix() for p in (DOCS / document).glob("*.md")}
    assert files <= set(NAV), f"chapters missing from the nav (so from the print page): {files - set(NAV)}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_print_page_holds_every_chapter_in_order_with_its_charts(built_site, document):
    printed = html_of(built_site, f"{document}/print.md")
    printed_headings = headings(printed, 2)
    positions = []
    for chapter in chapters(document):
        title = headings(html_of(built_site, chapter), 1)[0]
        assert title in printed_headings, f"{document}/print.html lacks the chapter {title} ({chapter})"
        positions.append(printed_headings.index(title))
        missing = {m["name"] for m in charts_of(html_of(built_site, chapter))} - {
            m["name"] for m in charts_of(printed)
        }
        assert not missing, f"{document}/print.html lacks the charts of {chapter}: {missing}"
    assert positions == sorted(positions), f"{document}/print.html does not follow the nav's order"
    assert len(headings(printed, 1)) == 1, f"{document}/print.html should have one H1 (its own title)"


def test_print_pages_stay_out_of_the_search_index(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith(f"{DOCUMENTS[0]}/") for loc in locations), "the search index looks empty"
    assert not [loc for loc in locations if "print.html" in loc]


def test_no_page_repeats_an_id(built_site):
    """Every anchor names one element, the whole-document pages included."""
    repeated = {}
    for page in built_pages(built_site):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            repeated[page.relative_to(built_site).as_posix()] = twice[:5]
    assert not repeated, repeated


def numbers_in(cells: list[str]) -> list[tuple[float, str]]:
    found = []
    for cell in cells:
        text = re.sub(r"<[^>]+>", "", cell).strip()
        if re.fullmatch(r"-?[\d,]+(\.\d+)?", text):
            found.append((float(text.replace(",", "")), text))
    return found


def test_chart_text_alternatives_name_the_largest_and_smallest_value(built_site):
    """A screen reader hears what the chart shows and its extremes, as its data table prints them."""
    checked = 0
    failures = []
    for page in built_pages(built_site):
        for chart in charts_of(page.read_text(encoding="utf-8")):
            label, name = chart["label"], chart["name"]
            if not (label.startswith("图表：") and label.endswith("。")) or re.search(r"\bnan\b|None", label):
                failures.append(f"{name}: the text alternative does not read well: {label}")
                continue
            # Without a table view, the chart's table stands on the page by itself.
            data = chart["data"] or own_table(page.read_text(encoding="utf-8"), name)
            rows = re.findall(r"<tr(?: id=\"[^\"]*\")?>(.*?)</tr>", data, re.S)[1:]
            columns = zip(
                *[re.findall(r'<td class="mems-num">(.*?)</td>', row) for row in rows], strict=False
            )
            extremes = []
            for column in columns:
                values = numbers_in(list(column))
                if len(values) >= 2:
                    extremes.append((max(values)[1], min(values)[1]))
            if len(rows) >= 2 and extremes:
                checked += 1
                if "最大值" not in label or not any(
                    f"：{a}" in label and f"：{b}" in label for a, b in extremes
                ):
                    failures.append(
                        f"{page.name}: chart {name} does not name its largest and smallest: {label}"
                    )
    assert checked, "no chart with numbers to check"
    assert not failures, "\n".join(failures)


def test_every_table_header_cell_has_a_scope(built_site):
    failures = []
    for page in built_pages(built_site):
        html = page.read_text(encoding="utf-8")
        for head in re.findall(r"<thead>(.*?)</thead>", html, re.S):
            failures += [
                f"{page.name}: {th}" for th in re.findall(r"<th(?:\s[^>]*)?>", head) if "scope=" not in th
            ]
    assert not failures, "header cells without scope:\n" + "\n".join(sorted(set(failures))[:20])


# Machado, Oliveira & Fernandes (2009), full severity, on linear RGB.
COLOUR_BLINDNESS = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
# CIE76 distance below which two legend colours are hard to tell apart; the Okabe–Ito palette
# keeps at least 16 under each simulation.
MIN_DISTANCE = 15


def lab(hex_colour: str, vision: str | None) -> tuple[float, float, float]:
    """The colour in CIELAB as a reader with the given colour blindness (or none) sees it."""
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    if vision:
        linear = [sum(m * c for m, c in zip(row, linear, strict=True)) for row in COLOUR_BLINDNESS[vision]]
    r, g, b = (min(1.0, max(0.0, c)) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def legend_colours(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    colours = []
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        if "role-legend-symbol" in (group.get("class") or ""):
            colours += [
                p.get("fill") for p in group.iter("{http://www.w3.org/2000/svg}path") if p.get("fill")
            ]
    return [c for c in dict.fromkeys(colours) if re.fullmatch(r"#[0-9a-fA-F]{6}", c)]


def test_the_palette_is_okabe_ito():
    from macros.charts.registry import PALETTE

    assert [c.upper() for c in PALETTE] == OKABE_ITO


def test_legend_colours_stay_apart_for_colour_blind_readers(built_site):
    """Colours that a legend explains stay distinguishable under the three kinds of dichromacy."""
    charts = {}
    for page in built_pages(built_site):
        for chart in charts_of(page.read_text(encoding="utf-8")):
            spec_script = (built_site / "charts" / f"{chart['name']}.spec.js").read_text(encoding="utf-8")
            spec = json.loads(spec_script.split("] = ", 1)[1].rstrip().removesuffix(";"))["wide"]
            charts[chart["name"]] = (chart["svg"], spec)
    assert charts, "no chart found in the built site"
    failures = []
    for name, (svg, spec) in sorted(charts.items()):
        category = [c.upper() for c in spec.get("config", {}).get("range", {}).get("category", [])]
        if category != OKABE_ITO:
            failures.append(f"{name}: its categorical palette is not Okabe–Ito: {category}")
        for first, second in itertools.combinations(legend_colours(svg), 2):
            for vision in (None, *COLOUR_BLINDNESS):
                distance = math.dist(lab(first, vision), lab(second, vision))
                if distance < MIN_DISTANCE:
                    seen_by = vision or "normal vision"
                    failures.append(f"{name}: {first} and {second} look alike ({seen_by}, ΔE {distance:.1f})")
    assert not failures, "\n".join(failures)
