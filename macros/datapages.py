"""A page for every dataset, version stamps, and the data package zip."""

from __future__ import annotations

import io
import json
import re
import subprocess
import time
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from . import provenance, render
from .catalog import Catalog, Table

PACKAGE_ZIP = "data/mems-data-package.zip"
TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数值"}
# A macro call naming a dataset, a chart or a document figure in a page's Markdown source.
TABLE_CALL = re.compile(r"\b(?:table|value|rows|diagram)\(\s*[\"']([\w-]+/\w+)[\"']")
CHART_CALL = re.compile(r"\bchart\(\s*[\"'](\w+)[\"']")
FIGURE_CALL = re.compile(r"\bfigure\(\s*[\"']([\w-]+)/")


@dataclass(frozen=True)
class PageRef:
    url: str
    title: str


def page_url(source: str) -> str:
    return source[: -len(".md")] + ".html"


def page_title(text: str, source: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return source


def scan_usage(docs_dir: Path, charts: dict) -> dict[str, list[PageRef]]:
    """Which pages show which dataset, read from the chapters' macro calls (not from rendering,
    so that the answer does not depend on the order pages are built in)."""
    used: dict[str, dict[str, PageRef]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        source = path.relative_to(docs_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        ref = PageRef(page_url(source), page_title(text, source))
        ids = set(TABLE_CALL.findall(text))
        ids |= {charts[name].table_id for name in CHART_CALL.findall(text) if name in charts}
        ids |= {f"{package}/figures" for package in FIGURE_CALL.findall(text)}
        for table_id in ids:
            used.setdefault(table_id, {})[ref.url] = ref
    return {table_id: list(pages.values()) for table_id, pages in used.items()}


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
        f"<tr><td><code>{escape(f.name)}</code></td><td>{escape(f.title)}</td>"
        f"<td>{TYPE_NAMES.get(f.type, f.type)}</td><td>{escape(f.unit) or '—'}</td>"
        f"<td>{escape(f.description) or '—'}</td></tr>"
        for f in table.fields
    )
    return (
        '<div class="mems-scroll" tabindex="0"><table><thead><tr><th scope="col">列名</th><th scope="col">标题</th>'
        '<th scope="col">类型</th><th scope="col">单位</th><th scope="col">含义</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def data_page_html(
    table: Table, charts_html: list[str], used_on: list[PageRef], stamp: str, base: str, extra: str = ""
) -> str:
    """`extra`: the sections after the data (how a computed table is made, its citation)."""
    package = table.package
    units = sorted({f.unit for f in table.fields if f.unit})
    if "unit" in table.frame.columns:
        units = ["见“单位”列"]
    kind = "本站计算的数据集" if table.computed else "文献所载数据"
    pages = (
        "".join(f'<li><a href="{base}{escape(p.url)}">{escape(p.title)}</a></li>' for p in used_on)
        or "<li>暂无页面引用本数据集。</li>"
    )
    description = f"<p>{escape(table.description)}</p>" if table.description else ""
    return (
        f'<div class="mems-datapage" data-dataset="{escape(table.id)}">'
        f"{description}"
        '<dl class="mems-facts">'
        f"<dt>文献</dt><dd>《{escape(package.title)}》</dd>"
        f"<dt>出处</dt><dd>{escape(render.source_text(table))}</dd>"
        f"<dt>性质</dt><dd>{kind}</dd>"
        f"<dt>单位</dt><dd>{escape('、'.join(units) or '无')}</dd>"
        f"<dt>行数</dt><dd>{len(table.frame)}</dd>"
        f"<dt>版本</dt><dd>{escape(stamp)}</dd>"
        "</dl>"
        f'<p class="mems-downloads"><a href="{base}{render.csv_url(table)}" download>下载本数据集（CSV）</a>'
        f' · <a href="{base}{PACKAGE_ZIP}" download>下载全部数据（数据包ZIP）</a></p>'
        f'<h2 id="schema">字段说明</h2>{schema_html(table)}'
        f'<h2 id="data">数据</h2>'
        f'<div class="mems-scroll" tabindex="0">{render.table_body(table)}</div>'
        + (f'<h2 id="charts">图表</h2>{"".join(charts_html)}' if charts_html else "")
        + f'<h2 id="used-on">引用本数据集的页面</h2><ul>{pages}</ul>{extra}</div>'
    )


def package_zip(catalog: Catalog, epoch: int) -> bytes:
    """Every dataset of the catalogue, published and computed, with its descriptor, as Frictionless
    data packages, one folder each. Entries are sorted and dated by SOURCE_DATE_EPOCH, so that one commit gives one zip."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for package in sorted(catalog.packages.values(), key=lambda p: p.name):
            descriptor = dict(package.descriptor)
            descriptor["profile"] = "data-package"
            entries = {}
            for table in package.tables.values():
                if not table.computed:
                    entries[table.path.name] = table.path.read_bytes()
            computed = computed_resources(catalog, package)
            descriptor["resources"] = [*descriptor["resources"], *(r for r, _ in computed)]
            entries["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode()
            entries["datapackage.yaml"] = yaml.safe_dump(
                descriptor, allow_unicode=True, sort_keys=False
            ).encode()
            entries.update({resource["path"]: data for resource, data in computed})
            for name in sorted(entries):
                info = zipfile.ZipInfo(f"{package.name}/{name}", date_time=stamp)
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


def data_page_source(table: Table) -> str:
    """The Markdown of a generated data page: a heading and one macro call, nothing typed."""
    title = json.dumps(table.title, ensure_ascii=False)
    return f'---\ntitle: {title}\n---\n\n# {table.title}\n\n{{{{ data_page("{table.id}") }}}}\n'


CATALOGUE_SOURCE = """---
title: 数据目录
---

# 数据目录

本站每一张表、每一幅图和正文里的每一个数字都来自下列数据集。点击数据集名称可查看其字段说明、全部数据、图表、引用页面和引用格式；也可以<a href="{zip}" download>下载全部数据</a>（一个 ZIP 文件，内含每份文献的 CSV 和描述文件，符合 Frictionless 数据包规范）。

{{{{ data_catalogue() }}}}
"""
