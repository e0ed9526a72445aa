"""Shared fixtures: the project's catalog, and real strict builds into temporary folders."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(PROJECT))

# What a build needs of the project; docs/ and data/ may be replaced by a fixture's own.
PROJECT_PARTS = ["mkdocs.yml", "macros", "docs", "data", "overrides"]


def copy_project(target: Path) -> Path:
    """A copy of the project's sources in `target`, to build or to change without touching ours."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(source, target / part)
    return target


def fixture_project(target: Path, name: str, group: str = "broken") -> Path:
    """A small project: the real engine and theme, the base fixture's data and pages, and the
    named fixture's files laid over them (each broken fixture holds only what it breaks)."""
    copy_project(target)
    shutil.rmtree(target / "data")
    for page in (target / "docs").glob("*"):
        if page.name != "assets":
            shutil.rmtree(page) if page.is_dir() else page.unlink()
    shutil.copytree(FIXTURES / "base", target, dirs_exist_ok=True)
    if name != "base":
        shutil.copytree(
            FIXTURES / group / name, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt")
        )
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    # The fixture has its own pages: drop the project's navigation and let MkDocs list them.
    config = config.split("\nnav:")[0] + "\n"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def build(project: Path, cache: Path | None = None, quiet: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MEMS_CHART_CACHE": str(cache) if cache else "off",
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            *(["--quiet"] if quiet else []),
            "--site-dir",
            "site",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def set_cell(path: Path, key_column: str, key: str, column: str, value: str) -> str:
    """Change one cell of a CSV the way an editor would: only that line changes. Returns the old value."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    for number, line in enumerate(lines[1:], start=1):
        row = next(csv.reader([line]))
        if row[header.index(key_column)] == key:
            old = row[header.index(column)]
            row[header.index(column)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow(row)
            lines[number] = out.getvalue()
            path.write_text("".join(lines), encoding="utf-8")
            return old
    raise AssertionError(f"{path.name}: no row with {key_column}={key}")


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory) -> Path:
    """One chart cache for the test session: later builds of the same data reuse its SVGs."""
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, chart_cache) -> Path:
    """The real project, built once per session with --strict into a temporary folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = build(project, chart_cache)
    assert result.returncode == 0, f"the site does not build:\n{result.stderr}"
    return project / "site"


@pytest.fixture(scope="session")
def site_data():
    """The project's data as the build sees it: catalog, derived tables, charts, check findings."""
    from macros.site import SiteData

    return SiteData(PROJECT, cache_dir=None)


# -- the one browser of a test session (Playwright allows one sync instance per process) ------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOW_TO_GET_IT = "install it with `sudo apt-get install chromium fonts-noto-cjk`"


def unavailable(reason: str) -> None:
    """Skip the browser tests on a machine without the browser; CI (MEMS_REQUIRE_BROWSER=1) fails."""
    if os.environ.get("MEMS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (MEMS_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed: `make test` installs it")
    if not CHROMIUM.exists():
        unavailable(f"chromium is not installed at {CHROMIUM}: {HOW_TO_GET_IT}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
