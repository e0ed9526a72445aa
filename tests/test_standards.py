"""The built site against checkers this project did not write: the Nu Html Checker on every page,
the Citation File Format's schema on CITATION.cff, and the licence wherever the site says it."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import PROJECT

CFF_SCHEMA = PROJECT / "tests" / "schemas" / "cff-1.2.0.schema.json"


# -- HTML ----------------------------------------------------------------------------------------


def html_errors(vnu: list[str], *folders: Path) -> dict[Path, list[str]]:
    """The Nu Html Checker's errors on every HTML file under each folder, one line each, by folder:
    one run of the checker for them all (each run starts Java)."""
    result = subprocess.run(
        [*vnu, "--errors-only", "--skip-non-html", "--format", "gnu", *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 0 or lines, f"the checker failed: {result.stdout}{result.stderr}"
    found = {folder: [line for line in lines if f"file:{folder}/" in line] for folder in folders}
    others = [line for line in lines if not any(line in errors for errors in found.values())]
    assert not others, f"the checker said more than it found in the pages: {others[:5]}"
    return {folder: [line.replace(f"file:{folder}/", "") for line in found[folder]] for folder in folders}


# The fault Material's nav once had: the control that the checker reports what it finds.
FAULTY_PAGE = (
    '<!doctype html><html lang="zh-Hans"><head><title>t</title></head>'
    '<body><input type="checkbox" id="x"><label for="x" tabindex="">x</label></body></html>'
)


@pytest.fixture(scope="module")
def html_check(vnu, built_site, tmp_path_factory) -> dict[str, list[str]]:
    """The checker's errors on the built site and on a page with a known fault, from one run."""
    control = tmp_path_factory.mktemp("faulty-page")
    (control / "page.html").write_text(FAULTY_PAGE, encoding="utf-8")
    errors = html_errors(vnu, built_site, control)
    return {"site": errors[built_site], "control": errors[control]}


def test_every_page_is_valid_html(html_check):
    errors = html_check["site"]
    kinds = Counter(re.sub(r'^"[^"]*":[\d.\-]+: ', "", line) for line in errors)
    summary = "\n".join(f"{count} × {kind}" for kind, count in kinds.most_common())
    assert not errors, f"{len(errors)} HTML errors:\n{summary}\n\nfirst ones:\n" + "\n".join(errors[:10])


def test_the_html_check_finds_an_error(html_check):
    """The control: a page with the fault Material's nav once had is reported, by the same run of
    the checker as the site's pages."""
    errors = html_check["control"]
    assert len(errors) == 1 and "tabindex" in errors[0], errors


# -- CITATION.cff --------------------------------------------------------------------------------


class CffLoader(yaml.SafeLoader):
    """YAML as CFF tools read it: a date stays the string the schema checks, not a datetime."""


