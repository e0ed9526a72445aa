"""Shared fixtures: the project's catalog, and real strict builds into temporary folders."""

from __future__ import annotations

import atexit
import contextlib
import csv
import fcntl
import functools
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from payloads import poison_project

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


def build(
    project: Path, cache: Path | None = None, quiet: bool = True, engine: str = "mkdocs"
) -> subprocess.CompletedProcess:
    """A strict build of `project` into its site/ with `engine` (mkdocs, or properdocs, its fork)."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MEMS_CHART_CACHE": str(cache) if cache else "off",
        # Every build of the run shares the theme's compiled templates (keyed by file and source).
        "MEMS_TEMPLATE_CACHE": str(PROJECT / ".cache" / "templates"),
        "SOURCE_DATE_EPOCH": "1700000000",
    }
    args = ["build", "--strict", *(["--quiet"] if quiet else []), "--site-dir", "site"]
    if engine == "mkdocs":
        return build_server().run(project, engine, args, env)
    # The fork builds in a process of its own: nothing of MkDocs is imported in it beforehand.
    command = [sys.executable, "-m", engine, *args]
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT
    )


BUILD_TIMEOUT = 600


class BuildServer:
    """tests/build_server.py, one per test process: each build is a child forked from it, so that it
    starts with MkDocs, pandas, Altair and jieba imported (two seconds of every build)."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve().parent / "build_server.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, project: Path, engine: str, args: list[str], env: dict) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory() as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            request = {"cwd": str(project), "engine": engine, "args": args, "env": env}
            request |= {"stdout": str(out), "stderr": str(err), "timeout": BUILD_TIMEOUT}
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
            if not answer:
                raise RuntimeError(f"tests/build_server.py stopped (exit status {self.process.wait()})")
            returncode = json.loads(answer)["returncode"]
            return subprocess.CompletedProcess(
                [engine, *args], returncode, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")
            )

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@functools.cache
def build_server() -> BuildServer:
    server = BuildServer()
    atexit.register(server.close)
    return server


# Hides the machine's fonts from one command: a private mount namespace with empty folders over
# the places fontdb (vl-convert's font loader) looks in, whatever fontconfig says. With HOME moved
# too (hidden_fonts_env), the user's own font folders are out of reach as well.
HIDE_FONTS = (
    "mount -t tmpfs none /usr/share/fonts && "
    "{ [ ! -d /usr/local/share/fonts ] || mount -t tmpfs none /usr/local/share/fonts; } && "
    'exec "$@"'
)


@functools.cache
def fonts_hiding() -> tuple[list[str], str]:
    """The command prefix that runs a command with the machine's fonts hidden, or no prefix and
    why not (unshare -m needs root)."""
    probe = subprocess.run(["unshare", "-m", "sh", "-c", HIDE_FONTS, "sh", "true"], capture_output=True)
    if probe.returncode != 0:
        return [], f"cannot hide the machine's fonts here (needs root for unshare -m): {probe.stderr!r}"
    return ["unshare", "-m", "sh", "-c", HIDE_FONTS, "sh"], ""


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


