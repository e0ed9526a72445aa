"""The built site against checkers this project did not write: the Nu Html Checker on every page,
the Citation File Format's schema on CITATION.cff, and the licence wherever the site says it."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import jsonschema
import yaml

from conftest import PROJECT

CFF_SCHEMA = PROJECT / "tests" / "schemas" / "cff-1.2.0.schema.json"


# -- HTML ----------------------------------------------------------------------------------------


def html_errors(vnu: list[str], folder: Path) -> list[str]:
    """The Nu Html Checker's errors on every HTML file under `folder`, one line each."""
    result = subprocess.run(
        [*vnu, "--errors-only", "--skip-non-html", "--format", "gnu", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 0 or lines, f"the checker failed: {result.stdout}{result.stderr}"
    return [line.replace(f"file:{folder}/", "") for line in lines]


def test_every_page_is_valid_html(vnu, built_site):
    errors = html_errors(vnu, built_site)
    kinds = Counter(re.sub(r'^"[^"]*":[\d.\-]+: ', "", line) for line in errors)
    summary = "\n".join(f"{count} × {kind}" for kind, count in kinds.most_common())
    assert not errors, f"{len(errors)} HTML errors:\n{summary}\n\nfirst ones:\n" + "\n".join(errors[:10])


def test_the_html_check_finds_an_error(vnu, tmp_path):
    """The control: a page with the fault Material's nav once had is reported."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="zh-Hans"><head><title>t</title></head>'
        '<body><input type="checkbox" id="x"><label for="x" tabindex="">x</label></body></html>',
        encoding="utf-8",
    )
    errors = html_errors(vnu, tmp_path)
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
