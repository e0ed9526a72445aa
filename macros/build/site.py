"""The build's state and the page macros: table(), chart(), value(), figure(), data_note() and the rest.

The line is one way. A `Build` is made once, before any page, from data/ and docs/: the catalog
(data, computed tables, checks), the page index (every macro call under docs/), the chart registry
and the site's settings; nothing changes it afterwards but the memo of chart specs and drawings.
A page is rendered with its own `Page`, passed to the `PageMacros` that serve its calls; a
macro's finished HTML travels inside its token (see `hold`), so nothing that one page's rendering
leaves behind is read by anything else.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import inspect
import logging
import os
import re
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import jinja2
from jsonschema import ValidationError

from ..base import addresses
from ..base.errors import DataError, suggest
from ..base.escaping import html_text
from ..charts.registry import CHARTS, LAYOUTS, ChartDef, resolve_chart, styled
from ..charts.svg import SvgRenderer
from ..data.catalog import Catalog, Table
from ..data.checks import SEVERITIES, Finding, check_relation, run_checks
from ..data.derived import add_derived_tables
from ..data.entities import Entity, load_register
from ..data.pages import Call, Page, PageIndex, check_nav_entries, jinja_environment, project_settings
from ..data.plain_text import label_of, source_text
from ..data.relations import load_relations
from ..documents import load_documents
from ..html import (
    catalogue,
    citations,
    compare,
    datapages,
    diagrams,
    entities,
    figure_list,
    printing,
    provenance,
    quiet,
    render,
)
from . import calls

# The macros a page may call; the page index records each call of one of these.
MACROS = (
    "table",
    "chart",
    "value",
    "figure",
    "data_note",
    "data_notes",
    "contradiction_count",
    "severity",
    "diagram",
    "figure_list",
    "data_catalogue",
    "whole_document",
    "comparison_table",
    "relation_notes",
    "entity_list",
)
# The macros that put a figure (with its citation and report link) on a page.
FIGURE_MACROS = ("table", "chart", "figure", "diagram")
# Altair refuses to put more rows than this into a chart's spec (its max_rows default).
VEGA_LITE_ROWS = 5000
log = logging.getLogger("mkdocs.plugins.mems")

# -- finished HTML through Markdown ----------------------------------------------------------------
# A macro's HTML waits inside a token while Markdown runs, and is put back after (restore): the token
# carries the HTML itself, compressed, in letters Markdown leaves alone, so that putting it back
# needs nothing from the page's rendering. The token carries a secret drawn for each build, so no
# text in data/ (which is escaped, and may not know the secret) can make one.
BUILD_SECRET = secrets.token_hex(8)
TOKEN_PATTERN = re.compile(rf"(?P<open><p>)?MEMS{BUILD_SECRET}H(?P<packed>[A-Za-z0-9+/=]+)X(?P<close></p>)?")
# HTML that cannot stand inside a paragraph: a figure, a note, a table.
BLOCK_HTML = re.compile(r"\s*<(?:div|figure|table|details|section|aside|ul|ol|dl|h[1-6]|p)\b")


def hold(html: str) -> str:
    """Finished HTML as a token that Markdown passes through unchanged."""
    packed = base64.b64encode(zlib.compress(html.encode("utf-8"), 6)).decode("ascii")
    return f"MEMS{BUILD_SECRET}H{packed}X"


def unpack(token: str) -> str:
    return zlib.decompress(base64.b64decode(token)).decode("utf-8")


def restore(html: str) -> str:
    return TOKEN_PATTERN.sub(put_back, html)


def put_back(match: re.Match) -> str:
    """A token's HTML in place of the token. Alone in a paragraph (a table, a chart), it takes the
    <p> Markdown put around it. Where it opens or closes a paragraph of text, the paragraph stays
    whole: an inline piece (a value, a label) stays inside it, a block (a note written on the line
    next to a sentence) goes before or after it, since a paragraph cannot hold a block."""
    html = unpack(match.group("packed"))
    opens, closes = bool(match.group("open")), bool(match.group("close"))
    if opens == closes:
        return html
    block = BLOCK_HTML.match(html) is not None
    if opens:
        return f"{html}<p>" if block else f"<p>{html}"
    return f"</p>{html}" if block else f"{html}</p>"


def plain(text: str, escaped: bool = True) -> str:
    """Text with each token replaced by the words of its HTML, for a heading's entry in the table
    of contents (HTML: the words stay escaped) or its anchor (escaped=False: the words as read).
    A value quoted in a heading is a link there, plain text in these."""
    words = render.escaped_words if escaped else render.plain_text
    return TOKEN_PATTERN.sub(lambda m: words(unpack(m.group("packed"))), text)


# -- what the build is told by its engine ----------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """What the site's configuration tells the build: its name and address, its repository, the
    nav and the Jinja syntax its pages are written in. Made from the engine's configuration as a
    plain mapping (mkdocs.yml), so that any engine that reads that file can make it."""

    publication: citations.Publication
    repository: addresses.Repository
    nav: list | None
    environment: jinja2.Environment | None = None
    # The licence statement (mkdocs.yml's copyright, the footer of every page), for the data package.
    licence: str = ""

    @classmethod
    def from_config(cls, config, environment: jinja2.Environment | None = None) -> Settings:
        extra = config.get("extra") or {}
        repository = addresses.Repository(
            str(extra.get("repo") or "").rstrip("/"), str(extra.get("branch") or "main")
        )
        publication = citations.Publication.from_config(config)
        licence = str(config.get("copyright") or "")
        return cls(publication, repository, config.get("nav"), environment, licence)


@dataclass(frozen=True)
class Figure:
    """What a figure on a page is, for its citation and its report link."""

    title: str
    anchor: str
    package: object
    table: Table | None = None


class Build:
    """Everything the build knows, made once before the first page and never changed by a page."""

    def __init__(self, project_dir: Path, cache_dir: Path | None, settings: Settings | None = None):
        self.project_dir = project_dir
        if settings is None:
            environment, nav = project_settings(project_dir)
            settings = Settings(citations.Publication("", "", ""), addresses.Repository(""), nav, environment)
        self.settings = settings
        self.publication = settings.publication
        self.repository = settings.repository
        self.nav = settings.nav
        load_documents()
        self.catalog = Catalog(project_dir / "data")
        add_derived_tables(self.catalog)
        # The charts of the documents present; a chart of an absent document does not exist here.
        self.charts: dict[str, ChartDef] = {
            chart_id: definition
            for chart_id, definition in CHARTS.items()
            if definition.document in self.catalog.packages
        }
        for definition in self.charts.values():
            self.catalog.table(definition.table_id, f"macros/documents: chart '{definition.id}'")
        self.findings: list[Finding] = run_checks(self.catalog)
        # Site-level data beside the documents: how their quantities relate, and who they name.
        self.relations = load_relations(self.catalog)
        self.relation_findings = {r.id: check_relation(r) for r in self.relations}
        self.entities: list[Entity] = load_register(self.catalog)
        environment = settings.environment or project_settings(project_dir)[0]
        self.pages = PageIndex(project_dir / "docs", MACROS, environment)
        check_nav_entries(self.nav, self.pages.pages)
        self.charts = numbered(self.charts, self.catalog, self.pages, self.nav)
        self.usage = self.table_usage()
        self.changes = datapages.last_changes(project_dir)
        self.svg = SvgRenderer(cache_dir)
        # A memo, not state: the same spec or drawing for the same chart whenever it is asked for.
        self.specs: dict[tuple[str, str], dict] = {}
        self.chart_objects: dict[tuple[str, str], alt.TopLevelMixin] = {}
        self.svgs: dict[tuple[str, str], str] = {}
        self.pages.render_titles(functools.partial(self.title_words, environment))

    def title_words(self, environment: jinja2.Environment, page: Page) -> str:
        """A page title that quotes a value ({{ value(…) }} in its H1), as the words its heading shows."""
        macros = PageMacros(self, page)
        functions = {name: getattr(macros, name) for name in MACROS}
        try:
            return plain(environment.from_string(page.title).render(**functions), escaped=False)
        except (jinja2.TemplateError, TypeError) as error:
            raise DataError(
                f"docs/{page.source}: the page's title '{page.title}' cannot be read ({error}). "
                "Write the title as text, or quote a value in it with {{ value(…) }}."
            ) from None

    # -- what the page index says ------------------------------------------------------------

    def chart_of(self, reference: str, document: str, context: str) -> ChartDef:
        return resolve_chart(self.charts, reference, document, context)

    def tables_of(self, call: Call) -> set[str]:
        """The datasets a macro call shows."""
        target = call.target
        if target is None:
            return set()
        if call.macro in ("table", "value", "diagram"):
            return {target}
        if call.macro == "chart":
            chart_id = addresses.in_document(target, call.page.document)
            return {self.charts[chart_id].table_id} if chart_id in self.charts else set()
        if call.macro == "figure":
            return {f"{target.partition('/')[0]}/figures"}
        return set()

    def table_usage(self) -> dict[str, list]:
        """Which pages show which dataset, in page order."""
        used: dict[str, dict] = {}
        for call in self.pages.calls:
            for table_id in self.tables_of(call):
                used.setdefault(table_id, {})[call.page.source] = call.page
        return {table_id: list(pages.values()) for table_id, pages in used.items()}

    def unused_tables(self) -> list[str]:
        """Datasets that no chapter shows and no chart draws."""
        charted = {d.table_id for d in self.charts.values()}
        return sorted(t for t in self.catalog.tables if t not in self.usage and t not in charted)

    def page_title(self, source: str) -> str:
        """A page's title as the nav gives it, or its first heading."""
        return printing.nav_titles(self.nav).get(source) or self.pages.pages[source].title

    # -- charts ------------------------------------------------------------------------------

    def chart_figure(self, definition: ChartDef, page: Page, table_view: bool = True, note: str = "") -> str:
        table = self.catalog.table(definition.table_id)
        svgs = {layout: self.chart_svg(definition, layout) for layout in LAYOUTS}
        spec = self.chart_spec(definition)
        description = render.describe_chart(definition.caption, table, spec)
        columns = render.plotted_first(table, spec)
        tools = self.figure_tools(chart_figure(definition, table), page)
        redrawn = self.document_figures(definition) if note else []
        # A redrawn figure stands under the document's number and caption; the note says what is drawn.
        caption = redrawn[0][1] if len(redrawn) == 1 else None
        panels = render.panel_column(table, spec)
        return render.chart_html(
            definition, table, svgs, description, page.base, columns, table_view, tools, note, caption, panels
        )

    def document_figures(self, definition: ChartDef) -> list[tuple[str, str, str]]:
        """The document's own figures a chart redraws: (label, caption, what survives of its data)."""
        figures = self.catalog.tables.get(f"{definition.document}/figures")
        if figures is None or not definition.label:
            return []
        found = []
        for label in re.split(r"[、/]", definition.label):
            rows = [r for r in range(len(figures.frame)) if figures.text_cell(r, "label") == label]
            if rows:
                status = figures.text_cell(rows[0], "data_status")
                if status in render.FIGURE_STATUSES:
                    notice = render.figure_notice(figures, rows[0], status)
                    found.append((label, figures.text_cell(rows[0], "caption"), notice))
        return found

    def lost_figure_note(self, definition: ChartDef) -> str:
        """What survives of the document's figures a chart redraws, said inside the chart's figure:
        a lost figure and its redraw are one figure, under the document's number."""
        found = self.document_figures(definition)
        if len(found) == 1:
            # The figure's caption carries its anchor (render.chart_html).
            return (
                '<p class="mems-docfigure__status">'
                f"本站据留存的数值重画：{html_text(definition.caption)}。{html_text(found[0][2])}</p>"
            )
        return "".join(
            f'<p class="mems-docfigure__status" id="{addresses.figure_anchor(label)}">'
            f'<span class="mems-label">{html_text(label)}</span> {html_text(caption)}</p>'
            f'<p class="mems-docfigure__status">{html_text(notice)}</p>'
            for label, caption, notice in found
        )

    def chart_svg(self, definition: ChartDef, layout: str) -> str:
        if (definition.id, layout) not in self.svgs:
            prefix = f"{addresses.chart_anchor(definition.id).removeprefix('chart-')}-{layout}"
            spec = self.chart_spec(definition, layout)
            check = functools.partial(self.check_spec, definition, layout)
            self.svgs[definition.id, layout] = self.svg.render(spec, prefix=prefix, check=check)
        return self.svgs[definition.id, layout]

    def chart_spec(self, definition: ChartDef, layout: str = "wide") -> dict:
        """The chart's Vega-Lite spec in one layout, built from its table by its function each build:
        the SVG cache is keyed on this spec, so a change to any code that shapes a chart shows. It is
        checked against the Vega-Lite schema when it is drawn (check_spec), not here: that check was
        a tenth of a build whose charts were all in the cache. What Altair refuses while the
        function builds the chart (it checks each part as it is made) is the function's mistake,
        told as check_spec tells it."""
        if (definition.id, layout) not in self.specs:
            table = self.catalog.table(definition.table_id)
            frame = table.frame.copy()
            frame.attrs["table"] = table
            try:
                built = definition.function(frame, LAYOUTS[layout])
                frame.attrs.clear()
                chart = styled(built)
                self.specs[definition.id, layout] = chart.to_dict(validate=False)
                self.chart_objects[definition.id, layout] = chart
            except ValidationError as error:
                raise spec_refused(definition, layout, error) from None
            except alt.MaxRowsError:
                raise DataError(
                    f"macros/documents: chart '{definition.id}' hands {len(table.frame):,} rows of "
                    f"{table.id} to Vega-Lite, more than the {VEGA_LITE_ROWS:,} it draws in a page. "
                    "Aggregate the rows in the chart function (a sum or a mean per category), or show "
                    "the table without a chart."
                ) from None
        return self.specs[definition.id, layout]

    def check_spec(self, definition: ChartDef, layout: str) -> None:
        """Altair's check of the chart's spec against the Vega-Lite schema, as a message that names
        the chart and the function to fix."""
        try:
            self.chart_objects[definition.id, layout].to_dict(validate=True)
        except ValidationError as error:
            raise spec_refused(definition, layout, error) from None

    # -- figures and their citations ---------------------------------------------------------

    def figure_of(self, call: Call) -> Figure | None:
        """The figure a call of table(), chart(), figure() or diagram() puts on its page, found
        from the call as the page index read it (None when its arguments are not literals)."""
        if call.macro not in FIGURE_MACROS or call.target is None:
            return None
        function = getattr(PageMacros, call.macro)
        try:
            bound = inspect.signature(function).bind(None, *call.args, **call.kwargs).arguments
        except TypeError:
            return None
        context = call.where
        if call.macro == "table":
            table = self.catalog.table(call.target, context)
            return table_figure(table, bound.get("caption"))
        if call.macro == "chart":
            definition = self.chart_of(call.target, call.page.document, context)
            return chart_figure(definition, self.catalog.table(definition.table_id))
        if call.macro == "figure":
            return self.document_figure(call.target, context)
        return diagram_figure(self.catalog.table(call.target, context))

    def figure_of_chart(self, definition: ChartDef) -> Figure:
        return chart_figure(definition, self.catalog.table(definition.table_id))

    def document_figure(self, reference: str, context: str) -> Figure:
        package, _, label = reference.partition("/")
        figures = self.catalog.table(f"{package}/figures", context)
        _, row = figures.cell({"label": label}, "caption", f"{context}: figure('{reference}')")
        return Figure(
            f"{label} {figures.text_cell(row, 'caption')}", addresses.figure_anchor(label), figures.package
        )

    def figure_citable(self, figure: Figure, page_url: str) -> citations.Citable:
        return citations.Citable(
            "figure",
            figure.title,
            page_url,
            anchor=figure.anchor,
            container=edition(figure.package.title),
            original=citations.source_document(figure.package),
        )

    def dataset_citable(self, table: Table) -> citations.Citable:
        package = table.package
        return citations.Citable(
            "dataset",
            f"{table.title}：数据集 {table.id}",
            addresses.data_page(table.id),
            version=package.version,
            original=citations.source_document(package),
        )

    def page_citable(self, source: str) -> citations.Citable:
        url = addresses.page_of(source)
        package = self.catalog.packages.get(source.partition("/")[0]) if "/" in source else None
        return citations.Citable(
            "page",
            self.page_title(source),
            url,
            container=edition(package.title) if package else "",
            original=citations.source_document(package) if package else "",
        )

    def figure_tools(self, figure: Figure, page: Page) -> str:
        """Under a figure: a link that reports a wrong number in it, and its citation."""
        pub = self.publication
        where = pub.address(page.url, figure.anchor)
        if figure.table is not None:
            value = f"数据集 {figure.table.id} 中的数值（请写明哪一行、哪一列）"
            source = source_text(figure.table)
        else:
            value, source = "（请写明哪一个数值）", f"《{figure.package.title}》{figure.title.split(' ')[0]}"
        item = self.figure_citable(figure, page.url)
        return (
            '<div class="mems-figure__tools">'
            f"{citations.report_html(pub, figure.title, where, value, source)}"
            f"{citations.citation_html(pub, item, page.base, '引用本图')}</div>"
        )

    def dataset_citation(self, table: Table, page: Page) -> str:
        pub = self.publication
        where = pub.address(page.url)
        value = f"数据集 {table.id} 中的数值（请写明哪一行、哪一列）"
        report = citations.report_html(pub, table.title, where, value, source_text(table))
        return (
            '<h2 id="cite">引用与报告错误</h2>'
            f'<p class="mems-report-line">发现数值与原文不符？{report}</p>'
            f"{citations.citation_html(pub, self.dataset_citable(table), page.base, '引用本数据集')}"
        )

    def page_citation(self, page: Page) -> str:
        """The citation of a whole page (a chapter, the home page), placed at its end."""
        item = self.page_citable(page.source)
        return citations.citation_html(self.publication, item, page.base, "引用本页")

    # -- findings ----------------------------------------------------------------------------

    def finding(self, reference: str, document: str, context: str) -> Finding:
        """A check's finding by `document/id`, or by `id` within the page's own document: two
        documents may each have a check of the same id, as they may a chart of the same name. A page
        outside the documents' folders may name a check by `id` alone where only one has it."""
        package, _, check_id = reference.rpartition("/")
        package = package or document
        found = [f for f in self.findings if f.id == check_id and package in ("", f.package)]
        if len(found) == 1:
            return found[0]
        if found:
            raise DataError(
                f"{context}: data check '{check_id}' is in more than one document "
                f"({', '.join(f.package for f in found)}). Name it as document/{check_id}."
            )
        known = [f.id for f in self.findings if f.package == package] or [f.id for f in self.findings]
        raise DataError(f"{context}: unknown data check '{reference}'. {suggest(check_id, known)}")

    def package_findings(self, package: str, severity: str | None, context: str) -> list[Finding]:
        if package not in self.catalog.packages:
            known = suggest(package, list(self.catalog.packages))
            raise DataError(f"{context}: unknown package '{package}'. {known}")
        if severity is not None and severity not in SEVERITIES:
            raise DataError(f"{context}: unknown severity '{severity}'. Known: {', '.join(SEVERITIES)}.")
        return [f for f in self.findings if f.package == package and severity in (None, f.severity)]

    # -- pages made from the catalog ---------------------------------------------------------

    def data_page_html(self, table_id: str) -> str:
        """The whole of a dataset's own page, from the catalog and the chart registry."""
        table = self.catalog.table(table_id)
        page = Page(addresses.data_page_source(table_id))
        # The data page shows the whole table once: its charts come without their own table view.
        charts = [
            self.chart_figure(d, page, table_view=False)
            for d in sorted(self.charts.values(), key=lambda d: d.id)
            if d.table_id == table_id
        ]
        stamp = datapages.version_stamp(table, self.changes)
        used_on = self.usage.get(table_id, [])
        found = provenance.provenance(table, self.catalog, self.project_dir)
        computed = provenance.provenance_html(found, self.repository, page.base) if found else ""
        code = provenance.provenance_code_html(found, self.repository, page.base) if found else ""
        return datapages.data_page_html(
            table,
            charts,
            used_on,
            stamp,
            page.base,
            extra=computed + self.dataset_citation(table, page),
            code=code,
        )

    # -- the two documents side by side ----------------------------------------------------------

    def titles(self) -> dict[str, str]:
        """Each document's title, in the order data/relations.yaml names them (the older first there),
        so that every side-by-side view puts one document on the same side."""
        named = [d for r in self.relations for d in r.documents]
        documents = [name for name, package in self.catalog.packages.items() if not package.is_reference]
        order = list(dict.fromkeys([*named, *documents]))
        return {name: self.catalog.packages[name].title for name in order if name in documents}

    def entity_pages(self) -> list[Entity]:
        """The entities named in both documents or in two or more datasets: each gets a page."""
        return [e for e in self.entities if e.has_page]

    def entity_page_html(self, entity: Entity) -> str:
        page = Page(entities.entity_source(entity))
        item = self.entity_citable(entity)
        citation = citations.citation_html(self.publication, item, page.base, "引用本页")
        return entities.entity_page_html(entity, self.titles(), page.base) + citation

    def entity_citable(self, entity: Entity) -> citations.Citable:
        return citations.Citable("page", entity.name, entities.entity_url(entity))