def run_folder(tmp_path_factory) -> Path:
    """A folder that every worker of this test run shares: pytest-xdist gives each worker a
    temporary folder of its own, all under the run's one."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def run_lock(folder: Path, name: str) -> Iterator[None]:
    """Held by one worker at a time: what the first makes under it, the others find made."""
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def chart_cache() -> Path:
    """The project's own chart cache (.cache/charts, as `make site` and `make serve` use it), for
    every build of the test run, its workers included: charts that an earlier build or an earlier
    run drew are taken from it, so that only the first build of a fresh clone draws them (CI seeds it
    with `make site`). Each file is named by its content and moved into place whole, so a stale one
    is never read and no worker sees half of one."""
    cache = PROJECT / ".cache" / "charts"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def built_once(tmp_path_factory, name: str, cache: Path, change=None) -> Path:
    """A copy of the project, changed by `change(project)` if given, built once per test run with
    --strict; the other workers wait for that build and read it. No test may change it."""
    shared = run_folder(tmp_path_factory)
    project, outcome = shared / name, shared / f"{name}-build.json"
    with run_lock(shared, name):
        if not outcome.exists():
            copy_project(project)
            if change:
                change(project)
            result = build(project, cache)
            outcome.write_text(json.dumps({"returncode": result.returncode, "stderr": result.stderr}))
    result = json.loads(outcome.read_text())
    assert result["returncode"] == 0, f"{name} does not build:\n{result['stderr']}"
    assert "Traceback" not in result["stderr"], f"{name} builds with a traceback:\n{result['stderr']}"
    return project / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, chart_cache) -> Path:
    """The real project, built once per test run into a temporary folder."""
    return built_once(tmp_path_factory, "project", chart_cache)


def copy_document(project: Path, original: str, copy: str) -> None:
    """Copy a document under a new id the way CONTRIBUTING.md adds one: its data/ and docs/ folders,
    its nav entry and its module in macros/documents."""
    shutil.copytree(project / "data" / original, project / "data" / copy)
    descriptor = project / "data" / copy / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace(f"name: {original}", f"name: {copy}", 1), encoding="utf-8")
    shutil.copytree(project / "docs" / original, project / "docs" / copy)
    for page in (project / "docs" / copy).glob("*.md"):
        page.write_text(
            page.read_text(encoding="utf-8")
            .replace(f"{original}/", f"{copy}/")
            .replace(f'"{original}"', f'"{copy}"'),
            encoding="utf-8",
        )
    module = project / "macros" / "documents"
    shutil.copy(module / f"{original.replace('-', '_')}.py", module / f"{copy.replace('-', '_')}.py")
    # The nav entry: the original's section of mkdocs.yml's nav, copied under the new name.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = text.split("\n")
    first = next(
        i for i, line in enumerate(lines) if line.startswith("  - ") and f"{original}/" in lines[i + 1]
    )
    last = next(i for i in range(first + 1, len(lines)) if not lines[i].startswith("      "))
    section = [line.replace(original, copy) for line in lines[first:last]]
    section[0] = section[0].rstrip(":") + "（副本）:"
    config.write_text("\n".join(lines[:last] + section + lines[last:]), encoding="utf-8")


# The white paper copied as a second document (tests/test_documents.py), before the corrections
# below, so that the copy keeps the published numbers.
COPIED_DOCUMENT = ("white-paper-2020", "white-paper-copy")
# Corrections a contributor might make, each to a different table, all in one copy of the project
# so that one build serves the tests that follow each of them to the pages (named on each line).
CORRECTIONS = [
    # tests/test_documents.py: the copy's own number, where the original is corrected (below).
    ("data/white-paper-copy/wafer_demand_by_size.csv", "8,34.78,49", "8,36.78,49"),
    # tests/test_one_place.py: a fact that is this cell moves with it, and the total check objects.
    ("data/white-paper-2020/wafer_demand_by_size.csv", "8,34.78,49", "8,35.78,49"),
    # tests/test_market_report.py: the shares no longer add up, a contradiction on the notes page.
    ("data/market-report-2026/product_mix_2025.csv", "加速度计,32.5", "加速度计,42.5"),
    # tests/test_white_paper.py: the growth computed from the revenue follows it.
    (
        "data/white-paper-2020/company_revenue.csv",
        "博世,终点,2014,2009-2014年,,MEMS营收,,14,14亿美元",
        "博世,终点,2014,2009-2014年,,MEMS营收,,16,16亿美元",
    ),
]


def change(project: Path) -> None:
    copy_document(project, *COPIED_DOCUMENT)
    for name, old, new in CORRECTIONS:
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name}: the line to correct ({old}) is not there once"
        path.write_text(text.replace(old, new), encoding="utf-8")
    poison_project(project)


@pytest.fixture(scope="session")
def changed_site(tmp_path_factory, chart_cache) -> Path:
    """The project as contributors and attackers change it, built once per test run: a second
    document copied from the first, CORRECTIONS made, and every free text of data/ made to hold
    attacks (tests/payloads.py), which change no number. The tests that follow a correction to the
    pages read its numbers; tests/test_payloads.py reads its texts. One build serves both: each
    change of data/ redraws the charts it touches, and the attacks reach every chart's titles."""
    return built_once(tmp_path_factory, "changed-project", chart_cache, change)


