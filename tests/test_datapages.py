"""Every dataset has a generated page, a place in the catalogue, downloads and citations; the
whole data is one valid Frictionless package."""

from __future__ import annotations

import json
import re
import zipfile
from html import escape, unescape
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from frictionless import Package

from conftest import PROJECT, build, fixture_project
from macros.base import addresses
from macros.base.addresses import PACKAGE_ZIP
from macros.data.catalog import Catalog
from test_data import CATALOG, TABLES

HREF = re.compile(r'href="([^"#]+)(?:#[^"]*)?"')


def page(site: Path, url: str) -> str:
    return (site / url).read_text(encoding="utf-8")


@pytest.mark.parametrize("table_id", TABLES)
def test_every_dataset_has_its_page(built_site, table_id):
    table = CATALOG.tables[table_id]
    html = page(built_site, addresses.data_page(table.id))
    assert "<h1" in html and table.title in html
    for heading in (
        "字段说明",
        "数据",
        "引用本数据集的页面",
        "引用本数据集",
        "GB/T 7714",
        "APA",
        "报告数值错误",
    ):
        assert heading in html, f"{table_id}: no '{heading}' on its data page"
    for f in table.fields:
        assert f"<code>{f.name}</code>" in html, f"{table_id}: schema lacks {f.name}"
    assert "数据包版本" in html
    assert (built_site / addresses.csv_file(table.id)).is_file()


def test_catalogue_links_every_dataset(built_site):
    html = page(built_site, "data/index.html")
    links = set(HREF.findall(html))
    for table in CATALOG.tables.values():
        assert f"../{addresses.data_page(table.id)}" in links, f"{table.id} is missing from the catalogue"
        assert f"../{addresses.csv_file(table.id)}" in links, f"{table.id}: the catalogue offers no CSV"
    assert html.count("data-package=") == len(CATALOG.tables)
    # Grouped by document: a document's title stands once, as its section's heading; the outside
    # constants stand under their own plain heading, never as a document in 《》.
    for package in CATALOG.packages.values():
        assert html.count(package.shown_title) >= 1, package.name
        assert html.count(f"《{package.title}》") == (0 if package.is_reference else 1), package.name


def test_every_figure_links_its_data_and_downloads(built_site):
    pages = [p for p in built_site.rglob("*.html") if "mems-figure" in p.read_text(encoding="utf-8")]
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="mems-figure.*?</figure>', html, flags=re.S):
            targets = HREF.findall(figure)
            assert any(t.endswith(".html") and "/data/" in f"/{t}" for t in targets), figure[:200]
            # External links (the wrong-number report) are held to an allow-list in test_publishing.
            for target in (t for t in targets if not urlsplit(t).scheme):
                assert (path.parent / unquote(target)).resolve().is_file(), (
                    f"{path.name}: {target} is missing"
                )


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


def test_the_zip_holds_every_catalogued_dataset_with_provenance(built_site):
    with zipfile.ZipFile(built_site / PACKAGE_ZIP) as archive:
        names = set(archive.namelist())
        descriptors = {
            n.split("/")[0]: json.loads(archive.read(n)) for n in names if n.endswith("/datapackage.json")
        }
        for table in CATALOG.tables.values():
            member = f"{table.package.name}/{table.name}.csv"
            assert member in names, f"{table.id} is in the catalogue but not in the zip"
            resources = {r["name"]: r for r in descriptors[table.package.name]["resources"]}
            assert table.name in resources, f"{table.id} has no resource in its descriptor"
            if table.computed:
                # The download carries a byte order mark for Excel; the zip keeps plain UTF-8.
                download = (
                    (built_site / addresses.csv_file(table.id)).read_bytes().removeprefix(b"\xef\xbb\xbf")
                )
                assert archive.read(member) == download
                derivation = resources[table.name]["derivation"]
                assert derivation["description"] == table.derivation
                assert derivation["code"].startswith("macros/documents/") and derivation["inputs"], table.id
    assert any(t.computed for t in CATALOG.tables.values())


def test_the_zip_holds_the_sites_own_data_files(built_site):
    """How the two documents' quantities relate and the names they use are data too: they travel
    in the zip, byte for byte as in data/."""
    with zipfile.ZipFile(built_site / PACKAGE_ZIP) as archive:
        for name in ("relations.yaml", "entities.yaml", "README.md"):
            assert archive.read(name) == (PROJECT / "data" / name).read_bytes(), name