class PageMacros:
    """The macros as one page calls them: each turns its arguments into finished HTML, held in a
    token until Markdown has run."""

    def __init__(self, build: Build, page: Page):
        self.build = build
        self.page = page
        self.catalog = build.catalog

    @property
    def context(self) -> str:
        return self.page.where

    def charts_here(self) -> list[ChartDef]:
        """The charts this page shows, in page order."""
        found = []
        for call in self.build.pages.calls_on(self.page.source):
            if call.macro == "chart" and call.target:
                chart_id = addresses.in_document(call.target, call.page.document)
                if chart_id in self.build.charts:
                    found.append(self.build.charts[chart_id])
        return found

    def charted_here(self, table_id: str) -> list[ChartDef]:
        return [d for d in self.charts_here() if d.table_id == table_id]

    def tabled_here(self, table_id: str) -> bool:
        return any(
            c.macro == "table" and c.target == table_id for c in self.build.pages.calls_on(self.page.source)
        )

    def table(self, table_id: str, columns: list[str] | None = None, caption: str | None = None) -> str:
        table = self.catalog.table(table_id, self.context)
        for column in columns or []:
            table.field(column, self.context)
        if self.charted_here(table_id) and not table.label:
            # One figure, one number: the page's chart of this table shows it as its table view (a
            # table the document numbered, 表2, stays itself, and its chart is a drawing of it).
            # The table's own anchor stays here, for links to it (the figure list's among them).
            return hold(f'<div class="mems-table-anchor" id="{addresses.table_anchor(table.id)}"></div>')
        tools = self.build.figure_tools(table_figure(table, caption), self.page)
        return hold(render.table_html(table, self.page.base, columns, caption, tools=tools))

    def chart(self, name: str) -> str:
        definition = self.build.chart_of(name, self.page.document, self.context)
        # Of several charts of one dataset on a page, the first carries its table view; a chart
        # beside a table the document numbered comes without one.
        table_view = self.charted_here(definition.table_id)[:1] in ([], [definition])
        if self.catalog.table(definition.table_id).label and self.tabled_here(definition.table_id):
            table_view = False
        note = self.build.lost_figure_note(definition)
        return hold(self.build.chart_figure(definition, self.page, table_view=table_view, note=note))

    def value(self, table_id: str, key: str | None = None, column: str = "value", **where) -> str:
        """One value from the data, with its unit, qualifier and the decimals the source prints, as a
        link to its row on the dataset's page."""
        table = self.catalog.table(table_id, self.context)
        if key is not None:
            if len(table.primary_key) != 1:
                raise DataError(
                    f"{self.context}: value('{table_id}', '{key}') names a row by key, but "
                    f"{table_id} has no single-column primaryKey. Name the row with column=value."
                )
            where = {table.primary_key[0]: key, **where}
        field = table.field(column, f"{self.context}: value('{table_id}')")
        _, row = table.cell(where, column, f"{self.context}: value('{table_id}')")
        if not field.numeric:
            return hold(render.text_value_html(table, row, column, self.page.base))
        quantity = table.quantity(row, column)
        if quantity.lost and not quantity.published:
            raise DataError(
                f"{self.context}: value('{table_id}') selects an empty cell "
                f"({column}, line {table.line_of(row)} of {table.path.name}). "
                "Fill it in or quote another value."
            )
        return hold(render.quantity_html(quantity, self.page.base))

    def figure(self, reference: str) -> str:
        """The document's own figure: its number, caption and what survives of its data."""
        package, _, label = reference.partition("/")
        figures = self.catalog.table(f"{package}/figures", self.context)
        _, row = figures.cell({"label": label}, "caption", f"{self.context}: figure('{reference}')")
        if package == self.page.document and any(
            label in re.split(r"[、/]", d.label) for d in self.charts_here()
        ):
            # A lost figure and its redraw are one figure: the chart carries the number and says
            # what survives (Build.lost_figure_note).
            return hold("")
        tools = self.build.figure_tools(self.build.document_figure(reference, self.context), self.page)
        return hold(render.figure_html(figures, row, tools))

    def data_note(self, check_id: str) -> str:
        finding = self.build.finding(check_id, self.page.document, self.context)
        if finding.consistent:
            # A pass is one line, which the page then folds into its summary (quiet.gather_passes).
            return hold(quiet.pass_line(finding, gather=True))
        return hold(render.finding_html(finding, self.page.base))

    def data_notes(self, package: str, consistent: bool = False, severity: str | None = None) -> str:
        """Every finding of a package (of one severity), largest gap first, or every passed check."""
        found = self.build.package_findings(package, severity, self.context)
        chosen = [f for f in found if f.consistent == consistent]
        chosen.sort(key=lambda f: -f.gap)
        if not chosen:
            return hold('<p class="mems-note">（无）</p>')
        if consistent:
            return hold(quiet.passes_by_section(chosen))
        return hold("".join(render.finding_html(f, self.page.base) for f in chosen))

    def contradiction_count(self, package: str, severity: str = "contradiction") -> str:
        """How many findings of one severity a package has (contradictions unless told)."""
        found = self.build.package_findings(package, severity, self.context)
        return str(sum(1 for f in found if not f.consistent))

    def severity(self, name: str) -> str:
        """A severity label for a note written in prose on a data-notes page."""
        if name not in SEVERITIES:
            raise DataError(f"{self.context}: unknown severity '{name}'. Known: {', '.join(SEVERITIES)}.")
        return hold(render.severity_badge(name))

    def diagram(self, table_id: str) -> str:
        """A figure the document drew as a picture, redrawn from its table as HTML boxes."""
        table = self.catalog.table(table_id, self.context)
        tools = self.build.figure_tools(diagram_figure(table), self.page)
        return hold(diagrams.diagram_html(table, self.page.base, self.context, tools=tools))

    def figure_list(self, package: str) -> str:
        """The list of figures and tables: every one the pages under docs/ show, linked to its place."""
        build = self.build
        html = figure_list.figure_list_html(
            build.catalog, build.pages, build.charts, package, self.page.base, self.context
        )
        return hold(html)

    def data_catalogue(self) -> str:
        build = self.build
        named = build.entity_pages()
        return hold(catalogue.catalogue_html(build.catalog, build.usage, build.charts, self.page.base, named))

    def comparison_table(self) -> str:
        """Every relation of data/relations.yaml: each document's values and scope, side by side."""
        return hold(compare.comparison_table_html(self.build.relations, self.build.titles(), self.page.base))

    def relation_notes(self, document: str | None = None) -> str:
        """The findings of the relations (of those that involve one document, if named)."""
        build = self.build
        if document is not None and document not in build.catalog.packages:
            known = suggest(document, list(build.catalog.packages))
            raise DataError(f"{self.context}: unknown document '{document}'. {known}")
        chosen = [r for r in build.relations if document is None or document in r.documents]
        if not chosen:
            return hold('<p class="mems-note">（无）</p>')
        return hold(
            "".join(
                # Kept out of the search index: the comparison page's prose and table lead to them.
                compare.relation_finding_html(
                    build.relation_findings[r.id], r, build.titles(), self.page.base, searched=False
                )
                for r in chosen
            )
        )

    def entity_list(self) -> str:
        """The companies, regions and places that have a page, with how often each document names them."""
        build = self.build
        return hold(entities.entity_list_html(build.entities, build.titles(), self.page.base))

    def whole_document(self, folder: str) -> str:
        """Where the printable edition puts every chapter of docs/<folder>/. The chapters are not
        rendered again: the engine adapter puts their finished HTML here once every page is
        rendered (outputs.print_page)."""
        chapters = printing.document_chapters(self.build.pages, self.build.nav, folder, self.page.source)
        if self.page.document != folder:
            # Relative links and images in a chapter resolve only from a page in the same folder.
            raise DataError(
                f"{self.context}: whole_document('{folder}') must be called from a page in docs/{folder}/."
            )
        if not chapters:
            raise DataError(
                f"{self.context}: whole_document('{folder}') finds no chapter of docs/{folder}/ "
                "in mkdocs.yml's nav. List the chapters there, or name another folder."
            )
        return hold(printing.slot(folder))


