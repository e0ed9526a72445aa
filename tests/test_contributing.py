"""CONTRIBUTING.md, step by step: each step is followed in a copy of the project and the site shows
what the guide promises; every error message the guide quotes is one a broken fixture asserts."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import FIXTURES, PROJECT, copy_project, fixture_project, page_macros, set_cell
from macros.build.site import restore
from macros.data.descriptor import CHECKS

GUIDE = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
MACRO_CALL = re.compile(r"\{\{ [a-z_]+\(.*?\) \}\}")


def section(title: str) -> str:
    """The text of the guide's `## title` section, up to the next section."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", GUIDE, re.S | re.M)
    assert match, f"CONTRIBUTING.md has no section '{title}'"
    return match.group(1)


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}[^\n]*\n(.*?)^```", text, re.S | re.M)


def page(site: Path, url: str) -> str:
    return (site / url).read_text(encoding="utf-8")


def words(html: str) -> str:
    """A page's text as a reader reads it: values quoted from the data are links, tags go."""
    return re.sub(r"<[^>]+>", "", html)


def element(html: str, element_id: str) -> str:
    """A figure (table, chart) or a data note, from its id to its end: neither nests its own kind."""
    start = html.index(f'id="{element_id}"')
    closing = "</div>" if element_id.startswith("check-") else "</figure>"
    return html[start : html.index(closing, start)]


def make(*args: str) -> list[str]:
    """`make ARGS` as the guide says it, with this test run's virtualenv: -o keeps
    make from installing it again, whatever the age of requirements.lock."""
    return [
        "make",
        "--no-print-directory",
        "-o",
        ".venv/.installed",
        f"BIN={Path(sys.executable).parent}",
        *args,
    ]


def with_makefile(project: Path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(PROJECT / name, project / name)
    return project


# -- setting up and previewing -------------------------------------------------------------------


def test_setup_is_the_readme_two_commands():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    setup = blocks(section("准备环境"), "sh")
    assert setup, "the setup section shows no commands"
    commands = re.findall(r"^(make \w+)", setup[0], re.M)
    assert commands == ["make site", "make test"]
    for command in commands:
        assert re.search(rf"^{command}\b", readme, re.M), f"the README does not show {command}"


def guide_commands() -> set[str]:
    return set(re.findall(r"`(make \w+)", GUIDE)) | set(re.findall(r"^(make \w+)", GUIDE, re.M))