@functools.cache
def project_catalog():
    """The project's catalog with its computed tables, read once per test process for the modules
    that collect their tests from it. No test may change it."""
    from macros.data.catalog import Catalog
    from macros.data.derived import add_derived_tables
    from macros.documents import load_documents

    load_documents()
    catalog = Catalog(PROJECT / "data")
    add_derived_tables(catalog)
    return catalog


@pytest.fixture(scope="session")
def site_data():
    """The project's data as the build sees it: catalog, derived tables, charts, check findings."""
    from macros.build.site import Build

    return Build(PROJECT, cache_dir=None)


def page_macros(build, source: str = "index.md"):
    """The page macros as a page under docs/ calls them."""
    from macros.build.site import Page, PageMacros

    return PageMacros(build, Page(source))


# -- the one browser of a test session (Playwright allows one sync instance per process) ------

# Chromium's headless build (Debian's chromium-headless-shell, the same engine and version as its
# chromium): no window, tabs or browser UI to run beside the pages, so the browser tests take about
# a fifth less CPU than with the full browser in headless mode. It has none of the full browser's
# default fonts per language either: a page must name its fonts (figures.css does, for the printed
# margins), or it gets a serif.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # V8's baseline compiler only, not its optimising ones (Maglev, TurboFan): a page of the tour
    # lives for about a second, and each page optimised axe, vega and the theme's bundle afresh in
    # background threads, work it seldom lived to use. What the scripts do is the same; the tour
    # took 7-9% less CPU.
    "--js-flags=--max-opt=1",
]
# The print test reads the printed PDF back with poppler's pdftotext.
HOW_TO_GET_IT = "install it with `sudo apt-get install chromium-headless-shell fonts-noto-cjk poppler-utils`"


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


# -- the built site in that browser, and the tours of it (tests/browsing.py) ------------------------


@pytest.fixture(scope="session")
def site(browser, built_site):
    from browsing import Site

    site = Site(built_site, browser)
    assert site.pages, f"no HTML page in the built site {built_site}"
    return site


@pytest.fixture(scope="session")
def context(site):
    """The one context of a reader in light mode, shared by the tests."""
    context = site.new_context()
    yield context
    context.close()


@pytest.fixture
def tab(site, context):
    tab = site.new_tab(context)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def axe() -> Path | None:
    """axe-core as pinned in tests/browser/package-lock.json; `npm ci` installs it when missing."""
    from browsing import AXE, BROWSER_DIR

    npm = shutil.which("npm")
    if not AXE.exists() and npm:
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=BROWSER_DIR,
            capture_output=True,
            timeout=300,
        )
    return AXE if AXE.exists() else None


@pytest.fixture(scope="session")
def tour(site, axe):
    """Every page once, in light mode and then switched to dark (browsing.take_tour)."""
    from browsing import take_tour

    context = site.new_context()
    try:
        return take_tour(site, site.pages, context, axe)
    finally:
        context.close()


@pytest.fixture(scope="session")
def static_tour(site):
    """The pages with charts, with JavaScript off, at a phone's and a wide screen's width."""
    from browsing import take_static_tour

    return take_static_tour(site, site.pages)


# -- where the tests run: a module to a worker, the tour's readers first ----------------------------

# A session or module fixture is made once per worker that needs it: a site built with payloads, a
# review's two builds, the guided build, the tour (a minute or two). So `pytest -n N` sends each
# module whole to one worker, and the modules that read the tour as one unit, first, because it is
# the longest. (xdist's `--dist loadgroup` marks could say this, but with pytest 9.2 they no longer
# group anything: pytest-dev/pytest-xdist#1386.)
TOUR_MODULES = ("tests/test_tour.py", "tests/test_chart_layout.py")
TOUR_FIXTURES = {"tour", "static_tour"}


