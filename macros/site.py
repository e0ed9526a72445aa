"""The build's state and the page macros: table(), chart(), value(), figure(), data_note()."""

from __future__ import annotations

import inspect
import math
import re
import sys
from collections import defaultdict
from html import escape
from pathlib import Path

import altair as alt
import pandas as pd

from . import catalogue_page, citations, datapages, diagrams, figure_list, provenance, render
from .catalog import Catalog, DataError, suggest, text_of
from .charts import CHARTS, load_all, styled
from .checks import Finding, run_checks
from .derived import add_derived_tables
from .formatting import format_quantity
from .svg import SvgRenderer, content_key

TOKEN = "MEMSSTASH{:06d}X"
TOKEN_PATTERN = re.compile(r"(?:<p>)?MEMSSTASH(\d{6})X(?:</p>)?")


class SiteData:
    """Everything the build knows about the data, made once in define_env and shared with hooks."""

    def __init__(self, project_dir: Path, cache_dir: Path | None):
        self.project_dir = project_dir
        self.catalog = Catalog(project_dir / "data")
        add_derived_tables(self.catalog)
        load_all()
        # The charts of the documents present; a chart of an absent document does not exist here.
        self.charts = {
            name: definition
            for name, definition in CHARTS.items()
            if definition.table_id.partition("/")[0] in self.catalog.packages
        }
        for definition in self.charts.values():
            self.catalog.table(definition.table_id, f"macros/charts: chart '{definition.name}'")
        self.findings: list[Finding] = run_checks(self.catalog)
        self.usage = datapages.scan_usage(project_dir / "docs", self.charts)
        self.changes = datapages.last_changes(project_dir)
        # name -> SVG of every chart drawn in this build, written out as downloadable files.
        self.chart_svgs: dict[str, str] = {}
        self.svg = SvgRenderer(cache_dir)
        self.specs: dict[str, dict] = {}
        self.stash: dict[int, str] = {}
        # page url -> charts on that page, so that only those pages load the chart script.
        self.charts_on: dict[str, list[str]] = defaultdict(list)
        self.page_source = ""
        self.page_url = ""
        # The site's name, address and repository, for citations and issue links (set in define_env).
        self.publication = citations.Publication("", "", "")
        # path from the site root -> text of every BibTeX and RIS file the pages offer.
        self.cite_files: dict[str, str] = {}

    # -- the page being rendered -------------------------------------------------------------

    def start_page(self, source: str, url: str) -> None:
        self.page_source, self.page_url = source, url
        self.charts_on.pop(url, None)

    @property
    def base(self) -> str:
        """The way from the current page back to the site root, for relative links from disk."""
        return "../" * self.page_url.count("/")

    def context(self) -> str:
        return f"docs/{self.page_source}" if self.page_source else "a page"

    def hold(self, html: str) -> str:
        """Keep finished HTML out of Markdown's reach; hooks.py puts it back after conversion."""
        number = len(self.stash)
        self.stash[number] = html
        return TOKEN.format(number)

    def restore(self, html: str) -> str:
        return render.unique_anchors(TOKEN_PATTERN.sub(lambda m: self.stash[int(m.group(1))], html))

    # -- macros ------------------------------------------------------------------------------

    def table(self, table_id: str, columns: list[str] | None = None, caption: str | None = None) -> str:
        table = self.catalog.table(table_id, self.context())
        for column in columns or []:
            table.field(column)
        title = f"{render.label_of(table)} {caption or table.title}"
        tools = self.figure_tools(title, render.anchor("table", table), table.package, table)
        return self.hold(render.table_html(table, self.base, columns, caption, tools=tools))

    def chart(self, name: str) -> str:
        html = self.chart_figure(name, self.base)
        self.charts_on[self.page_url].append(name)
        return self.hold(html)

    def chart_figure(self, name: str, base: str) -> str:
        if name not in self.charts:
            raise DataError(f"{self.context()}: unknown chart '{name}'. {suggest(name, list(self.charts))}")
        definition = self.charts[name]
        table = self.catalog.table(definition.table_id)
        spec = self.chart_spec(name)
        svg = self.svg.render(spec, prefix=name)
        self.chart_svgs[name] = svg
        description = render.describe_chart(definition.caption, table, spec)
        label = definition.label or ""
        title = f"{label} {definition.caption}".strip()
        tools = self.figure_tools(title, f"chart-{name}", table.package, table)
        return render.chart_html(name, label, definition.caption, table, svg, description, base, tools=tools)

    def chart_spec(self, name: str) -> dict:
        # A chart shows on its chapter, its data page and the print page: its spec is made once a
        # build, and comes from the cache while the chart's code, style and data stay the same.
        if name not in self.specs:
            definition = self.charts[name]
            table = self.catalog.table(definition.table_id)

            def build() -> dict:
                frame = table.frame.copy()
                frame.attrs["table"] = table
                built = definition.function(frame)
                frame.attrs.clear()
                return styled(built).to_dict()

            key = content_key(
                alt.__version__,
                inspect.getsource(sys.modules[definition.function.__module__]),
                inspect.getsource(styled),
                repr((table.title, table.fields)),
                table.frame.to_csv(),
            )
            self.specs[name] = self.svg.spec(key, build)
        return self.specs[name]

    def value(self, table_id: str, key: str | None = None, column: str = "value", **where) -> str:
        """One number from the data, formatted with its unit and the decimals the source prints."""
        table = self.catalog.table(table_id, self.context())
        if key is not None:
            if len(table.primary_key) != 1:
                raise DataError(
                    f"{self.context()}: value('{table_id}', '{key}') names a row by key, but "
                    f"{table_id} has no single-column primaryKey. Name the row with column=value."
                )
            where = {table.primary_key[0]: key, **where}
        field = table.field(column)
        cell, row = table.cell(where, column, f"{self.context()}: value('{table_id}')")
        frame = table.frame
        if cell is None or (isinstance(cell, float) and math.isnan(cell)):
            published = text_of(frame["published"].iloc[row]) if "published" in frame else ""
            if not published:
                raise DataError(
                    f"{self.context()}: value('{table_id}') selects an empty cell "
                    f"({column}, row {row + 2} of {table.path.name}). Fill it in or quote another value."
                )
            note = text_of(frame["note"].iloc[row]) if "note" in frame else ""
            return self.hold(render.lost_value_html(published, note))
        if not field.numeric:
            return self.hold(render.value_html(str(cell)))
        unit = text_of(frame["unit"].iloc[row]) if "unit" in frame and column == "value" else field.unit
        decimals = field.decimals if field.decimals is not None else table.written_decimals(column, row)
        kwargs = {}
        if column == "value" and "value_max" in frame:
            top = frame["value_max"].iloc[row]
            if top is not None and not math.isnan(top):
                kwargs = {"value_max": float(top), "max_decimals": table.written_decimals("value_max", row)}
        qualifier = text_of(frame["qualifier"].iloc[row]) if "qualifier" in frame else ""
        return format_quantity(float(cell), unit, decimals, qualifier=qualifier, **kwargs)

    def figure(self, reference: str) -> str:
        """The document's own figure: its number, caption and what survives of its data."""
        package, _, label = reference.partition("/")
        figures = self.catalog.table(f"{package}/figures", self.context())
        cell, row = figures.cell({"label": label}, "caption", f"{self.context()}: figure('{reference}')")
        status = text_of(figures.frame["data_status"].iloc[row])
        notes = {
            "完整": "原图数据完整保存在源文本中，下方图表据此生成。",
            "部分": "原图是一幅图片，其数据系列没有随文本保存；下面只列出正文明确给出的数值。",
            "无": "原图是一幅图片，其数据系列没有随文本保存，正文也未给出其中的数值；此处只保留图题。",
        }
        note = notes.get(status, "")
        anchor = "fig-" + re.sub(r"\W", "", label)
        return self.hold(
            f'<div class="mems-docfigure" id="{escape(anchor)}" data-label="{escape(label)}">'
            f'<p class="mems-docfigure__caption"><span class="mems-label">{escape(label)}</span> '
            f"{escape(cell)}</p>"
            f'<p class="mems-docfigure__status">{note}</p>'
            f"{self.figure_tools(f'{label} {cell}', anchor, figures.package)}</div>"
        )

    def finding(self, check_id: str) -> Finding:
        for f in self.findings:
            if f.id == check_id:
                return f
        raise DataError(
            f"{self.context()}: unknown data check '{check_id}'. "
            f"{suggest(check_id, [f.id for f in self.findings])}"
        )

    def data_note(self, check_id: str) -> str:
        return self.hold(render.finding_html(self.finding(check_id), self.base))

    def data_notes(self, package: str, consistent: bool = False) -> str:
        """Every contradiction the checks find in a package (or every passed check)."""
        if package not in self.catalog.packages:
            known = suggest(package, list(self.catalog.packages))
            raise DataError(f"{self.context()}: unknown package '{package}'. {known}")
        chosen = [f for f in self.findings if f.package == package and f.consistent == consistent]
        if not chosen:
            return self.hold('<p class="mems-note">（无）</p>')
        return self.hold("".join(render.finding_html(f, self.base) for f in chosen))

    def contradiction_count(self, package: str) -> str:
        return str(sum(1 for f in self.findings if f.package == package and not f.consistent))

    def rows(self, table_id: str) -> pd.DataFrame:
        """The typed rows of a table, for a page that lists them in prose (names, not numbers)."""
        table = self.catalog.table(table_id, self.context())
        return table.frame

    def diagram(self, table_id: str) -> str:
        """A figure the document drew as a picture, redrawn from its table as HTML boxes."""
        table = self.catalog.table(table_id, self.context())
        tools = self.figure_tools(f"示意图 {table.title}", diagrams.anchor(table), table.package, table)
        return self.hold(diagrams.diagram_html(table, self.base, self.context(), tools=tools))

    def figure_list(self, package: str) -> str:
        """The list of figures and tables: every one the pages under docs/ show, linked to its place."""
        return self.hold(
            figure_list.figure_list_html(
                self.catalog, self.charts, self.project_dir / "docs", package, self.base, self.context()
            )
        )

    def data_page(self, table_id: str) -> str:
        """The body of a dataset's own page (the page itself is generated by hooks.py)."""
        table = self.catalog.table(table_id, self.context())
        names = sorted(n for n, d in self.charts.items() if d.table_id == table_id)
        charts = [self.chart_figure(name, self.base) for name in names]
        self.charts_on[self.page_url].extend(names)
        stamp = datapages.version_stamp(table, self.changes)
        used_on = self.usage.get(table_id, [])
        found = provenance.provenance(table, self.catalog, self.project_dir)
        computed = provenance.provenance_html(found, self.publication.repo, self.base) if found else ""
        html = datapages.data_page_html(
            table, charts, used_on, stamp, self.base, extra=computed + self.dataset_citation(table)
        )
        return self.hold(html)

    def data_catalogue(self) -> str:
        return self.hold(catalogue_page.catalogue_html(self.catalog, self.usage, self.charts, self.base))

    def unused_tables(self) -> list[str]:
        """Datasets that no chapter shows and no chart draws."""
        charted = {d.table_id for d in self.charts.values()}
        return sorted(t for t in self.catalog.tables if t not in self.usage and t not in charted)

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


def edition(document: str) -> str:
    """The name of this site's edition of a document, as a citation's container."""
    return f"{document}（重编本）"