def test_every_make_command_in_the_guide_exists_and_a_test_runs_it():
    commands = guide_commands()
    assert {"make site", "make test", "make serve", "make help", "make review"} <= commands
    # Where each runs: make site builds the guided copy (guided_site), make serve the preview test,
    # make review tests/test_review.py, make test and make zensical are CI's commands (.ci/run); the
    # others run below.
    ran_elsewhere = {"make site", "make serve", "make review", "make test", "make zensical"}
    assert (PROJECT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")
    assert commands - ran_elsewhere <= {"make help", "make lint", "make format"}, commands
    for command in sorted(commands):
        result = subprocess.run(
            [*command.split(), "-n"], cwd=PROJECT, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, f"{command}: {result.stderr}"


def test_make_help_lint_and_format_run_as_the_guide_says(tmp_path):
    project = with_makefile(copy_project(tmp_path / "project"))
    for folder in ("tests", "benchmarks"):
        shutil.copytree(
            PROJECT / folder, project / folder, ignore=shutil.ignore_patterns("node_modules", "__pycache__")
        )
    listed = subprocess.run(make("help"), cwd=project, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    for command in guide_commands():
        assert re.search(rf"^  {command}\b", listed.stdout, re.M), f"make help does not list {command}"
    for target in ("lint", "format"):
        result = subprocess.run(make(target), cwd=project, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"make {target}: {result.stdout}{result.stderr}"
    # The copy was formatted already: make format changes nothing.
    for path in sorted((PROJECT / "macros").rglob("*.py")):
        copy = project / path.relative_to(PROJECT)
        assert copy.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show {wanted!r} within {seconds} s:\n{text[:500]}")


def test_preview_serves_the_site_and_rebuilds_when_a_csv_changes(tmp_path, chart_cache):
    """`make serve` runs `mkdocs serve` at the address the guide gives; saving a CSV updates the page."""
    preview = section("本地预览")
    assert "make serve" in blocks(preview, "sh")[0]
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    # mkdocs serve serves the site under the path of its published address (site_url).
    served = urlsplit(config["site_url"]).path
    assert f"http://127.0.0.1:8000{served}" in preview
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^serve:.*\n\t\$\(BIN\)/mkdocs serve\b", makefile, re.M), "not mkdocs serve"
    assert config.get("dev_addr", "127.0.0.1:8000") == "127.0.0.1:8000"
    assert {"data", "macros"} <= set(config["watch"]), "the preview does not watch data/ and macros/"

    # The preview of a small project (the base fixture: the real engine, theme and configuration,
    # one page): what is tested is `make serve` and its watching, not the project's own pages,
    # which every other test builds.
    project = with_makefile(fixture_project(tmp_path / "project", "base"))
    port = free_port()
    # `make serve`, on a free port rather than 8000: other previews may be running.
    server = subprocess.Popen(
        make("serve", f"ADDR=127.0.0.1:{port}"),
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "MEMS_CHART_CACHE": str(chart_cache)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}{served}index.html"
        fetch_until(url, "597.8", 300)
        set_cell(project / "data/demo/facts.csv", "id", "size_2019", "value", "579.8")
        fetch_until(url, "579.8", 300)
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- correcting a number, adding a dataset and a chart, writing a chapter ------------------------
# A contributor follows these steps of the guide, top to bottom, in one copy of the project, which is
# then built once; the tests below look at what each step shows on the site.

FACTS = "data/white-paper-2020/facts.csv"
BODY_FACT = "china_mems_market_size_2019"
SUMMARY_FACT = "china_mems_market_size_2019_summary"
GROWTH_FACT = "china_mems_market_growth_2019"
CHECK = "market_size_2019_summary_vs_body"
# The corrected values: the summary's written with two decimals (the decimals rule), the body's changed.
SUMMARY_VALUE, BODY_VALUE = "597.80", "612.40"

NEW_CSV = "data/white-paper-2020/national_labs_by_region.csv"
DESCRIPTOR = "data/white-paper-2020/datapackage.yaml"
CHART_MODULE = "macros/documents/white_paper_2020.py"
CHAPTER = "docs/white-paper-2020/index.md"
EXAMPLE_PAGE = "white-paper-2020/example.md"


def fact(project: Path, fact_id: str) -> dict:
    with (project / FACTS).open(encoding="utf-8") as file:
        return next(row for row in csv.DictReader(file) if row["id"] == fact_id)


def correct_a_number(project: Path) -> None:
    guide = section("改正一个数字")
    assert f"`{FACTS}`" in guide and f"`{BODY_FACT}`" in guide and f"{SUMMARY_VALUE}亿元" in guide
    set_cell(project / FACTS, "id", SUMMARY_FACT, "value", SUMMARY_VALUE)
    set_cell(project / FACTS, "id", BODY_FACT, "value", BODY_VALUE)


def the_example() -> tuple[str, str, str, str]:
    """The guide's new dataset: its CSV, its resource, its chart function and its line in a chapter."""
    guide = section("新增数据集和图表")
    for path in (NEW_CSV, DESCRIPTOR, CHART_MODULE, CHAPTER):
        assert f"`{path}`" in guide, f"the guide no longer names {path}"
    (csv_text,), (resource,), (function,), (lines,) = (
        blocks(guide, language) for language in ("csv", "yaml", "python", "jinja")
    )
    return csv_text, resource, function, lines


def before_the_example(project: Path) -> None:
    """Take a copy of the project back to before the guide's example, which a contributor who
    followed the guide has in the project already: the tests then follow it exactly once."""
    _, resource, function, lines = the_example()
    (project / NEW_CSV).unlink(missing_ok=True)
    for path, added in ((DESCRIPTOR, resource), (CHART_MODULE, function), (CHAPTER, lines)):
        text = (project / path).read_text(encoding="utf-8")
        (project / path).write_text(text.replace(added.strip(), ""), encoding="utf-8")
    name = Path(NEW_CSV).stem
    for path in (DESCRIPTOR, CHART_MODULE):
        assert name not in (project / path).read_text(encoding="utf-8"), (
            f"{path} has {name} in another form than CONTRIBUTING.md shows: the example was not "
            "followed literally, so these tests cannot take it back out."
        )


def add_a_dataset_and_its_chart(project: Path) -> None:
    csv_text, resource, function, lines = the_example()
    (project / NEW_CSV).write_text(csv_text, encoding="utf-8")
    descriptor = (project / DESCRIPTOR).read_text(encoding="utf-8")
    # As a contributor would: the new resource goes at the end of `resources:`, before `checks:`.
    head, checks, tail = descriptor.partition("\nchecks:")
    (project / DESCRIPTOR).write_text(f"{head.rstrip()}\n\n{resource}{checks}{tail}", encoding="utf-8")
    with (project / CHART_MODULE).open("a", encoding="utf-8") as module:
        module.write(f"\n\n{function}")
    with (project / CHAPTER).open("a", encoding="utf-8") as chapter:
        chapter.write(f"\n\n{lines}")


def chapter_macro_calls() -> list[str]:
    """Every macro call the guide shows for chapters, once each."""
    calls = MACRO_CALL.findall(section("原文自相矛盾怎么办")) + MACRO_CALL.findall(section("编写或修改章节"))
    return list(dict.fromkeys(calls))


def write_a_chapter(project: Path) -> None:
    """A new chapter with the guide's example paragraph and every macro it shows, added to the nav."""
    guide = section("编写或修改章节")
    nav_line = blocks(guide, "yaml")[0].rstrip("\n")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"\n{nav_line}\n" in config, "the guide's nav example is not a line of mkdocs.yml"
    example = blocks(guide, "jinja")[0]
    calls = chapter_macro_calls()
    others = [call for call in calls if call not in example]
    (project / "docs" / EXAMPLE_PAGE).write_text(
        "# 第9章 示例\n\n" + example + "\n\n" + "\n\n".join(others) + "\n", encoding="utf-8"
    )
    # A document's figure or table stands on one page only: the example chapter becomes its home.
    moved = [call for call in calls if call.startswith(("{{ figure(", "{{ table("))]
    for chapter in (project / "docs").rglob("*.md"):
        if chapter == project / "docs" / EXAMPLE_PAGE:
            continue
        source = chapter.read_text(encoding="utf-8")
        kept = "\n".join(line for line in source.split("\n") if line.strip() not in moved)
        if kept != source:
            chapter.write_text(kept, encoding="utf-8")
    indent = nav_line[: len(nav_line) - len(nav_line.lstrip())]
    new_line = f"{indent}- 第9章 示例: {EXAMPLE_PAGE}"
    (project / "mkdocs.yml").write_text(
        config.replace(f"\n{nav_line}\n", f"\n{nav_line}\n{new_line}\n"), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def guided_site(tmp_path_factory, chart_cache) -> Path:
    project = copy_project(tmp_path_factory.mktemp("guided"))
    before_the_example(project)
    correct_a_number(project)
    add_a_dataset_and_its_chart(project)
    write_a_chapter(project)
    with_makefile(project)
    # The guide's own command, `make site`, builds it.
    result = subprocess.run(
        make("site"),
        cwd=project,
        env={**os.environ, "MEMS_CHART_CACHE": str(chart_cache)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_correcting_a_number_changes_the_page(guided_site, built_site):
    growth = float(fact(PROJECT, GROWTH_FACT)["value"])
    old = float(fact(PROJECT, BODY_FACT)["value"])
    unit = fact(PROJECT, BODY_FACT)["unit"]
    market = page(guided_site, "white-paper-2020/market.html")
    text = words(market)
    assert f"{SUMMARY_VALUE}{unit}" in text and f"{BODY_VALUE}{unit}" in text
    # The 2018 size computed from it follows.
    assert f"{float(BODY_VALUE) / (1 + growth / 100):.1f}{unit}" in text
    assert f"{old / (1 + growth / 100):.1f}{unit}" not in text
    # The two places now disagree, and the page says so (it did not before).
    before = page(built_site, "white-paper-2020/market.html")
    assert "原文数据矛盾" not in element(before, f"check-{CHECK}")
    assert "原文数据矛盾" in element(market, f"check-{CHECK}")


def test_adding_a_dataset_and_its_chart(guided_site):
    guide = section("新增数据集和图表")
    (csv_text,), (function,) = blocks(guide, "csv"), blocks(guide, "python")
    html = page(guided_site, "white-paper-2020/index.html")
    chart = element(html, "chart-white-paper-2020-national_labs_by_region_bars")
    caption = re.search(r'"""(.*?)"""', function).group(1)
    assert "<svg" in chart and caption in chart and "表2" in chart
    # The chart's data table, under the chart.
    for row in csv.DictReader(io.StringIO(csv_text)):
        assert f"<td>{row['region']}</td>" in chart and f">{row['national_labs']}</td>" in chart
    assert "来源：" in chart and "第2章 中国MEMS产业现状" in chart
    assert 'href="../data/white-paper-2020/national_labs_by_region.csv" download' in chart
    assert 'href="../data/white-paper-2020/national_labs_by_region.html"' in chart
    # The download starts with a byte order mark, for Excel; past it, the file is the guide's.
    download = (guided_site / NEW_CSV).read_bytes()
    assert download.startswith(b"\xef\xbb\xbf") and download[3:].decode("utf-8") == csv_text
    assert (guided_site / NEW_CSV).with_suffix(".html").is_file()
    assert "各地区MEMS相关国家实验室数量" in page(guided_site, "data/index.html")
    assert "national_labs_by_region" not in page(guided_site, "white-paper-2020/market.html"), "control"


def test_writing_a_chapter_with_the_macros(guided_site, site_data):
    names = {re.match(r"\{\{ (\w+)", call).group(1) for call in chapter_macro_calls()}
    assert {"value", "table", "chart", "figure", "data_note"} <= names
    html_name = EXAMPLE_PAGE.replace(".md", ".html")
    assert f'href="{html_name}"' in page(guided_site, "index.html"), "the chapter is not in the navigation"
    html = page(guided_site, html_name)
    unit = fact(PROJECT, BODY_FACT)["unit"]
    macros = page_macros(site_data)
    quoted = macros.value("white-paper-2020/wafer_demand_by_size", column="demand", wafer_size="8")
    wafers = words(restore(quoted))
    assert f"2019年中国MEMS市场规模为{BODY_VALUE}{unit}" in words(html)
    assert f"8寸晶圆需求为{wafers}" in words(html)
    for element_id in (
        "fig-图8",
        "chart-white-paper-2020-market_size_2018_2019_bars",
        "table-white-paper-2020-top10_vendors_2019",
        f"check-{CHECK}",
    ):
        assert f'id="{element_id}"' in html, element_id
    assert "{{" not in html and "MEMSSTASH" not in html


# -- contradictions ------------------------------------------------------------------------------


def test_the_check_in_the_guide_is_a_real_check():
    guide = section("原文自相矛盾怎么办")
    shown = yaml.safe_load(blocks(guide, "yaml")[0])
    descriptor = yaml.safe_load((PROJECT / DESCRIPTOR).read_text(encoding="utf-8"))
    assert shown[0] in descriptor["checks"]
    listed = set(re.findall(r"^\| `(\w+)` \|", guide, re.M)) - {"kind"}
    assert listed == set(CHECKS), "the guide's list of check kinds differs from macros/data/descriptor.py"


# -- error messages ------------------------------------------------------------------------------


def test_every_quoted_error_message_is_one_a_fixture_asserts():
    quoted = [message.strip() for message in blocks(section("常见错误信息"), "text")]
    assert len(quoted) >= 10
    expected = [
        p.read_text(encoding="utf-8").strip()
        for group in ("broken", "data_errors")
        for p in (FIXTURES / group).glob("*/expected.txt")
    ]
    for message in quoted:
        assert message and any(message in text for text in expected), f"no fixture asserts: {message}"


def test_the_guide_does_not_point_to_tools_contributors_lack():
    assert "prose_overlap" not in GUIDE and "../shared" not in GUIDE


@pytest.mark.parametrize("path", sorted(set(re.findall(r"\]\(([\w./-]+)\)", GUIDE))))
def test_relative_links_in_the_guide_exist(path):
    assert (PROJECT / path).exists(), path


# -- what the preview and the edit buttons promise ------------------------------------------------


def test_the_preview_says_when_python_code_needs_a_restart(monkeypatch):
    from macros.build import code_watch

    assert "重启提示" in section("本地预览")
    assert code_watch.restart_notice() == "", "nothing has changed"
    # As if macros/data/checks.py (loaded by every build) had been saved since the process loaded it.
    monkeypatch.setitem(code_watch.LOADED, "macros/data/checks.py", 0)
    notice = code_watch.restart_notice()
    assert "重启提示：macros/data/checks.py 已修改" in notice and "make serve" in notice


def test_a_computed_dataset_page_edits_the_code_that_computes_it(built_site, site_data):
    repo = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["repo"]
    computed = [table for table in site_data.catalog.tables.values() if table.computed]
    assert computed and "macros/documents/" in section("改正一个数字")
    for table in computed:
        html = page(built_site, f"data/{table.package.name}/{table.name}.html")
        links = re.findall(r'<a href="([^"]+)" title="编辑此页"', html)
        module = table.package.name.replace("-", "_")
        assert links == [f"{repo}/edit/main/macros/documents/{module}.py"], (table.id, links)
