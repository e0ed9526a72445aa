"""`make review`: on a clone with one committed correction, the report names the value, the pages
and the disagreement it made; the page reader keeps to what every version of the site renders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, copy_project, set_cell
from macros.tools import review

FACTS = "data/white-paper-2020/facts.csv"
FACT = "china_mems_market_size_2019"
CHECK = "market_size_2019_summary_vs_body"
CHART = "white-paper-2020/market_size_2018_2019_bars"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Reviewer",
    "GIT_AUTHOR_EMAIL": "reviewer@example.org",
    "GIT_COMMITTER_NAME": "Reviewer",
    "GIT_COMMITTER_EMAIL": "reviewer@example.org",
}


def git(project: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=project, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
    )
    return result.stdout


def clone_with_a_correction(target: Path) -> Path:
    """The project as a git repository of two commits: as it is, then 597.8 corrected to 579.8.
    Its .venv is this one, so that `make` finds it installed and installs nothing."""
    project = copy_project(target)
    for name in ("Makefile", "requirements.lock", ".gitignore"):
        shutil.copy2(PROJECT / name, project / name)
    os.utime(project / "requirements.lock", (0, 0))
    (project / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message=The project as it is")
    assert set_cell(project / FACTS, "id", FACT, "value", "579.8") == "597.8"
    git(project, "commit", "--quiet", "--all", "--message=Correct the 2019 market size")
    return project


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, chart_cache) -> tuple[Path, subprocess.CompletedProcess]:
    project = clone_with_a_correction(tmp_path_factory.mktemp("clone"))
    result = subprocess.run(
        ["make", "--no-print-directory", "review", "BASE=HEAD~1"],
        cwd=project,
        env={**os.environ, "MEMS_CHART_CACHE": str(chart_cache)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result


def test_the_report_names_the_old_and_the_new_value_and_where_it_stands(reviewed):
    _, result = reviewed
    report = result.stdout
    where = f"第3章 中国MEMS市场规模 ({FACTS}, line "
    row = f"| `white-paper-2020/facts` | id={FACT} | value | 597.8 | 579.8 | {where}"
    assert row in report
    # The value computed from it follows, and is marked as computed.
    assert (
        "| `white-paper-2020/market_size_2018_2019` (computed) | year=2019 | market_size | 597.8 | 579.8 |"
        in report
    )
    assert "Datasets added or removed" not in report


def test_the_report_names_the_disagreement_it_created(reviewed):
    report = reviewed[1].stdout
    section = report.split("## Checks whose result changed (1)\n", 1)[1].split("\n## ", 1)[0]
    assert f"**new disagreement** `{CHECK}`" in section
    assert "white-paper-2020/market.html" in section
    assert "597.8亿元" in section and "579.8亿元" in section
    assert "before, it passed" in section
    assert "resolved" not in report


def test_the_report_lists_the_pages_it_changed_with_their_sentences(reviewed):
    report = reviewed[1].stdout
    pages = report.split("## Pages whose text changed", 1)[1].split("\n## ", 1)[0]
    for url in (
        "white-paper-2020/market.html",
        "white-paper-2020/data-notes.html",
        "white-paper-2020/print.html",
        "data/white-paper-2020/facts.html",
    ):
        assert f"### `{url}`" in pages, url
    market = pages.split("### `white-paper-2020/market.html`", 1)[1].split("### ", 1)[0]
    changed = [line for line in market.splitlines() if line.startswith(("- ", "+ "))]
    assert any(line.startswith("- ") and "597.8亿元" in line for line in changed)
    assert any(line.startswith("+ ") and "579.8亿元" in line for line in changed)
    # The 2018 size computed from it: 579.8 / 1.183.
    assert any(line.startswith("+ ") and "490.1亿元" in line for line in changed)
    # Negative control: the other document's chapters do not change.
    assert "market-report-2026/status.html" not in pages
    assert "white-paper-2020/manufacturing.html" not in pages


def test_the_report_shows_the_changed_chart_before_and_after(reviewed):
    project, result = reviewed
    report = result.stdout
    assert f"### `{CHART}` (changed)" in report
    for label in ("before", "after"):
        image = project / "review" / "charts" / f"{CHART}.{label}.png"
        assert f"](charts/{CHART}.{label}.png)" in report
        assert image.read_bytes().startswith(b"\x89PNG"), image
    assert report.count(" (changed)\n") == 1, "only the market size chart changes"


def test_the_report_is_kept_with_both_builds_and_leaves_no_worktree(reviewed):
    project, result = reviewed
    folder = project / "review"
    assert (folder / "report.md").read_text(encoding="utf-8").strip() in result.stdout
    for build in ("base", "head"):
        assert (folder / "build" / build / "white-paper-2020" / "market.html").is_file()
    market = (folder / "build" / "head" / "white-paper-2020" / "market.html").read_text(encoding="utf-8")
    assert f'data-check="{CHECK}" data-consistent="false"' in market
    assert len(git(project, "worktree", "list").splitlines()) == 1
    assert git(project, "status", "--porcelain") == "", "the review folder is not ignored"


def test_an_unknown_base_is_one_sentence(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "macros" / "tools" / "review.py"),
            "--base",
            "no-such-ref",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no-such-ref" in result.stderr and "Traceback" not in result.stderr


# -- reading built pages --------------------------------------------------------------------------

PAGE = """<html><body><nav><p>菜单。</p></nav>
<article class="md-content__inner md-typeset">
<h1 id="t">第3章 市场<a class="headerlink" href="#t">&para;</a></h1>
<p>规模为579.8亿元。增速为18.3%！</p>
<div class="admonition warning mems-check" id="check-a_vs_b-2" data-check="a_vs_b" data-consistent="false">
<p class="admonition-title">原文数据不一致：甲与乙</p><ul><li>甲 = 1</li><li>乙 = 2</li></ul></div>
<div class="admonition success mems-check" id="check-old_style"><p>核对通过：相同。</p></div>
<figure><svg><text>轴标签</text></svg><table><tr><td>2019</td><td>579.8</td></tr></table></figure>
</article><footer>页脚。</footer></body></html>"""


def read(html: str) -> review.PageText:
    parser = review.PageText()
    parser.feed(html)
    parser.close()
    return parser


def test_the_page_reader_keeps_the_article_text_in_sentences():
    page = read(PAGE)
    assert page.lines[0] == "第3章 市场"
    text = review.sentences(page.lines)
    assert "规模为579.8亿元。" in text and "增速为18.3%！" in text
    assert "2019 | 579.8" in text
    assert not any(word in " ".join(text) for word in ("菜单", "页脚", "轴标签", "¶"))


def test_the_page_reader_finds_checks_by_attribute_or_by_id_and_class():
    checks = read(PAGE).checks
    assert set(checks) == {"a_vs_b", "old_style"}
    assert checks["a_vs_b"].consistent is False
    assert checks["a_vs_b"].lines == ["原文数据不一致：甲与乙", "甲 = 1", "乙 = 2"]
    assert checks["old_style"].consistent is True


# -- on pull requests -----------------------------------------------------------------------------


def review_job() -> dict:
    workflow = yaml.safe_load((PROJECT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    jobs = [
        job
        for job in workflow["jobs"].values()
        if any("make review" in s.get("run", "") for s in job["steps"])
    ]
    assert len(jobs) == 1, "no job (or more than one) runs make review"
    assert workflow["permissions"] == {"contents": "read"}
    return jobs[0]


def test_pull_requests_get_the_review_in_the_job_summary():
    job = review_job()
    assert job["if"] == "github.event_name == 'pull_request'"
    # Nothing that writes: a pull request from a fork has no such token.
    assert "permissions" not in job or set(job["permissions"].values()) <= {"read", "none"}
    (checkout,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
    (step,) = [s for s in job["steps"] if "make review" in s.get("run", "")]
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert 'make review BASE="origin/$BASE_REF"' in step["run"]
    assert 'cat review/report.md >> "$GITHUB_STEP_SUMMARY"' in step["run"]


def test_pull_requests_keep_the_report_and_a_preview_of_their_site():
    uploads = {
        s["with"]["name"]: s["with"]["path"].split()
        for s in review_job()["steps"]
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {
        "mems-data-library-review": ["review/", "!review/build/"],
        "mems-data-library-preview": ["review/build/head/"],
    }
    # review/build/head is where review.py builds the working tree: see
    # test_the_report_is_kept_with_both_builds_and_leaves_no_worktree.
