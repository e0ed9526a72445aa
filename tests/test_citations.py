"""Citations (GB/T 7714, APA, BibTeX, RIS), the wrong-number issue link and its form, CITATION.cff,
the provenance of computed datasets and the catalogue's search text: in-process, no build."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import PROJECT
from macros.base import addresses
from macros.data.derived import DERIVED
from macros.html import catalogue as catalogue_page
from macros.html import citations, provenance
from test_data import CATALOG

CONFIG = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
PUB = citations.Publication(
    "中国MEMS产业数据文库", "https://example.org/lib/", "https://github.com/o/r", "2023-11-14"
)
UNDATED = citations.Publication("中国MEMS产业数据文库", "https://example.org/lib/", "https://github.com/o/r")
DATASET = citations.Citable(
    "dataset",
    "市场规模：数据集 white-paper-2020/market_size",
    "data/white-paper-2020/market_size.html",
    version="1.0.0",
)
FIGURE = citations.Citable("figure", "图8 市场规模", "white-paper-2020/market.html", anchor="fig-图8")
COMPUTED = sorted(t for t in CATALOG.tables if CATALOG.tables[t].computed)


def test_gbt7714_names_type_version_date_placeholder_and_address():
    """GB/T 7714—2025, checked against its examples as the gbt7714 BibTeX style's tests render
    them (8.14.3, a dataset: "…数据集[DS/OL]. V1.0. 国家基础学科公共科学数据中心（2023-09-10）
    [2025-07-15]. URL."; 8.11.3, an online resource: "…[EB/OL]. （2025-02-17）[2025-06-22]. URL.")."""
    text = citations.gbt7714(PUB, DATASET)
    assert text == (
        "中国MEMS产业数据文库. 市场规模：数据集 white-paper-2020/market_size[DS/OL]. V1.0.0. "
        "中国MEMS产业数据文库（2023-11-14）[引用日期]. "
        "https://example.org/lib/data/white-paper-2020/market_size.html."
    )
    assert citations.gbt7714(PUB, FIGURE) == (
        "中国MEMS产业数据文库. 图8 市场规模[EB/OL]. （2023-11-14）[引用日期]. "
        "https://example.org/lib/white-paper-2020/market.html#fig-%E5%9B%BE8."
    )
    # Without SOURCE_DATE_EPOCH there is no version date, and no date is made up.
    assert "()" not in citations.gbt7714(UNDATED, DATASET) and "[引用日期]" in citations.gbt7714(
        UNDATED, DATASET
    )


def test_a_source_document_is_a_report_with_no_empty_part():
    """GB/T 7714—2025's report examples (8.8.3): 责任者. 题名[R]. 日期. An author the descriptor
    says is not named is left out (its example 7.3 starts with the title); no date, no double stop."""
    from types import SimpleNamespace

    dated = SimpleNamespace(
        publisher="赛迪顾问（CCID Consulting）", title="白皮书", date="2020-10", is_reference=False
    )
    assert citations.source_document(dated) == "赛迪顾问（CCID Consulting）. 白皮书[R]. 2020-10."
    unnamed = SimpleNamespace(publisher="未署名", title="研究报告", date="", is_reference=False)
    assert citations.source_document(unnamed) == "研究报告[R]."


def test_apa_gives_date_version_kind_and_retrieval():
    text = citations.apa(PUB, DATASET)
    assert text.startswith("中国MEMS产业数据文库. (2023, November 14). 市场规模")
    assert "(Version 1.0.0) [Data set]." in text
    assert text.endswith(
        "Retrieved [引用日期], from https://example.org/lib/data/white-paper-2020/market_size.html"
    )
    assert "(n.d.)" in citations.apa(UNDATED, DATASET)


def test_a_figure_address_carries_its_anchor_url_encoded():
    address = PUB.address(FIGURE.path, FIGURE.anchor)
    assert address == "https://example.org/lib/white-paper-2020/market.html#fig-%E5%9B%BE8"


def test_bibtex_escapes_specials_and_keys_stay_ascii_and_distinct():
    item = citations.Citable("page", "A_b & {c} 50% #1", "x/y_z.html")
    entry = citations.bibtex(PUB, item)
    assert r"A\_b \& \{c\} 50\% \#1" in entry
    assert entry.count("{") - entry.count(r"\{") == entry.count("}") - entry.count(r"\}")
    first, second = (
        citations.bibtex_key(PUB, citations.Citable("figure", "t", "p.html", anchor=a))
        for a in ("fig-图8", "fig-图9")
    )
    assert first != second and first.isascii() and second.isascii()
    assert "url = {https://example.org/lib/white-paper-2020/market.html#fig-%E5%9B%BE8}" in citations.bibtex(
        PUB, FIGURE
    )


def test_ris_is_tagged_lines_ending_in_crlf():
    text = citations.ris(PUB, DATASET)
    lines = text.split("\r\n")
    assert lines[0] == "TY  - DATA" and lines[-2] == "ER  -" and lines[-1] == ""
    assert "UR  - https://example.org/lib/data/white-paper-2020/market_size.html" in lines
    assert "DA  - 2023/11/14" in lines and "ET  - 1.0.0" in lines


def test_citation_files_sit_beside_the_page_path():
    assert sorted(citations.files(PUB, FIGURE)) == [
        "cite/white-paper-2020/market/fig-图8.bib",
        "cite/white-paper-2020/market/fig-图8.ris",
    ]


def test_citation_html_escapes_data_text_and_marks_the_access_date():
    hostile = citations.Citable("page", '<script>alert("x")</script>', "a.html", original="<b>书</b>")
    html = citations.citation_html(PUB, hostile, "../", "引用本页")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert html.count('class="mems-cite__date" data-style="iso">引用日期</span>]') == 1
    assert html.count('class="mems-cite__date" data-style="apa">[引用日期]</span>') == 1
    assert 'href="../cite/a.bib" download' in html and 'href="../cite/a.ris" download' in html


def test_publication_takes_its_date_from_source_date_epoch(monkeypatch):
    config = {"site_name": "S", "site_url": "https://e.org/", "extra": {"repo": "https://github.com/o/r/"}}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert citations.Publication.from_config(config).version_date == "2023-11-14"
    assert citations.Publication.from_config(config).repo == "https://github.com/o/r"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert citations.Publication.from_config(config).version_date == ""


# -- the wrong-number issue ----------------------------------------------------------------------

FORM = PROJECT / ".github" / "ISSUE_TEMPLATE" / citations.ISSUE_TEMPLATE


def test_the_report_link_fills_the_issue_form_fields():
    url = citations.report_url(
        PUB, "图8 市场规模", "https://example.org/lib/a.html#x&y", "597.8亿元", "第3章"
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/o/r/issues/new"
    query = parse_qs(parts.query)
    assert query == {
        "template": ["wrong-number.yml"],
        "title": ["数值有误：图8 市场规模"],
        "location": ["https://example.org/lib/a.html#x&y"],
        "value": ["597.8亿元"],
        "source": ["第3章"],
    }
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    ids = {item.get("id") for item in form["body"]}
    assert set(query) - {"template", "title"} <= ids, "the link names fields the form lacks"
    assert form["name"] and form["description"]


def test_the_report_e_mail_carries_the_same_details_and_only_when_an_address_is_set():
    args = ("图8 市场规模", "https://example.org/lib/a.html#x&y", "597.8亿元", "第3章")
    assert "mailto:" not in citations.report_html(PUB, *args), "no address configured, no e-mail link"
    pub = citations.Publication(PUB.site_name, PUB.site_url, PUB.repo, report_email="errata@example.org")
    mail = citations.report_mail(pub, *args)
    parts = urlsplit(mail)
    assert parts.scheme == "mailto" and parts.path == "errata@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == ["数值有误：图8 市场规模"]
    body = query["body"][0]
    assert all(detail in body for detail in args[1:]), body
    assert 'class="mems-report mems-report--mail" href="mailto:errata@example.org?' in citations.report_html(
        pub, *args
    )


def test_citation_cff_names_the_project_and_its_addresses():
    cff = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == CONFIG["site_name"] and cff["message"] and cff["authors"]
    assert cff["url"] == CONFIG["site_url"]
    assert cff["repository-code"] == CONFIG["extra"]["repo"]
    titles = {source["title"] for package in CATALOG.packages.values() for source in package.sources}
    assert titles == {reference["title"] for reference in cff["references"]}


# -- computed datasets ---------------------------------------------------------------------------


@pytest.mark.parametrize("table_id", COMPUTED)
def test_a_computed_dataset_names_its_code_and_inputs(table_id):
    table = CATALOG.tables[table_id]
    found = provenance.provenance(table, CATALOG, PROJECT)
    assert found is not None and found.derivation == table.derivation
    code = (PROJECT / found.code_path).read_text(encoding="utf-8").splitlines()
    assert code[found.line - 1].startswith("@derived(") or code[found.line - 1].startswith("def ")
    assert any(line.startswith(f"def {found.function}(") for line in code[found.line - 1 : found.line + 40])
    assert found.inputs, f"{table_id}: no input recorded"
    for read in found.inputs:
        assert not read.table.computed
        if read.where:
            assert read.shown(), f"{table_id}: {read.reference} shows no value"
    assert found.code_url(addresses.Repository("https://github.com/o/r", "trunk")).startswith(
        f"https://github.com/o/r/blob/trunk/{found.code_path}#L"
    )


def test_a_published_dataset_has_no_provenance_and_every_computed_one_is_registered():
    assert COMPUTED
    assert provenance.provenance(CATALOG.tables["white-paper-2020/facts"], CATALOG, PROJECT) is None
    assert set(COMPUTED) <= set(DERIVED)


def test_market_size_2018_reads_the_2019_size_and_growth():
    found = provenance.provenance(CATALOG.tables["white-paper-2020/market_size_2018_2019"], CATALOG, PROJECT)
    assert [i.reference for i in found.inputs] == [
        "facts[id=china_mems_market_size_2019].value",
        "facts[id=china_mems_market_growth_2019].value",
    ]


# -- the catalogue's search text -----------------------------------------------------------------


def test_the_catalogue_matches_what_a_dataset_contains():
    revenue = CATALOG.tables["white-paper-2020/company_revenue"]
    text = catalogue_page.search_text(revenue, [])
    assert "博世" in text and "company_revenue" in text
    for f in revenue.fields:
        assert catalogue_page.normalized(f.title) in text
    wafers = catalogue_page.search_text(CATALOG.tables["white-paper-2020/wafer_demand_by_size"], [])
    assert "万片" in wafers and "博世" not in wafers
    assert catalogue_page.normalized("ＭＥＭＳ") == "mems"


def test_the_catalogue_escapes_data_text_in_text_and_attributes():
    table = dataclasses.replace(CATALOG.tables["white-paper-2020/policies"], title='<b x="1">政策</b>')
    row = catalogue_page.catalogue_row(table, [], [], "../")
    assert "<b x" not in row and "&lt;b x=&quot;1&quot;&gt;" in row
    data_text = row.split('data-text="')[1].split('"')[0]
    assert "&lt;b x=&quot;1&quot;&gt;" in data_text