@pytest.hookimpl(trylast=True)  # after pytest has grouped the tests by their session fixtures
def pytest_collection_modifyitems(config, items):
    misplaced = [
        item.nodeid
        for item in items
        if TOUR_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.nodeid.startswith(TOUR_MODULES)
    ]
    if misplaced:
        raise pytest.UsageError(
            f"{', '.join(misplaced)} read(s) the browser tour outside {' and '.join(TOUR_MODULES)}: "
            "on another worker the tour would be taken a second time. Move the test into one of them."
        )
    # The scheduler below hands out work in this order: the tour's readers first, then the other
    # browser modules (the longest after the tour), and among those, first the ones that need no
    # build of the real project (the changed site's readers, who make their own): while the tour's
    # worker makes it, the other worker has work instead of waiting for it.
    items.sort(
        key=lambda item: (
            not item.nodeid.startswith(TOUR_MODULES),
            item.get_closest_marker("browser") is None,
            "built_site" in getattr(item, "fixturenames", ()),
        )
    )


# The modules that read the changed site (a build of its own, made once per run) go to one worker
# together: else two workers reach for it at once, and one waits out the other's build.
CHANGED_SITE_MODULES = tuple(
    f"tests/{path.name}"
    for path in sorted(Path(__file__).resolve().parent.glob("test_*.py"))
    if "changed_site" in path.read_text(encoding="utf-8")
)


def work_unit(nodeid: str) -> str:
    """What goes to one worker: the tour's readers together, the changed site's readers together,
    or a whole module."""
    module = nodeid.split("::")[0]
    if module.startswith(TOUR_MODULES):
        return "the tour"
    return "the changed site" if module in CHANGED_SITE_MODULES else module


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded
def pytest_xdist_make_scheduler(config, log):
    """For `pytest -n N` (xdist's default distribution, which would scatter a module's tests)."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    # Hand out the units in collection order (the tour's first), not largest first.
    config.option.loadscopereorder = False
    return ModuleScheduling(config, log)


# -- outside checkers: the Nu Html Checker, from the npm registry, run with Debian's Java ----------

VNU_JAR = PROJECT / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def checker_missing(reason: str) -> None:
    """Skip a test whose outside checker is not installed; CI (MEMS_REQUIRE_CHECKERS=1) fails."""
    if os.environ.get("MEMS_REQUIRE_CHECKERS") == "1":
        pytest.fail(f"{reason} (MEMS_REQUIRE_CHECKERS=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the Nu Html Checker (vnu-jar, pinned in tests/browser/package-lock.json).
    `npm ci --ignore-scripts` installs it when missing: its own install script would fetch a Java
    runtime from GitHub, where the tests use the machine's (Debian: default-jre-headless)."""
    java = shutil.which("java")
    if java is None:
        checker_missing("Java is not installed: `sudo apt-get install default-jre-headless`")
    npm = shutil.which("npm")
    if not VNU_JAR.exists() and npm:
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=VNU_JAR.parents[3],
            capture_output=True,
            timeout=300,
        )
    if not VNU_JAR.exists():
        checker_missing("vnu-jar is not installed: run `npm ci --ignore-scripts` in tests/browser")
    # Java's quick compiler only, and one collector thread: the check of every page is a run of
    # seconds, in which the optimising compiler's background work cost more than it saved (11-12 s
    # of CPU for the whole site, 4.5-5 s with these). The quick compiler's deeper stack needs -Xss.
    return [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR)]


@contextlib.contextmanager
def descriptor_changed(project, old: str, new: str):
    """A fixture project's descriptor (data/demo) with `old` replaced by `new` while the block runs."""
    descriptor = project / "data" / "demo" / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    assert old in text, f"the fixture no longer has {old!r}"
    descriptor.write_text(text.replace(old, new), encoding="utf-8")
    try:
        yield
    finally:
        descriptor.write_text(text, encoding="utf-8")
