"""A page for every dataset, version stamps, and the data package zip."""

from __future__ import annotations

import io
import json
import subprocess
import time
import zipfile
from pathlib import Path

import yaml

from ..base import addresses
from ..base.escaping import html_attr, html_text
from ..data.catalog import SITE_FILES, Catalog, Table, text_of
from ..data.pages import Page
from ..data.plain_text import YEAR_LIKE, cell_text, source_text
from . import provenance, render

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


def data_page_html(
    table: Table,
    charts_html: list[str],
    used_on: list[Page],
    stamp: str,
    base: str,
    extra: str = "",
    code: str = "",
) -> str:
    """`extra`: the sections after the data (how a computed table is made, its citation); `code`:
    how a contributor finds the computation in the code. What only a contributor needs (column
    names, file paths, code) is in one closed section at the end: a reader's page reads as words."""
    package = table.package
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
        # The facts read as one sentence in the search index, not as labels run together.
        f'<p class="mems-search-rows" hidden>{html_text(summary_sentence(table, kind, units))}</p>'
        '<dl class="mems-facts" data-search-exclude>'
        + (
            "<dt>来源</dt><dd>文献以外的参考常数，各行注明所据标准的编号、版本和条款</dd>"
            if package.is_reference
            else f"<dt>文献</dt><dd>《{html_text(package.title)}》</dd>"
        )
        + f"<dt>出处</dt><dd>{html_text(source_text(table))}</dd>"
        f"<dt>性质</dt><dd>{kind}</dd>"
        f"<dt>单位</dt><dd>{html_text('、'.join(units) or '无')}</dd>"
        f"<dt>行数</dt><dd>{len(table.frame)}</dd>"
        f"<dt>版本</dt><dd>{html_text(stamp)}</dd>"
        "</dl>"
        f'<p class="mems-downloads"><a href="{base}{addresses.csv_file(table.id)}" download>下载本数据集（CSV）</a>'
        f' · <a href="{base}{addresses.PACKAGE_ZIP}" download>下载全部数据（数据包ZIP）</a></p>'
        f'<h2 id="data">数据</h2>'
        f"{render.data_table_html(table, base)}"
        f"{search_sentences(table)}"
        + (f'<h2 id="charts">图表</h2>{"".join(charts_html)}' if charts_html else "")
        + f'<h2 id="used-on">引用本数据集的页面</h2><ul>{pages}</ul>{extra}'
        + contributors_html(table, code)
        + "</div>"
    )


def summary_sentence(table: Table, kind: str, units: list[str]) -> str:
    """What a dataset is, in one sentence: the search result's snippet."""
    unit = f"，单位为{'、'.join(units)}" if units and units != ["见“单位”列"] else ""
    return f"{kind}，出自{source_text(table)}{unit}，共{len(table.frame)}行。"


def contributors_html(table: Table, code: str) -> str:
    """Column names, the file to edit and the code: closed until a contributor opens it."""
    return (
        '<h2 id="contributors">供贡献者</h2>'
        '<details class="mems-contrib" data-search-exclude><summary>字段名、源文件与计算代码（点开查看）</summary>'
        f"<p>修改本数据集请编辑 <code>{html_text(source_file(table))}</code>；"
        f"数据集编号 <code>{html_text(table.id)}</code>。</p>"
        f"<p>字段说明：</p>{schema_html(table)}{code}</details>"
    )


def row_sentence(table: Table, row: int) -> str:
    """A row as the search index reads it: its names, then each measure with its unit
    (2021 医疗：市场规模 22.3亿元), rather than cells run together (2021医疗22.3)."""
    unit_column = "unit" in table.frame.columns
    names, measures = [], []
    for f in table.fields:
        if f.name in ("id", "unit", "same_as"):
            continue
        if f.numeric and not YEAR_LIKE.search(f.name):
            text = cell_text(table, f, row)
            unit = f.unit or (text_of(table.value(row, "unit")) if unit_column else "")
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


# The name of the package that holds both documents, at the zip's root.
ZIP_PACKAGE = "mems-data-library"


def package_zip(catalog: Catalog, epoch: int, title: str = ZIP_PACKAGE, statement: str = "") -> bytes:
    """Every dataset of the catalogue, published and computed, as Frictionless data packages: one
    folder per document with its own descriptor, and at the root a descriptor of all of them
    (`frictionless validate` reads a zip by its root datapackage.json; without one it takes the zip
    for a single CSV), LICENSE.txt: the site's licence `statement` and the licences named, and the
    site's own files beside the documents (SITE_FILES: how the two documents' quantities relate,
    the names they use, and the folder's README), as they stand in data/. Entries are sorted and
    dated by SOURCE_DATE_EPOCH, so that one commit gives one zip."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    entries: dict[str, bytes] = {}
    combined, licenses, sources = [], [], []
    for package in sorted(catalog.packages.values(), key=lambda p: p.name):
        descriptor = dict(package.descriptor)
        descriptor["profile"] = "data-package"
        files = {}
        for table in package.tables.values():
            if not table.computed:
                files[table.path.name] = table.path.read_bytes()
        computed = computed_resources(catalog, package)
        descriptor["resources"] = [*descriptor["resources"], *(r for r, _ in computed)]
        files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode()
        files["datapackage.yaml"] = yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False).encode()
        files.update({resource["path"]: data for resource, data in computed})
        entries.update({f"{package.name}/{name}": data for name, data in files.items()})
        # In the root descriptor a resource is named as everywhere else on the site: document/table.
        for resource in descriptor["resources"]:
            named = {
                "name": f"{package.name}/{resource['name']}",
                "path": f"{package.name}/{resource['path']}",
            }
            combined.append(resource | named)
        licenses += [licence for licence in descriptor.get("licenses", []) if licence not in licenses]
        sources += [source for source in descriptor.get("sources", []) if source not in sources]
    root = {"profile": "data-package", "name": ZIP_PACKAGE, "title": title}
    root |= {"licenses": licenses} if licenses else {}
    root |= {"sources": sources, "resources": combined}
    entries["datapackage.json"] = json.dumps(root, ensure_ascii=False, indent=2).encode()
    named = [f"{licence.get('title') or licence['name']}: {licence.get('path', '')}" for licence in licenses]
    entries["LICENSE.txt"] = "\n\n".join(part for part in (statement, *named) if part).encode() + b"\n"
    for name in SITE_FILES:
        if (catalog.data_dir / name).is_file():
            entries[name] = (catalog.data_dir / name).read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def computed_resources(catalog: Catalog, package) -> list[tuple[dict, bytes]]:
    """The package's computed tables as resources of its descriptor, each with its CSV and its
    provenance (`derivation`, ours: the formula, the code that computes it and the values it reads)."""
    found = []
    for table in sorted(package.tables.values(), key=lambda t: t.name):
        origin = provenance.provenance(table, catalog, catalog.data_dir.parent)
        if origin is None:
            continue
        fields = []
        for f in table.fields:
            described = {"name": f.name, "type": f.type, "title": f.title}
            described |= {k: v for k, v in (("description", f.description), ("unit", f.unit)) if v}
            if f.decimals is not None:
                described["decimals"] = f.decimals
            fields.append(described)
        resource = {
            "name": table.name,
            "path": f"{table.name}.csv",
            "title": table.title,
            "description": table.description or table.derivation,
            "computed": True,
            "derivation": origin.descriptor(),
            "schema": {"fields": fields},
        }
        found.append((resource, provenance.computed_csv(table)))
    return found
