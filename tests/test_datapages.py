"""Every dataset has a generated page, a place in the catalogue, downloads and citations; the
whole data is one valid Frictionless package."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from conftest import build, fixture_project
from macros.catalog import Catalog
from macros.datapages import PACKAGE_ZIP
from macros.render import csv_url, data_page_url
from test_data import CATALOG, TABLES

HREF = re.compile(r'href="([^"#]+)(?:#[^"]*)?"')


def page(site: Path, url: str) -> str:
    return (site / url).read_text(encoding="utf-8")


@pytest.mark.parametrize("table_id", TABLES)
def test_every_dataset_has_its_page(built_site, table_id):
    table = CATALOG.tables[table_id]
    html = page(built_site, data_page_url(table))
    assert "<h1" in html and table.title in html
    for heading in ("字段说明", "数据", "引用本数据集的页面", "简短引用", "完整引用"):
        assert heading in html, f"{table_id}: no '{heading}' on its data page"
    for f in table.fields:
        assert f"<code>{f.name}</code>" in html, f"{table_id}: schema lacks {f.name}"
    assert "数据包版本" in html
    assert (built_site / csv_url(table)).is_file()


def test_catalogue_links_every_dataset(built_site):
    html = page(built_site, "data/index.html")
    links = set(HREF.findall(html))
    for table in CATALOG.tables.values():
        assert f"../{data_page_url(table)}" in links, f"{table.id} is missing from the catalogue"
    assert html.count("data-package=") == len(CATALOG.tables)


def test_every_figure_links_its_data_and_downloads(built_site):
    pages = [p for p in built_site.rglob("*.html") if "mems-figure" in p.read_text(encoding="utf-8")]
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="mems-figure.*?</figure>', html, flags=re.S):
            targets = HREF.findall(figure)
            assert any(t.endswith(".html") and "/data/" in f"/{t}" for t in targets), figure[:200]
            for target in targets:
                assert (path.parent / target).resolve().is_file(), f"{path.name}: {target} is missing"


def test_data_page_lists_the_pages_that_use_it(built_site):
    html = page(built_site, "data/white-paper-2020/wafer_demand_by_size.html")
    assert "manufacturing.html" in html and "第4章" in html


def test_the_data_package_is_valid_frictionless(built_site, tmp_path):
    with zipfile.ZipFile(built_site / PACKAGE_ZIP) as archive:
        archive.extractall(tmp_path)
    descriptors = sorted(tmp_path.glob("*/datapackage.json"))
    assert {d.parent.name for d in descriptors} == set(CATALOG.packages)
    for descriptor in descriptors:
        report = Package(str(descriptor)).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        assert data["version"], "the package needs a version"


def test_the_zip_is_the_same_for_the_same_commit(tmp_path):
    from macros.datapages import package_zip

    assert package_zip(CATALOG, 1700000000) == package_zip(CATALOG, 1700000000)


def test_an_unused_dataset_is_a_warning_not_a_failure(tmp_path):
    project = fixture_project(tmp_path, "unused_dataset", group="variants")
    result = build(project, quiet=False)
    assert result.returncode == 0, result.stderr
    assert "数据集未被任何页面或图表使用（警告，不影响构建）：demo/spare" in result.stderr
    assert (project / "site" / "data" / "demo" / "spare.html").is_file()


def test_version_stamp_comes_from_git(site_data):
    from macros.datapages import version_stamp

    table = site_data.catalog.table("white-paper-2020/policies")
    stamp = version_stamp(table, site_data.changes)
    assert stamp == version_stamp(table, site_data.changes)
    if site_data.changes:
        assert re.search(r"最后修改于 \d{4}-\d{2}-\d{2}（提交 [0-9a-f]{7,}）", stamp), stamp


def test_the_project_catalog_loads():
    assert Catalog(Path(__file__).resolve().parent.parent / "data").packages