def macro_functions(build: Build, current_page: Callable[[], Page]) -> dict[str, Callable]:
    """The page macros as an engine registers them: each call is checked against the macro's
    signature first (calls.py), runs for the page the engine is rendering, and fails with one
    paragraph naming the page and line: a DataError as it is, anything else as a fault of the engine."""

    def macro(name: str) -> Callable:
        @functools.wraps(getattr(PageMacros, name))
        def call(*args, **kwargs):
            macros = PageMacros(build, current_page())
            function = getattr(macros, name)
            try:
                calls.check_call(build.pages, macros.page, name, function, args, kwargs)
                return function(*args, **kwargs)
            except DataError as error:
                message = calls.placed(build.pages, macros.page, name, args, kwargs, str(error))
                log.error(message)
                raise DataError(message) from None
            except Exception as error:
                where = calls.call_line(build.pages, macros.page, name, args, kwargs)
                message = calls.engine_fault(f"{where}, {calls.call_text(name, args, kwargs)}", error)
                log.error(message)
                raise DataError(message) from None

        return call

    return {name: macro(name) for name in MACROS}


# -- figures: what each macro puts on a page ----------------------------------------------------


def table_figure(table: Table, caption: str | None = None) -> Figure:
    return Figure(
        f"{label_of(table)} {caption or table.title}", addresses.table_anchor(table.id), table.package, table
    )