CffLoader.yaml_implicit_resolvers = {
    first: [resolver for resolver in resolvers if resolver[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def cff_errors(document: dict) -> list[str]:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def read_cff() -> dict:
    return yaml.load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"), Loader=CffLoader)


def test_citation_cff_is_valid_against_the_cff_1_2_0_schema():
    cff = read_cff()
    assert cff_errors(cff) == []
    # A converter gives the year from date-released: without it, a citation with no year.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", cff["date-released"])
    assert cff["license"] == "CC-BY-4.0"


def test_the_cff_check_refuses_a_wrong_licence_and_date():
    cff = read_cff() | {"license": "CC-BY-5", "date-released": "2026-13"}
    assert {error.split(":")[0] for error in cff_errors(cff)} == {"license", "date-released"}


# -- the licence ---------------------------------------------------------------------------------


def test_the_licence_is_in_the_footer_of_the_home_page_and_every_page(built_site):
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    statement = config["copyright"]
    assert "CC BY 4.0" in statement and "MIT" in statement and "发布者所有" in statement
    missing = [
        str(page.relative_to(built_site))
        for page in sorted(built_site.rglob("*.html"))
        if statement not in page.read_text(encoding="utf-8")
    ]
    assert not missing, f"pages without the licence: {missing}"
    assert (PROJECT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Attribution 4.0 International" in (PROJECT / "LICENSES" / "CC-BY-4.0.txt").read_text(
        encoding="utf-8"
    )


# -- Material's markup, corrected on the page ----------------------------------------------------


def test_a_theme_upgrade_that_changes_corrected_markup_stops_the_build_naming_the_template():
    import pytest

    from macros.html import theme

    page = '<html lang="zh"><head></head><body><script src="a.js"></script></body></html>'
    with pytest.raises(theme.ThemeMarkupChanged) as raised:
        theme.corrected(page, "docs/x.md")
    message = str(raised.value)
    assert message.startswith("docs/x.md: Material's base.html no longer prints")
    assert "macros/html/theme.py" in message


def test_no_theme_partial_is_copied_and_no_bundle_name_is_written_down():
    """Material's partials are corrected on the page (macros/html/theme.py), not copied: a copy
    freezes the rest of the partial at one version, and the bundle's file name changes with each."""
    overrides = PROJECT / "overrides"
    assert not (overrides / "partials").exists()
    for template in overrides.rglob("*.html"):
        assert "bundle." not in template.read_text(encoding="utf-8"), template


# -- sharing and finding -------------------------------------------------------------------------


def heads(built_site: Path) -> dict[str, str]:
    return {
        str(page.relative_to(built_site)): page.read_text(encoding="utf-8").partition("</head>")[0]
        for page in sorted(built_site.rglob("*.html"))
    }


def meta(head: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)">', head)
    return found.group(1) if found else None


def test_every_page_has_a_title_and_description_of_its_own(built_site):
    pages = heads(built_site)
    titles = Counter(re.search(r"<title>(.*?)</title>", h, re.S).group(1).strip() for h in pages.values())
    assert [title for title, count in titles.items() if count > 1] == []
    descriptions = Counter(meta(head, "description") for head in pages.values())
    repeated = {text: count for text, count in descriptions.items() if count > 1}
    assert not repeated, repeated
    assert 'lang="zh-Hans"' in (built_site / "index.html").read_text(encoding="utf-8")


def test_every_page_has_sharing_tags_and_a_chart_page_shows_its_chart(built_site):
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    with_image = 0
    for name, head in heads(built_site).items():
        if name == "404.html":
            continue
        for key in ("og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title"):
            assert meta(head, key), f"{name}: no {key}"
        assert meta(head, "og:url") == config["site_url"] + name
        image = meta(head, "og:image")
        if image:
            with_image += 1
            assert (built_site / image.removeprefix(config["site_url"])).is_file(), f"{name}: {image}"
            assert meta(head, "twitter:card") == "summary_large_image"
    assert with_image >= 10
    market = heads(built_site)["white-paper-2020/market.html"]
    assert meta(market, "og:image").endswith("charts/white-paper-2020/market_size_2018_2019_bars.png")


def test_chapters_carry_the_tags_google_scholar_reads(built_site):
    pages = heads(built_site)
    chapters = [name for name in pages if name.split("/")[0] in ("white-paper-2020", "market-report-2026")]
    assert len(chapters) >= 15
    for name in chapters:
        for key in ("citation_title", "citation_author", "citation_publication_date"):
            assert meta(pages[name], key), f"{name}: no {key}"
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", meta(pages[name], "citation_publication_date"))
    assert meta(pages["index.html"], "citation_title") is None


def test_robots_txt_names_the_sitemap(built_site):
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert text.startswith("User-agent: *\nAllow: /\n")
    assert "Sitemap: https://mems-data.github.io/mems-data-library/sitemap.xml" in text


def test_the_404_page_is_chinese_and_its_links_work_from_disk(built_site):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>页面不存在</h1>" in html and "Not found" not in html
    # From disk, relative to the folder it stands in; served, a <base> names the site's root.
    links = re.findall(r'(?:href|src)="([^"#]+)"', html)
    assert links and not [link for link in links if link.startswith("/")]
    for link in links:
        if not link.startswith(("http:", "https:")):
            assert (built_site / link).exists(), link
    assert 'base.href = "/mems-data-library/"' in html


# -- the data package ----------------------------------------------------------------------------


def test_the_zip_validates_as_one_frictionless_package_with_every_dataset(built_site):
    """`frictionless validate` as a reader runs it, on the zip as downloaded: it reads the root
    datapackage.json and checks every resource of both documents against its schema."""
    import sys
    import zipfile

    from conftest import project_catalog
    from macros.base.addresses import PACKAGE_ZIP

    frictionless = Path(sys.executable).parent / "frictionless"
    zipped = built_site / PACKAGE_ZIP
    result = subprocess.run(
        [str(frictionless), "validate", "--json", zipped.name],
        cwd=zipped.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:3000]
    validated = {task["name"] for task in report["tasks"]}
    assert validated == set(project_catalog().tables), "the zip was not read as the whole package"
    with zipfile.ZipFile(zipped) as archive:
        licence = archive.read("LICENSE.txt").decode()
        names = [n for n in archive.namelist() if n.endswith("datapackage.json")]
        descriptors = [json.loads(archive.read(n)) for n in names]
    assert "CC BY 4.0" in licence and "发布者所有" in licence
    assert len(descriptors) == 1 + len(project_catalog().packages), "a root descriptor and one per package"
    for descriptor in descriptors:
        assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0"], descriptor["name"]


# -- citation files, read back by the parsers reference managers use -----------------------------


def test_every_bibtex_file_parses_to_one_entry(built_site):
    import bibtexparser

    files = sorted((built_site / "cite").rglob("*.bib"))
    assert len(files) >= 50
    for path in files:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        assert not library.failed_blocks, f"{path.relative_to(built_site)}: {library.failed_blocks}"
        (entry,) = library.entries
        fields = {field.key: field.value for field in entry.fields}
        assert {"author", "title", "url", "year"} <= set(fields), path.relative_to(built_site)
        assert fields["url"].startswith("https://mems-data.github.io/mems-data-library/")


def test_every_ris_file_parses_to_one_record(built_site):
    import rispy

    files = sorted((built_site / "cite").rglob("*.ris"))
    assert len(files) >= 50
    for path in files:
        (record,) = rispy.loads(path.read_text(encoding="utf-8"))
        name = path.relative_to(built_site)
        assert record["type_of_reference"] in ("DATA", "ELEC", "FIGURE"), name
        assert record["title"] and record["urls"] and record["year"], name


def test_no_citation_or_source_note_ends_in_a_double_stop(built_site):
    doubled = [
        str(path.relative_to(built_site))
        for path in sorted(built_site.rglob("*"))
        if path.suffix in (".html", ".bib", ".ris") and re.search(r"\]\.\.|。\.", path.read_text("utf-8"))
    ]
    assert not doubled, doubled


def test_gbt7714_strings_follow_the_2025_edition(built_site):
    html = (built_site / "data" / "white-paper-2020" / "policies.html").read_text(encoding="utf-8")
    assert "[DS/OL]. V1.0.0. 中国MEMS产业数据文库（" in html
    assert "[DB/OL]" not in html


def test_a_token_that_starts_or_ends_a_paragraph_of_text_leaves_the_paragraph_whole():
    """The stray </p> of the data notes: a severity label opened a paragraph, and putting its HTML
    back took the paragraph's <p> with it."""
    from macros.build.site import hold, restore

    token = hold('<span class="x">措辞出入</span>')
    assert restore(f"<p>{token}有几处出入</p>") == '<p><span class="x">措辞出入</span>有几处出入</p>'
    assert restore(f"<p>约为{token}</p>") == '<p>约为<span class="x">措辞出入</span></p>'
    assert restore(f"<p>{token}</p>") == '<span class="x">措辞出入</span>'
    # A note written on the line next to a sentence: the paragraph cannot hold it.
    note = hold('<div class="note">n</div>')
    assert restore(f"<p>{note}\n报告的结论</p>") == '<div class="note">n</div><p>\n报告的结论</p>'
    assert restore(f"<p>结论\n{note}</p>") == '<p>结论\n</p><div class="note">n</div>'
