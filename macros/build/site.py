"""The build's state and the page macros: table(), chart(), value(), figure(), data_note().

The line is one way: the catalog (data, computed tables, checks) and the page index (every macro
call under docs/) are made once, before any page; each macro turns them into finished HTML; the
outputs (data pages, chart files, the zip) are written from the catalog and the chart registry.
Nothing here reads what an earlier page's rendering left behind.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import secrets
from pathlib import Path

import altair as alt
import jinja2
from jsonschema import ValidationError

from ..charts.exports import export_spec
from ..charts.registry import CHARTS, LAYOUTS, ChartDef, load_all, styled
from ..charts.svg import SvgRenderer
from ..data.catalog import Catalog, DataError, suggest
from ..data.checks import SEVERITIES, Finding, run_checks
from ..data.derived import add_derived_tables
from ..data.pages import Call, PageIndex, project_settings
from ..html import catalogue, citations, datapages, diagrams, figure_list, printing, provenance, quiet, render

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
)
# Altair refuses to put more rows than this into a chart's spec (its max_rows default).
VEGA_LITE_ROWS = 5000
# Finished HTML waits behind a token while Markdown runs. The token carries a secret drawn for each
# build, so no text in data/ (which is escaped, and may not know the secret) can name one.
BUILD_SECRET = secrets.token_hex(8)
TOKEN = f"MEMS{BUILD_SECRET}N{{:06d}}X"
TOKEN_PATTERN = re.compile(rf"(?:<p>)?MEMS{BUILD_SECRET}N(\d{{6}})X(?:</p>)?")


class SiteData:
    """Everything the build knows, made once before the first page and shared with the adapter."""

    def __init__(
        self,
        project_dir: Path,
        cache_dir: Path | None,
        environment: jinja2.Environment | None = None,
        nav: list | None = None,
    ):
        self.project_dir = project_dir
        self.catalog = Catalog(project_dir / "data")
        add_derived_tables(self.catalog)
        load_all()
        # The charts of the documents present; a chart of an absent document does not exist here.
        self.charts: dict[str, ChartDef] = {
            chart_id: definition
            for chart_id, definition in CHARTS.items()
            if definition.document in self.catalog.packages
        }
        for definition in self.charts.values():
            self.catalog.table(definition.table_id, f"macros/documents: chart '{definition.id}'")
        self.findings: list[Finding] = run_checks(self.catalog)
        if environment is None:
            environment, nav = project_settings(project_dir)
        self.pages = PageIndex(project_dir / "docs", MACROS, environment)
        self.nav = nav
        self.charts = numbered(self.charts, self.catalog, self.pages, nav)
        self.usage = self.table_usage()
        self.changes = datapages.last_changes(project_dir)
        self.svg = SvgRenderer(cache_dir)
        self.specs: dict[tuple[str, str], dict] = {}
        # The Altair chart each spec was made from, to check the spec when it is first drawn.
        self.chart_objects: dict[tuple[str, str], alt.TopLevelMixin] = {}
        self.svgs: dict[tuple[str, str], str] = {}
        self.stash: dict[int, str] = {}
        self.page_source = ""
        self.page_url = ""
        # The site's name, address and repository, for citations and issue links (set in define_env).
        self.publication = citations.Publication("", "", "")
        # path from the site root -> text of every BibTeX and RIS file the pages offer.
        self.cite_files: dict[str, str] = {}

    # -- the page being rendered -------------------------------------------------------------

    def start_page(self, source: str, url: str) -> None:
        self.page_source, self.page_url = source, url

    @property
    def base(self) -> str:
        """The way from the current page back to the site root, for relative links from disk."""
        return render.base_of(self.page_url)

    @property
    def document(self) -> str:
        """The document of the page being rendered: its folder under docs/."""
        return self.page_source.rpartition("/")[0]

    def context(self) -> str:
        return f"docs/{self.page_source}" if self.page_source else "a page"

    def hold(self, html: str) -> str:
        """Keep finished HTML out of Markdown's reach; restore() puts it back after conversion."""
        number = len(self.stash)
        self.stash[number] = html
        return TOKEN.format(number)

    def restore(self, html: str) -> str:
        return TOKEN_PATTERN.sub(lambda m: self.stash[int(m.group(1))], html)

    def plain(self, text: str, escaped: bool = True) -> str:
        """Text with each token replaced by the words of its HTML, for a heading's entry in the table
        of contents (HTML: the words stay escaped) or its anchor (escaped=False: the words as read).
        A value quoted in a heading is a link there, plain text in these."""
        words = render.escaped_words if escaped else render.plain_text
        return TOKEN_PATTERN.sub(lambda m: words(self.stash[int(m.group(1))]), text)

    # -- what the page index says ------------------------------------------------------------

    def chart_of(self, reference: str, document: str, context: str) -> ChartDef:
        """A chart by `document/name`, or by `name` within the page's own document."""
        chart_id = reference if "/" in reference else f"{document}/{reference}"
        if chart_id not in self.charts:
            known = [c.name for c in self.charts.values() if c.document == document] or list(self.charts)
            raise DataError(f"{context}: unknown chart '{reference}'. {suggest(reference, known)}")
        return self.charts[chart_id]

    def tables_of(self, call: Call) -> set[str]:
        """The datasets a macro call shows."""
        target = call.target
        if target is None:
            return set()
        if call.macro in ("table", "value", "diagram"):
            return {target}
        if call.macro == "chart":
            chart_id = target if "/" in target else f"{call.page.document}/{target}"
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

    def charts_on(self, source: str) -> list[ChartDef]:
        """The charts a chapter shows, so that only pages with charts load the chart script."""
        found = []
        for call in self.pages.calls_on(source):
            if call.macro == "chart" and call.target:
                chart_id = call.target if "/" in call.target else f"{call.page.document}/{call.target}"
                if chart_id in self.charts:
                    found.append(self.charts[chart_id])
        return found

    def unused_tables(self) -> list[str]:
        """Datasets that no chapter shows and no chart draws."""
        charted = {d.table_id for d in self.charts.values()}
        return sorted(t for t in self.catalog.tables if t not in self.usage and t not in charted)

    # -- charts ------------------------------------------------------------------------------

    def chart_figure(self, definition: ChartDef, base: str, table_view: bool = True, note: str = "") -> str:
        table = self.catalog.table(definition.table_id)
        svgs = {layout: self.chart_svg(definition, layout) for layout in LAYOUTS}
        spec = self.chart_spec(definition)
        description = render.describe_chart(definition.caption, table, spec)
        columns = render.plotted_first(table, spec)
        title = f"{definition.label} {definition.caption}".strip()
        tools = self.figure_tools(title, render.chart_anchor(definition), table.package, table)
        redrawn = self.document_figures(definition) if note else []
        # A redrawn figure stands under the document's number and caption; the note says what is drawn.
        caption = redrawn[0][1] if len(redrawn) == 1 else None
        return render.chart_html(
            definition, table, svgs, description, base, columns, table_view, tools, note, caption
        )

    def chart_svg(self, definition: ChartDef, layout: str) -> str:
        if (definition.id, layout) not in self.svgs:
            prefix = f"{render.chart_anchor(definition).removeprefix('chart-')}-{layout}"
            spec = self.chart_spec(definition, layout)
            check = functools.partial(self.check_spec, definition, layout)
            self.svgs[definition.id, layout] = self.svg.render(spec, prefix=prefix, check=check)
        return self.svgs[definition.id, layout]

    def chart_download(self, definition: ChartDef, site_name: str, site_url: str) -> str:
        """The chart's SVG download: its wide layout with figure number, title, unit, source line
        and the site's name and the file's address, so that it stands alone."""
        table = self.catalog.table(definition.table_id)
        address = site_url + render.chart_file_url(definition, "svg") if site_url else ""
        spec = export_spec(
            self.chart_spec(definition), definition.label, definition.caption, table, site_name, address
        )
        prefix = render.chart_anchor(definition).removeprefix("chart-") + "-export"
        return self.svg.render(spec, prefix)

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

    # -- macros ------------------------------------------------------------------------------

    def charted_here(self, table_id: str) -> list[ChartDef]:
        """The charts of `table_id` that the current page shows, in page order."""
        return [d for d in self.charts_on(self.page_source) if d.table_id == table_id]

    def table(self, table_id: str, columns: list[str] | None = None, caption: str | None = None) -> str:
        table = self.catalog.table(table_id, self.context())
        for column in columns or []:
            table.field(column)
        if self.charted_here(table_id) and not table.label:
            # One figure, one number: the page's chart of this table shows it as its table view (a
            # table the document numbered, 表2, stays itself, and its chart is a drawing of it).
            # The table's own anchor stays here, for links to it (the figure list's among them).
            return self.hold(f'<div class="mems-table-anchor" id="{render.anchor("table", table)}"></div>')
        title = f"{render.label_of(table)} {caption or table.title}"
        tools = self.figure_tools(title, render.anchor("table", table), table.package, table)
        return self.hold(render.table_html(table, self.base, columns, caption, tools=tools))

    def chart(self, name: str) -> str:
        definition = self.chart_of(name, self.document, self.context())
        # Of several charts of one dataset on a page, the first carries its table view.
        table_view = self.charted_here(definition.table_id)[:1] in ([], [definition])
        if self.catalog.table(definition.table_id).label and any(
            c.macro == "table" and c.target == definition.table_id
            for c in self.pages.calls_on(self.page_source)
        ):
            table_view = False
        return self.hold(
            self.chart_figure(
                definition, self.base, table_view=table_view, note=self.lost_figure_note(definition)
            )
        )

    def figure_shown_as_chart(self, label: str) -> bool:
        """Whether the page redraws the document's figure `label` as a chart (then the two are one)."""
        return any(label in re.split(r"[、/]", d.label) for d in self.charts_on(self.page_source))

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
            notice = found[0][2]
            # The figure's caption carries its anchor (render.chart_html).
            return (
                f'<p class="mems-docfigure__status">'
                f"本站据留存的数值重画：{render.html_text(definition.caption)}。{render.html_text(notice)}</p>"
            )
        return "".join(
            f'<p class="mems-docfigure__status" id="{render.figure_anchor(label)}">'
            f'<span class="mems-label">{render.html_text(label)}</span> {render.html_text(caption)}</p>'
            f'<p class="mems-docfigure__status">{render.html_text(notice)}</p>'
            for label, caption, notice in found
        )

    def value(self, table_id: str, key: str | None = None, column: str = "value", **where) -> str:
        """One value from the data, with its unit, qualifier and the decimals the source prints, as a
        link to its row on the dataset's page."""
        table = self.catalog.table(table_id, self.context())
        if key is not None:
            if len(table.primary_key) != 1:
                raise DataError(
                    f"{self.context()}: value('{table_id}', '{key}') names a row by key, but "
                    f"{table_id} has no single-column primaryKey. Name the row with column=value."
                )
            where = {table.primary_key[0]: key, **where}
        field = table.field(column)
        _, row = table.cell(where, column, f"{self.context()}: value('{table_id}')")
        if not field.numeric:
            return self.hold(render.text_value_html(table, row, column, self.base))
        quantity = table.quantity(row, column)
        if quantity.lost and not quantity.published:
            raise DataError(
                f"{self.context()}: value('{table_id}') selects an empty cell "
                f"({column}, line {table.line_of(row)} of {table.path.name}). "
                "Fill it in or quote another value."
            )
        return self.hold(render.quantity_html(quantity, self.base))

    def figure(self, reference: str) -> str:
        """The document's own figure: its number, caption and what survives of its data."""
        package, _, label = reference.partition("/")
        figures = self.catalog.table(f"{package}/figures", self.context())
        _, row = figures.cell({"label": label}, "caption", f"{self.context()}: figure('{reference}')")
        if package == self.document and self.figure_shown_as_chart(label):
            # A lost figure and its redraw are one figure: the chart carries the number and says
            # what survives (lost_figure_note).
            return self.hold("")
        anchor = render.figure_anchor(label)
        tools = self.figure_tools(f"{label} {figures.text_cell(row, 'caption')}", anchor, figures.package)
        return self.hold(render.figure_html(figures, row, tools))

    def finding(self, reference: str) -> Finding:
        """A check's finding by `document/id`, or by `id` within the page's own document: two
        documents may each have a check of the same id, as they may a chart of the same name. A page
        outside the documents' folders may name a check by `id` alone where only one has it."""
        package, _, check_id = reference.rpartition("/")
        package = package or self.document
        found = [f for f in self.findings if f.id == check_id and package in ("", f.package)]
        if len(found) == 1:
            return found[0]
        if found:
            raise DataError(
                f"{self.context()}: data check '{check_id}' is in more than one document "
                f"({', '.join(f.package for f in found)}). Name it as document/{check_id}."
            )
        known = [f.id for f in self.findings if f.package == package] or [f.id for f in self.findings]
        raise DataError(f"{self.context()}: unknown data check '{reference}'. {suggest(check_id, known)}")

    def data_note(self, check_id: str) -> str:
        """A finding in full where the prose quotes it; a pass as one line, which the page then
        folds into its summary of passes (quiet.gather_passes)."""
        finding = self.finding(check_id)
        if finding.consistent:
            return self.hold(quiet.pass_line(finding, gather=True))
        return self.hold(render.finding_html(finding, self.base))

    def data_notes(self, package: str, consistent: bool = False, severity: str | None = None) -> str:
        """Every finding of a package (of one severity), largest gap first, or every passed check."""
        chosen = [f for f in self.package_findings(package, severity) if f.consistent == consistent]
        chosen.sort(key=lambda f: -f.gap)
        if not chosen:
            return self.hold('<p class="mems-note">（无）</p>')
        if consistent:
            return self.hold(quiet.passes_by_section(chosen))
        return self.hold("".join(render.finding_html(f, self.base) for f in chosen))

    def contradiction_count(self, package: str, severity: str = "contradiction") -> str:
        """How many findings of one severity a package has (contradictions unless told)."""
        return str(sum(1 for f in self.package_findings(package, severity) if not f.consistent))

    def package_findings(self, package: str, severity: str | None) -> list[Finding]:
        if package not in self.catalog.packages:
            known = suggest(package, list(self.catalog.packages))
            raise DataError(f"{self.context()}: unknown package '{package}'. {known}")
        if severity is not None and severity not in SEVERITIES:
            raise DataError(
                f"{self.context()}: unknown severity '{severity}'. Known: {', '.join(SEVERITIES)}."
            )
        return [f for f in self.findings if f.package == package and severity in (None, f.severity)]

    def severity(self, name: str) -> str:
        """A severity label for a note written in prose on a data-notes page."""
        if name not in SEVERITIES:
            raise DataError(f"{self.context()}: unknown severity '{name}'. Known: {', '.join(SEVERITIES)}.")
        return self.hold(render.severity_badge(name))

    def diagram(self, table_id: str) -> str:
        """A figure the document drew as a picture, redrawn from its table as HTML boxes."""
        table = self.catalog.table(table_id, self.context())
        tools = self.figure_tools(f"示意图 {table.title}", diagrams.anchor(table), table.package, table)
        return self.hold(diagrams.diagram_html(table, self.base, self.context(), tools=tools))

    def figure_list(self, package: str) -> str:
        """The list of figures and tables: every one the pages under docs/ show, linked to its place."""
        return self.hold(figure_list.figure_list_html(self.catalog, self, package, self.base, self.context()))

    def data_catalogue(self) -> str:
        return self.hold(catalogue.catalogue_html(self.catalog, self.usage, self.charts, self.base))

    def whole_document(self, folder: str) -> str:
        """Where the printable edition puts every chapter of docs/<folder>/. The chapters are not
        rendered again: the adapter puts their finished HTML here once every page is rendered."""
        chapters = printing.document_chapters(self.pages, self.nav, folder, self.page_source)
        if self.document != folder:
            # Relative links and images in a chapter resolve only from a page in the same folder.
            raise DataError(
                f"{self.context()}: whole_document('{folder}') must be called from a page in docs/{folder}/."
            )
        if not chapters:
            raise DataError(
                f"{self.context()}: whole_document('{folder}') finds no chapter of docs/{folder}/ "
                "in mkdocs.yml's nav. List the chapters there, or name another folder."
            )
        return self.hold(printing.slot(folder))

    # -- pages made from the catalog ---------------------------------------------------------

    def data_page_html(self, table_id: str, page_url: str) -> str:
        """The whole of a dataset's own page, from the catalog and the chart registry."""
        table = self.catalog.table(table_id)
        base = render.base_of(page_url)
        # The data page shows the whole table once: its charts come without their own table view.
        charts = [
            self.chart_figure(d, base, table_view=False)
            for d in sorted(self.charts.values(), key=lambda d: d.id)
            if d.table_id == table_id
        ]
        stamp = datapages.version_stamp(table, self.changes)
        used_on = self.usage.get(table_id, [])
        self.page_url = page_url
        found = provenance.provenance(table, self.catalog, self.project_dir)
        repo = self.publication.repo
        computed = provenance.provenance_html(found, repo, base) if found else ""
        code = provenance.provenance_code_html(found, repo, base) if found else ""
        return datapages.data_page_html(
            table, charts, used_on, stamp, base, extra=computed + self.dataset_citation(table), code=code
        )

    # -- citations and reports ---------------------------------------------------------------

    def citation(self, item: citations.Citable, summary: str) -> str:
        """A citation block, its BibTeX and RIS files kept for hooks.py to write."""
        self.cite_files.update(citations.files(self.publication, item))
        return citations.citation_html(self.publication, item, self.base, summary)

    def figure_tools(self, title: str, anchor: str, package, table=None) -> str:
        """Under a figure: a link that reports a wrong number in it, and its citation."""
        pub = self.publication
        where = pub.address(self.page_url, anchor)
        if table is not None:
            value = f"数据集 {table.id} 中的数值（请写明哪一行、哪一列）"
            source = render.source_text(table)
        else:
            value, source = "（请写明哪一个数值）", f"《{package.title}》{title.split(' ')[0]}"
        item = citations.Citable(
            "figure",
            title,
            self.page_url,
            anchor=anchor,
            container=edition(package.title),
            original=citations.source_document(package),
        )
        return (
            '<div class="mems-figure__tools">'
            f"{citations.report_html(pub, title, where, value, source)}"
            f"{self.citation(item, '引用本图')}</div>"
        )

    def dataset_citation(self, table) -> str:
        pub = self.publication
        package = table.package
        item = citations.Citable(
            "dataset",
            f"{table.title}：数据集 {table.id}",
            self.page_url,
            version=package.version,
            original=citations.source_document(package),
        )
        where = pub.address(self.page_url)
        value = f"数据集 {table.id} 中的数值（请写明哪一行、哪一列）"
        report = citations.report_html(pub, table.title, where, value, render.source_text(table))
        return (
            '<h2 id="cite">引用与报告错误</h2>'
            f'<p class="mems-report-line">发现数值与原文不符？{report}</p>'
            f"{self.citation(item, '引用本数据集')}"
        )

    def page_citation(self, url: str, title: str) -> str:
        """The citation of a whole page (a chapter, the home page), placed at its end by hooks.py."""
        self.page_url = url
        package = self.catalog.packages.get(url.partition("/")[0]) if "/" in url else None
        item = citations.Citable(
            "page",
            title,
            url,
            container=edition(package.title) if package else "",
            original=citations.source_document(package) if package else "",
        )
        return self.citation(item, "引用本页")


def numbered(charts: dict[str, ChartDef], catalog: Catalog, pages: PageIndex, nav) -> dict[str, ChartDef]:
    """Every chart with a number. A chart keeps the document's number of what it redraws; the
    others are numbered by the site
    in the order the chapters show them (then the rest), 图1, 图2… in a document that numbers no
    figure of its own, 附图1… beside one that does. SITE_NUMBER_NOTE says so where they show."""
    order = {source: i for i, source in enumerate(printing.nav_pages(nav or []))}
    shown: list[str] = []
    for call in sorted(
        pages.calls_of("chart"), key=lambda c: (order.get(c.page.source, len(order)), c.page.source)
    ):
        chart_id = (
            call.target if call.target and "/" in call.target else f"{call.page.document}/{call.target}"
        )
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