def chart_figure(definition: ChartDef, table: Table) -> Figure:
    title = f"{definition.label} {definition.caption}".strip()
    return Figure(title, addresses.chart_anchor(definition.id), table.package, table)


def diagram_figure(table: Table) -> Figure:
    return Figure(f"示意图 {table.title}", addresses.diagram_anchor(table.id), table.package, table)


def numbered(charts: dict[str, ChartDef], catalog: Catalog, pages: PageIndex, nav) -> dict[str, ChartDef]:
    """Every chart with a number. A chart keeps the document's number of what it redraws; the
    others are numbered by the site in the order the chapters show them (then the rest), 图1,
    图2… in a document that numbers no figure of its own, 附图1… beside one that does (its
    own figures table). The report's index page and the figure list say so."""
    order = {source: i for i, source in enumerate(printing.nav_pages(nav or []))}
    shown: list[str] = []
    calls = sorted(
        pages.calls_of("chart"), key=lambda c: (order.get(c.page.source, len(order)), c.page.source)
    )
    for call in calls:
        chart_id = addresses.in_document(call.target or "", call.page.document)
        # A document's chapters number its charts; a chart quoted elsewhere (the home page) keeps it.
        if chart_id in charts and chart_id not in shown and call.page.document == charts[chart_id].document:
            shown.append(chart_id)
    shown += sorted(c for c in charts if c not in shown)
    counters: dict[str, int] = {}
    result = {}
    for chart_id in shown:
        definition = charts[chart_id]
        label = definition.label
        if not label:
            counters[definition.document] = counters.get(definition.document, 0) + 1
            own = f"{definition.document}/figures" in catalog.tables
            label = f"{'附图' if own else '图'}{counters[definition.document]}"
        result[chart_id] = dataclasses.replace(definition, label=label)
    return {chart_id: result[chart_id] for chart_id in charts}