def test_the_zip_is_the_same_for_the_same_commit(tmp_path):
    from macros.html.datapages import package_zip

    assert package_zip(CATALOG, 1700000000) == package_zip(CATALOG, 1700000000)


def test_an_unused_dataset_is_a_warning_not_a_failure(tmp_path):
    project = fixture_project(tmp_path, "unused_dataset", group="variants")
    result = build(project, quiet=False)
    assert result.returncode == 0, result.stderr
    assert "数据集未被任何页面或图表使用（警告，不影响构建）：demo/spare" in result.stderr
    assert (project / "site" / "data" / "demo" / "spare.html").is_file()


def test_version_stamp_comes_from_git(site_data):
    from macros.html.datapages import version_stamp

    table = site_data.catalog.table("white-paper-2020/policies")
    stamp = version_stamp(table, site_data.changes)
    assert stamp == version_stamp(table, site_data.changes)
    if site_data.changes:
        assert re.search(r"最后修改于 \d{4}-\d{2}-\d{2}（提交 [0-9a-f]{7,}）", stamp), stamp


def test_the_project_catalog_loads():
    assert Catalog(Path(__file__).resolve().parent.parent / "data").packages


CITED = re.compile(r'<details class="mems-cite".*?</details>', re.S)


def citations_in(html: str) -> list[str]:
    return CITED.findall(html)


def test_every_chapter_data_page_and_figure_has_a_citation_with_its_address(built_site):
    import yaml

    site_url = yaml.safe_load((built_site.parent / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    pages = sorted(p for p in built_site.rglob("*.html") if p.name != "404.html")
    figures = 0
    for path in pages:
        url = path.relative_to(built_site).as_posix()
        html = path.read_text(encoding="utf-8")
        found = citations_in(html)
        assert found, f"{url}: no citation"
        address = site_url + quote(url)
        assert any(
            f"{address}." in c and "[引用日期]" in c and ("[EB/OL]" in c or "[DS/OL]" in c) for c in found
        )
        # The printable edition is made of its chapters: its figures cite the chapters' addresses.
        printed = url.endswith("print.html")
        for figure in [] if printed else re.findall(r'<figure class="mems-figure.*?</figure>', html, re.S):
            figures += 1
            anchor = re.search(r'id="([^"]+)"', figure).group(1)
            cited = citations_in(figure)
            assert len(cited) == 1 and f"{address}#{quote(anchor, safe='')}" in cited[0], f"{url}#{anchor}"
            assert "template=wrong-number.yml" in figure, f"{url}#{anchor}: no wrong-number link"
        for block in found:
            for target in re.findall(r'href="([^"]+\.(?:bib|ris))"', block):
                assert (path.parent / unquote(target)).is_file(), f"{url}: {target} missing"
    assert figures > 20


def test_data_pages_offer_a_wrong_number_report_with_the_dataset(built_site):
    for table in CATALOG.tables.values():
        html = page(built_site, addresses.data_page(table.id))
        links = re.findall(r'<a class="mems-report" href="([^"]+)"', html)
        assert links, f"{table.id}: no report link"
        query = parse_qs(urlsplit(unescape(links[-1])).query)
        assert query["template"] == ["wrong-number.yml"]
        assert table.id in query["value"][0] and query["location"][0].endswith(
            quote(addresses.data_page(table.id))
        )


def test_a_computed_data_page_names_its_code_and_inputs(built_site):
    from macros.html.provenance import provenance

    computed = [t for t in CATALOG.tables.values() if t.computed]
    for table in computed:
        html = page(built_site, addresses.data_page(table.id))
        found = provenance(table, CATALOG, Path(__file__).resolve().parent.parent)
        assert f"/blob/main/{found.code_path}#L{found.line}" in html, table.id
        assert f"{found.function}()" in html
        for read in found.inputs:
            assert escape(read.reference) in html and addresses.data_page(read.table.id) in html


def test_bibtex_and_ris_files_are_deterministic_and_dated_by_source_date_epoch(built_site):
    bib = (built_site / "cite" / "white-paper-2020" / "market.bib").read_text(encoding="utf-8")
    assert "date = {2023-11-14}" in bib and "url = {" in bib
    ris = (built_site / "cite" / "white-paper-2020" / "market.ris").read_bytes()
    assert ris.startswith(b"TY  - ELEC\r\n") and ris.endswith(b"ER  -\r\n")
