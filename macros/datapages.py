"""A page for every dataset, the data catalogue, citations, version stamps and the data package zip."""

from __future__ import annotations

import io
import json
import subprocess
import time
import zipfile
from pathlib import Path

import yaml

from . import render
from .catalog import Catalog, Table, text_of
from .escaping import html_attr, html_text
from .pages import Page

SITE_NAME = "中国MEMS产业数据文库"
PACKAGE_ZIP = "data/mems-data-package.zip"
TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数值"}


def source_file(table: Table) -> str:
    """The file a contributor edits to change a dataset: its CSV, or the code that computes it."""
    return table.code if table.computed else f"data/{table.package.name}/{table.path.name}"


def csv_bytes(table: Table) -> bytes:
    """The dataset as the reader downloads it: the CSV as published, or the computed table. The
    download starts with a byte order mark, so that Excel on Windows reads it as UTF-8 (without one
    it guesses the local code page and shows the Chinese garbled); the CSVs in data/ and in the data
    package stay plain UTF-8."""
    if table.computed:
        text = table.frame.to_csv(index=False, lineterminator="\n")
    else:
        text = table.path.read_bytes().decode("utf-8-sig")
    return text.encode("utf-8-sig")


def last_changes(project_dir: Path) -> dict[str, tuple[str, str]]:
    """For each file under data/, the date and short hash of the last commit that changed it.
    Taken from git, so that rebuilding one commit always stamps the same date."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=@%cs %h", "--name-only", "--", "data"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    changes: dict[str, tuple[str, str]] = {}
    current = ("", "")
    for line in log.splitlines():
        if line.startswith("@"):
            date, _, commit = line[1:].partition(" ")
            current = (date, commit)
        elif line and line not in changes:
            changes[line] = current
    return changes


def version_stamp(table: Table, changes: dict[str, tuple[str, str]]) -> str:
    package = table.package
    files = [f"data/{package.name}/datapackage.yaml"]
    if not table.computed:
        files.insert(0, f"data/{package.name}/{table.name}.csv")
    dated = sorted((changes[f] for f in files if f in changes), reverse=True)
    version = f"数据包版本 {package.version}" if package.version else "数据包未标版本"
    if not dated:
        return f"{version}；本数据尚未提交到版本库，无法给出修改日期。"
    date, commit = dated[0]
    return f"{version}；本数据最后修改于 {date}（提交 {commit}）。"


def citations(table: Table, stamp_date: str) -> tuple[str, str]:
    """A short and a full citation for the dataset."""
    package = table.package
    publisher = package.publisher or "未署名"
    where = " ".join(filter(None, [table.location, table.label]))
    short = f"{publisher}《{package.title}》{where}，数据集 {table.id}（{SITE_NAME}整理）"
    full = (
        f"{SITE_NAME}. {table.title}[DB/OL]. 数据集 {table.id}，数据包版本 {package.version or '—'}"
        f"{'，' + stamp_date if stamp_date else ''}. "
        f"原始文献：{publisher}. {package.title}[R]. {package.date or '出版时间不详'}"
        f"{'：' + where if where else ''}."
    )
    if table.computed:
        short = f"{SITE_NAME}根据{publisher}《{package.title}》计算，数据集 {table.id}"
    return short, full


def schema_html(table: Table) -> str:
    rows = "".join(
        f"<tr><td><code>{html_text(f.name)}</code></td><td>{html_text(f.title)}</td>"
        f"<td>{TYPE_NAMES.get(f.type, f.type)}</td><td>{html_text(f.unit) or '—'}</td>"
        f"<td>{html_text(f.description) or '—'}</td></tr>"
        for f in table.fields
    )
    return (
        '<div class="mems-scroll" tabindex="0"><table><thead><tr><th scope="col">列名</th><th scope="col">标题</th>'
        '<th scope="col">类型</th><th scope="col">单位</th><th scope="col">含义</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def data_page_html(table: Table, charts_html: list[str], used_on: list[Page], stamp: str, base: str) -> str:
    package = table.package
    short, full = citations(table, stamp.split("最后修改于 ")[-1].split("（")[0] if "修改于" in stamp else "")
    units = sorted({f.unit for f in table.fields if f.unit})
    if "unit" in table.frame.columns:
        units = ["见“单位”列"]
    kind = "本站计算的数据集" if table.computed else "文献所载数据"
    pages = (
        "".join(f'<li><a href="{base}{html_text(p.url)}">{html_text(p.title)}</a></li>' for p in used_on)
        or "<li>暂无页面引用本数据集。</li>"
    )
    description = f"<p>{html_text(table.description)}</p>" if table.description else ""
    return (
        f"<h1>{html_text(table.title)}</h1>"
        f'<div class="mems-datapage" data-dataset="{html_attr(table.id)}">'
        f"{description}"
        '<dl class="mems-facts">'
        f"<dt>文献</dt><dd>《{html_text(package.title)}》</dd>"
        f"<dt>出处</dt><dd>{html_text(render.source_text(table))}</dd>"
        f"<dt>性质</dt><dd>{kind}</dd>"
        f"<dt>单位</dt><dd>{html_text('、'.join(units) or '无')}</dd>"
        f"<dt>行数</dt><dd>{len(table.frame)}</dd>"
        f"<dt>版本</dt><dd>{html_text(stamp)}</dd>"
        "</dl>"
        f'<p class="mems-downloads"><a href="{base}{render.csv_url(table)}" download>下载本数据集（CSV）</a>'
        f' · <a href="{base}{PACKAGE_ZIP}" download>下载全部数据（数据包ZIP）</a></p>'
        f'<h2 id="schema">字段说明</h2>{schema_html(table)}'
        f'<h2 id="data">数据</h2>'
        f"{render.data_table_html(table, base)}"
        f"{search_sentences(table)}"
        + (f'<h2 id="charts">图表</h2>{"".join(charts_html)}' if charts_html else "")
        + f'<h2 id="used-on">引用本数据集的页面</h2><ul>{pages}</ul>'
        '<h2 id="cite">引用</h2>'
        f"<p><strong>简短引用：</strong>{html_text(short)}</p>"
        f"<p><strong>完整引用：</strong>{html_text(full)}</p>"
        "</div>"
    )


def row_sentence(table: Table, row: int) -> str:
    """A row as the search index reads it: its names, then each measure with its unit
    (2021 医疗：市场规模 22.3亿元), rather than cells run together (2021医疗22.3)."""
    unit_column = "unit" in table.frame.columns
    names, measures = [], []
    for f in table.fields:
        if f.name in ("id", "unit"):
            continue
        if f.numeric and not render.YEAR_LIKE.search(f.name):
            text = render.cell_text(table, f, row)
            unit = f.unit or (text_of(table.frame["unit"].iloc[row]) if unit_column else "")
            if text:
                measures.append(f"{f.title} {text}{unit}")
        else:
            names.append(render.label_text(table, f, row))
    return f"{' '.join(n for n in names if n)}：{'；'.join(measures)}" if measures else " ".join(names)


def search_sentences(table: Table) -> str:
    """The data table once more, a sentence per row, for the search index only: the table itself
    carries data-search-exclude, and `hidden` keeps these from readers and screen readers."""
    shown = range(min(len(table.frame), render.SHOWN_ROWS))
    rows = "".join(f"<p>{html_text(row_sentence(table, row))}</p>" for row in shown)
    return f'<div class="mems-search-rows" hidden>{rows}</div>'


def catalogue_html(catalog: Catalog, usage: dict[str, list[Page]], charts: dict, base: str) -> str:
    """All datasets of all documents, filterable by document and by text in the browser."""
    options = "".join(
        f'<option value="{html_attr(p.name)}">{html_text(p.title)}</option>'
        for p in catalog.packages.values()
    )
    rows = []
    for table_id in sorted(catalog.tables):
        table = catalog.tables[table_id]
        figures = [
            charts[n].label or charts[n].caption for n in sorted(charts) if charts[n].table_id == table_id
        ]
        label = table.label or ("推算" if table.computed else "")
        pages = "、".join(
            f'<a href="{base}{html_text(p.url)}">{html_text(p.title)}</a>' for p in usage.get(table_id, [])
        )
        text = " ".join([table.id, table.title, table.location, label, *figures]).lower()
        rows.append(
            f'<tr data-package="{html_attr(table.package.name)}" data-text="{html_attr(text)}">'
            f"<td>{html_text(table.package.title)}</td>"
            f'<td><a href="{base}{render.data_page_url(table)}">{html_text(table.title)}</a></td>'
            f"<td>{html_text(label)}</td><td>{html_text(table.location or '各行注明')}</td>"
            f'<td class="mems-num">{len(table.frame)}</td>'
            f"<td>{html_text('；'.join(figures))}</td><td>{pages or '—'}</td></tr>"
        )
    return (
        '<form class="mems-filter" role="search" onsubmit="return false">'
        '<label>文献 <select data-filter="package"><option value="">全部</option>'
        f"{options}</select></label> "
        '<label>关键词 <input type="search" data-filter="text" placeholder="数据集名称、图号或章节"></label>'
        '<output class="mems-filter__count" aria-live="polite"></output></form>'
        '<div class="mems-scroll" tabindex="0"><table class="mems-catalogue-table"><thead><tr>'
        '<th scope="col">文献</th><th scope="col">数据集</th><th scope="col">图表号</th>'
        '<th scope="col">出处</th><th scope="col">行数</th><th scope="col">本站图表</th>'
        '<th scope="col">引用页面</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f"<script>{FILTER_SCRIPT}</script>"
    )


# Filters the catalogue in the browser, so that it works from disk with no server; without
# JavaScript the full list stays visible.
FILTER_SCRIPT = """
(function () {
  var form = document.querySelector(".mems-filter");
  if (!form) return;
  var rows = document.querySelectorAll(".mems-catalogue-table tbody tr");
  var pick = form.querySelector("[data-filter=package]");
  var words = form.querySelector("[data-filter=text]");
  var count = form.querySelector(".mems-filter__count");
  function apply() {
    var shown = 0, text = words.value.trim().toLowerCase();
    rows.forEach(function (row) {
      var ok = (!pick.value || row.dataset.package === pick.value) &&
               (!text || row.dataset.text.indexOf(text) !== -1);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = " 显示 " + shown + " / " + rows.length + " 个数据集";
  }
  pick.addEventListener("change", apply);
  words.addEventListener("input", apply);
  apply();
})();
"""


def package_zip(catalog: Catalog, epoch: int) -> bytes:
    """The published CSVs with their descriptors as Frictionless data packages, one folder each.
    Entries are sorted and dated by SOURCE_DATE_EPOCH, so that one commit gives one zip."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for package in sorted(catalog.packages.values(), key=lambda p: p.name):
            descriptor = dict(package.descriptor)
            descriptor["profile"] = "data-package"
            entries = {"datapackage.json": json.dumps(descriptor, ensure_ascii=False, indent=2).encode()}
            entries["datapackage.yaml"] = yaml.safe_dump(
                descriptor, allow_unicode=True, sort_keys=False
            ).encode()
            for table in package.tables.values():
                if not table.computed:
                    entries[table.path.name] = table.path.read_bytes()
            for name in sorted(entries):
                info = zipfile.ZipInfo(f"{package.name}/{name}", date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entries[name])
    return buffer.getvalue()