def edition(document: str) -> str:
    """The name of this site's edition of a document, as a citation's container."""
    return f"{document}（重编本）"


def spec_refused(definition: ChartDef, layout: str, error: ValidationError) -> DataError:
    """Altair's or the Vega-Lite schema's refusal of what a chart function made, as a message that
    names the chart and the function to fix."""
    module = definition.function.__module__.replace(".", "/")
    problem = " ".join(str(error).split("\n\n")[0].split()).rstrip(".") + "."
    return DataError(
        f"{module}.py: chart '{definition.id}' ({layout} layout) makes a Vega-Lite spec that the "
        f"schema refuses: {problem} Fix the chart's function, {definition.function.__name__}()."
    )


def chart_cache_dir(project_dir: Path) -> Path | None:
    """Rendered charts are kept under .cache/charts; MEMS_CHART_CACHE=off renders every chart."""
    setting = os.environ.get("MEMS_CHART_CACHE", "")
    if setting == "off":
        return None
    return Path(setting) if setting else project_dir / ".cache" / "charts"


def template_cache(project_dir: Path) -> jinja2.BytecodeCache | None:
    """The theme's templates as compiled, kept in .cache/templates (or MEMS_TEMPLATE_CACHE; off:
    none): else every build compiles Material's forty-odd templates again, a quarter to half a
    second of each `make serve` rebuild and of each build the tests make. Jinja finds a template's
    code by its file and checks it against the source, so an edited or upgraded template is
    compiled anew, and what a build writes does not depend on it."""
    setting = os.environ.get("MEMS_TEMPLATE_CACHE", "")
    if setting == "off":
        return None
    folder = Path(setting) if setting else project_dir / ".cache" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def build_from_file(config_file: Path) -> Build:
    """The build of a project from its mkdocs.yml alone, for an engine or tool that reads no
    MkDocs configuration of its own."""
    import yaml

    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = [p for p in config.get("plugins") or [] if isinstance(p, dict)]
    options = next((p["macros"] for p in plugins if "macros" in p), None) or {}
    return start_build(config_file.resolve().parent, config, options)


def start_build(project_dir: Path, config, macros_options: dict) -> Build:
    """The build of the project whose configuration (mkdocs.yml, as a mapping) an engine read; any
    failure is one paragraph, a DataError."""
    try:
        settings = Settings.from_config(config, jinja_environment(macros_options))
        return Build(project_dir, chart_cache_dir(project_dir), settings)
    except DataError:
        raise
    except Exception as error:
        raise DataError(calls.engine_fault("loading data/ and docs/", error)) from None
