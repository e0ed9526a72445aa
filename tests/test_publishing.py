"""Publishing: the CI workflow, reproducible builds (by either engine), links and anchors of the
built site, edit links to the sources, and the developer tooling (pre-commit, make help)."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from conftest import PROJECT
from macros.html.provenance import provenance
from macros.html.render import CHART_FIGURE
from test_data import CATALOG

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
# The build fixtures' SOURCE_DATE_EPOCH (conftest.build).
EPOCH = 1700000000
# The path the published site is served under (from site_url), where 404.html's links start.
PUBLISHED_PATH = urlsplit(
    yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
).path

# External links a page may carry besides the edit links to the project's repository: none.
EXTERNAL_ALLOWED: set[str] = set()


def repository_link(url: str, repo: str) -> bool:
    """A link to the project's repository that a page may carry: an edit link, the code of a computed
    dataset (macros/documents/<module>.py at a line), or a new issue through the wrong-number form."""
    if url.startswith(f"{repo}/edit/main/"):
        return True
    if re.fullmatch(re.escape(repo) + r"/blob/main/macros/documents/\w+\.py#L\d+", url):
        return True
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}{parts.path}" != f"{repo}/issues/new" or parts.fragment:
        return False
    query = parse_qs(parts.query)
    return query.get("template") == ["wrong-number.yml"] and set(query) <= {
        "template",
        "title",
        "location",
        "value",
        "source",
    }


class ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it uses MkDocs' own tags (!ENV, !!python/name): they become None."""


ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)


def readme_commands() -> set[str]:
    """The `make …` commands the README shows in its shell blocks."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    return {m for block in blocks for m in re.findall(r"^(make \w+)", block, re.M)}


# -- the CI workflow -----------------------------------------------------------------------------


def load_workflow(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, job, step


def test_there_is_a_workflow():
    assert WORKFLOWS, "no workflow under .github/workflows/"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses(path):
    workflow = load_workflow(path)
    assert workflow["on"] and workflow["jobs"]
    for _, _, step in steps(workflow):
        assert "uses" in step or "run" in step, step


def test_ci_runs_the_readme_commands_on_pull_requests_and_main():
    commands = readme_commands()
    assert {"make test", "make site"} <= commands, "the README no longer shows its two commands"
    for path in WORKFLOWS:
        workflow = load_workflow(path)
        triggers = workflow["on"]
        assert "pull_request" in triggers, f"{path.name}: pull requests are not checked"
        assert "main" in triggers["push"]["branches"], f"{path.name}: pushes to main are not built"
        runs = [line.strip() for _, _, step in steps(workflow) for line in step.get("run", "").splitlines()]
        assert "make test" in runs and "make site" in runs, f"{path.name}: {runs}"
        made = {re.match(r"make \w+", line).group(0) for line in runs if line.startswith("make ")}
        assert made <= commands, f"{path.name} runs commands the README does not show: {made - commands}"


def test_ci_installs_the_browser_and_fonts_before_testing():
    for path in WORKFLOWS:
        for job_name, job in load_workflow(path)["jobs"].items():
            runs = [step.get("run", "") for step in job.get("steps", [])]
            if not any("make test" in run for run in runs):
                continue
            before_tests = "\n".join(runs[: next(i for i, run in enumerate(runs) if "make test" in run)])
            packages = r"apt-get install[^\n]*\bchromium-headless-shell\b[^\n]*\bfonts-noto-cjk\b"
            assert re.search(packages, before_tests), (
                f"{path.name} job {job_name}: chromium-headless-shell and fonts-noto-cjk are not installed"
            )
            assert job.get("env", {}).get("MEMS_REQUIRE_BROWSER") == "1", "browser tests would be skipped"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit(path):
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action} is not pinned to a commit"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{action}: say which release the commit is"


def test_main_deploys_the_tested_build_to_pages_and_as_a_zip():
    site_dir = read_config(PROJECT)["site_dir"]
    for path in WORKFLOWS:
        workflow = load_workflow(path)
        uploads = {}
        for job_name, job, step in steps(workflow):
            action = step.get("uses", "").split("@")[0]
            if job.get("if") == "github.event_name == 'pull_request'":
                continue  # the review of a pull request keeps its own artifacts (tests/test_review.py)
            if action in ("actions/upload-pages-artifact", "actions/upload-artifact"):
                assert step.get("if") == "github.event_name == 'push'", f"{action} runs on pull requests"
                uploads[action] = (job_name, step["with"]["path"].rstrip("/"))
        assert set(uploads) == {"actions/upload-pages-artifact", "actions/upload-artifact"}, uploads
        # One job builds once: the published site and the downloadable zip are the same folder.
        assert len(set(uploads.values())) == 1 and uploads["actions/upload-artifact"][1] == site_dir
        build_job = uploads["actions/upload-artifact"][0]
        deployers = [
            (name, job)
            for name, job, step in steps(workflow)
            if step.get("uses", "").startswith("actions/deploy-pages@")
        ]
        assert deployers, f"{path.name}: nothing deploys to GitHub Pages"
        for _, job in deployers:
            assert job["needs"] == build_job or build_job in job["needs"]
            assert job["if"] == "github.event_name == 'push'"
            assert job["permissions"] == {"pages": "write", "id-token": "write"}


# -- reproducible builds -------------------------------------------------------------------------

# Runs a module (mkdocs) in a process whose clock is `SHIFT` seconds ahead: another day, another year.
SHIFTED_CLOCK = """
import datetime, runpy, sys, time

# pandas' compiled modules check the datetime types they were built with: load them first.
import pandas  # noqa: F401

SHIFT = {shift}
_datetime, _date = datetime.datetime, datetime.date
_time, _localtime, _gmtime, _strftime = time.time, time.localtime, time.gmtime, time.strftime
time.time = lambda: _time() + SHIFT
time.localtime = lambda seconds=None: _localtime(time.time() if seconds is None else seconds)
time.gmtime = lambda seconds=None: _gmtime(time.time() if seconds is None else seconds)
time.strftime = lambda format, moment=None: _strftime(format, time.localtime() if moment is None else moment)


class ShiftedDateTime(_datetime):
    @classmethod
    def now(cls, tz=None):
        return _datetime.fromtimestamp(time.time(), tz)

    @classmethod
    def utcnow(cls):
        return _datetime.fromtimestamp(time.time(), datetime.UTC).replace(tzinfo=None)

    @classmethod
    def today(cls):
        return cls.now()


class ShiftedDate(_date):
    @classmethod
    def today(cls):
        return _date.fromtimestamp(time.time())


datetime.datetime, datetime.date = ShiftedDateTime, ShiftedDate
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""
SHIFT_SECONDS = 400 * 24 * 3600


def run_shifted(tmp: Path, module: str, *args: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """`python -m module args` with the clock SHIFT_SECONDS ahead."""
    launcher = tmp / "shifted_clock.py"
    launcher.write_text(SHIFTED_CLOCK.format(shift=SHIFT_SECONDS), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(launcher), module, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_shifted_clock_is_another_year(tmp_path):
    """The control for the build below: the launcher really moves the clock."""
    (tmp_path / "show_dates.py").write_text(
        "import datetime, time\n"
        "print(datetime.datetime.now().year, datetime.date.today().year, time.strftime('%Y'))\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = run_shifted(tmp_path, "show_dates", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    this_year = datetime.now().year
    assert all(int(year) > this_year for year in result.stdout.split()), result.stdout


# The line that names the engine that wrote a page: the one thing the second build may change.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def second_build(built_site, chart_cache, tmp_path_factory) -> Path:
    """The sources of `built_site` built again, differently in every way that must not matter: by
    the other engine, ProperDocs (a maintained fork of MkDocs 1.x; only macros/adapters/ touches
    the engine, tests/test_engines.py), without the compiled templates' cache, on a clock 400 days
    ahead in a time zone 14 hours ahead of UTC, with the same SOURCE_DATE_EPOCH, and in the C locale
    of a bare container (Python reads it as UTF-8, PEP 538: every file the build opens names its
    encoding, so none depends on it). Its charts come from the test run's chart cache, which
    built_site filled: that a chart drawn afresh, where the machine's fonts are out of sight, is the
    one the cache holds, tests/test_chart_font.py shows."""
    pytest.importorskip("properdocs", reason="properdocs is a test dependency: `make test` installs it")
    project = tmp_path_factory.mktemp("rebuild")
    shutil.copytree(
        built_site.parent, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site", ".cache")
    )
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MEMS_CHART_CACHE": str(chart_cache),
        "MEMS_TEMPLATE_CACHE": "off",
        "SOURCE_DATE_EPOCH": str(EPOCH),
        "LC_ALL": "C",
        "LANG": "C",
        "TZ": "Pacific/Kiritimati",
    }
    args = ("build", "--strict", "--quiet", "--site-dir", "site")
    clock = tmp_path_factory.mktemp("clock")
    result = run_shifted(clock, "properdocs", *args, cwd=project, env=env)
    assert result.returncode == 0, f"the second build (ProperDocs) fails:\n{result.stderr[-3000:]}"
    return project / "site"


def files_of(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def without_generator(path: Path) -> bytes:
    return GENERATOR.sub(b"", path.read_bytes())


def first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"byte {at}: {a[max(0, at - 40) : at + 40]!r} vs {b[max(0, at - 40) : at + 40]!r}"


def test_two_builds_are_byte_identical(built_site, second_build):
    """Every file of the second build is the first's, byte for byte, apart from the generator line."""
    first, second = files_of(built_site), files_of(second_build)
    assert len(first) > 20, "the built site is nearly empty"
    assert "sitemap.xml.gz" in first
    assert sorted(first) == sorted(second), set(first) ^ set(second)
    differing = []
    for name in first:
        one, other = without_generator(first[name]), without_generator(second[name])
        if one != other:
            differing.append(f"{name}: {first_difference(one, other)}")
    assert not differing, "the build is not reproducible:\n" + "\n".join(differing)


def test_the_second_build_was_made_by_the_other_engine(built_site, second_build):
    """The control for the comparison above: the generator lines name the two engines."""
    engines = [
        {m.group() for m in GENERATOR.finditer((site / "index.html").read_bytes())}
        for site in (built_site, second_build)
    ]
    assert all(engines) and engines[0] != engines[1], engines
    assert b"properdocs" in b"".join(engines[1]).lower(), engines[1]


def test_build_dates_come_from_source_date_epoch(built_site):
    header = (built_site / "sitemap.xml.gz").read_bytes()[:8]
    assert header[:2] == b"\x1f\x8b"
    # MkDocs stamps the sitemap with the day of SOURCE_DATE_EPOCH, not with the time of building.
    assert struct.unpack("<I", header[4:8])[0] == EPOCH - EPOCH % 86400, "gzip stamps the time of building"
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    leaks = [name for name, path in files_of(built_site).items() if today.encode() in path.read_bytes()]
    assert not leaks, f"today's date ({today}) is in {leaks}"


def test_make_site_takes_its_date_from_the_last_commit():
    result = subprocess.run(["make", "-n", "site"], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct" in result.stdout, result.stdout


# -- links and anchors ---------------------------------------------------------------------------

# Attributes whose value the browser follows or fetches.
LINK_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "data-vega"}
# Of those, the ones fetched as the page loads (a stylesheet, a script, an image), not on a click.
LOADING = {
    ("link", "href"),
    ("script", "src"),
    ("script", "data-vega"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("video", "poster"),
    ("image", "href"),
    ("image", "xlink:href"),
}


@dataclass
class Link:
    tag: str
    attribute: str
    url: str
    attributes: dict[str, str | None]
    figure: int | None  # which mems-figure the link stands in, if any


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    # Each mems-figure's id, in order of appearance; a link's `figure` indexes this list.
    figures: list[str] = field(default_factory=list)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.figure_depth = 0
        self.current_figure: int | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.page.ids.add(attributes[name])
        if tag == "figure":
            self.figure_depth += 1
            if "mems-figure" in (attributes.get("class") or "").split() and self.current_figure is None:
                self.page.figures.append(attributes.get("id") or "")
                self.current_figure = len(self.page.figures) - 1
                self.figure_depth = 1
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value is not None:
                self.page.links.append(Link(tag, name, value, attributes, self.current_figure))

    def handle_endtag(self, tag):
        if tag == "figure" and self.current_figure is not None:
            self.figure_depth -= 1
            if self.figure_depth == 0:
                self.current_figure = None


def parse_page(path: Path) -> Page:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, Page]:
    found = {p.relative_to(built_site).as_posix(): parse_page(p) for p in sorted(built_site.rglob("*.html"))}
    assert len(found) > 5
    return found


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def resolve(page: str, url: str) -> tuple[str | None, str]:
    """The site file a link points to (relative to site/) as file:// resolves it, and its fragment.
    None when the link leaves the site folder or starts at the file system's root."""
    parts = urlsplit(url)
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):
        # Only the 404 page is served by the web server, from the published site's path (site_url);
        # from disk "/" is the file system's root.
        served = parts.path.removeprefix(PUBLISHED_PATH) if parts.path.startswith(PUBLISHED_PATH) else None
        return (served if page == "404.html" else None), unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return (None if target.startswith("../") or target == ".." else target), unquote(parts.fragment)


def broken_links(site: Path, pages: dict[str, Page]) -> list[str]:
    problems = []
    for name, page in pages.items():
        for link in page.links:
            if is_external(link.url) or link.url.startswith("data:"):
                continue
            target, fragment = resolve(name, link.url)
            where = f'{name}: <{link.tag} {link.attribute}="{link.url}">'
            if target is None:
                problems.append(f"{where} does not resolve from disk")
            elif not (site / target).is_file():
                problems.append(f"{where}: no file {target}")
            elif fragment and target.endswith(".html") and fragment not in pages[target].ids:
                problems.append(f"{where}: {target} has no element with id '{fragment}'")
    return problems


def test_every_internal_link_and_anchor_resolves(built_site, pages):
    links = sum(len(page.links) for page in pages.values())
    assert links > 100
    problems = broken_links(built_site, pages)
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems[:40])


def test_the_link_check_finds_a_broken_link_and_anchor(built_site, pages):
    """The control: a missing file and a missing id are reported."""
    probe = [Link("a", "href", "nowhere.html", {}, None), Link("a", "href", "#gone", {}, None)]
    page = Page(ids={"here"}, links=probe)
    # Every page, so that the home page's links (its traced numbers lead to data pages) resolve.
    problems = broken_links(built_site, {**pages, "probe.html": page})
    assert len(problems) == 2, problems


def test_search_results_lead_to_pages_and_anchors(built_site, pages):
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"]
    for doc in index["docs"]:
        target, fragment = resolve("index.html", doc["location"])
        assert target in pages, f"search result {doc['location']}: no such page"
        assert not fragment or fragment in pages[target].ids, f"search result {doc['location']}: no anchor"


def test_download_links_resolve_and_every_csv_is_offered(built_site, pages):
    downloads = set()
    for name, page in pages.items():
        for link in page.links:
            if link.tag == "a" and "download" in link.attributes:
                target, _ = resolve(name, link.url)
                assert target and urlsplit(link.url).path, f"{name}: download link {link.url!r} names no file"
                assert (built_site / target).is_file(), f"{name}: download {link.url} missing"
                downloads.add(target)
    csvs = {p.relative_to(built_site).as_posix() for p in built_site.glob("data/**/*.csv")}
    assert csvs, "no CSV in the built site"
    assert csvs <= downloads, f"CSVs no page offers for download: {sorted(csvs - downloads)}"


def test_every_figure_links_to_its_csv_and_data_page(pages):
    figures = 0
    for name, page in pages.items():
        for number, figure_id in enumerate(page.figures):
            figures += 1
            targets = [resolve(name, link.url)[0] or "" for link in page.links if link.figure == number]
            assert any(t.startswith("data/") and t.endswith(".csv") for t in targets), f"{name} #{figure_id}"
            assert any(t.startswith("data/") and t.endswith(".html") for t in targets), f"{name} #{figure_id}"
    assert figures > 3


def test_no_external_links_but_the_edit_links(built_site, pages):
    config = read_config(built_site.parent)
    repo, published = config["extra"]["repo"], config["site_url"]
    external = sorted(
        {
            (name, link.url)
            for name, page in pages.items()
            for link in page.links
            if is_external(link.url)
            and not repository_link(link.url, repo)
            # A page's canonical address on the published site: a name, never fetched.
            and not (link.url.startswith(published) and link.attributes.get("rel") == "canonical")
            # The wrong-number e-mail to the address mkdocs.yml gives: the reader's own mail program.
            and not link.url.startswith(f"mailto:{config['extra'].get('report_email')}?")
        }
    )
    unexpected = [(name, url) for name, url in external if url not in EXTERNAL_ALLOWED]
    assert not unexpected, "external links:\n" + "\n".join(f"{n}: {u}" for n, u in unexpected)


def test_the_repository_allow_list_is_precise():
    """The control: the allow-list takes the links the pages make and nothing near them."""
    repo = "https://github.com/o/r"
    assert repository_link(f"{repo}/edit/main/data/a/b.csv", repo)
    assert repository_link(f"{repo}/blob/main/macros/documents/white_paper_2020.py#L14", repo)
    assert repository_link(f"{repo}/issues/new?template=wrong-number.yml&title=x&location=y", repo)
    for url in (
        f"{repo}/blob/main/macros/build/site.py#L1",
        f"{repo}/blob/main/macros/documents/white_paper_2020.py",
        f"{repo}/issues/new?template=other.yml",
        f"{repo}/issues/new?template=wrong-number.yml&labels=x",
        f"{repo}/issues",
        "https://github.com/other/r/edit/main/x",
        f"{repo}.evil.example/edit/main/x",
    ):
        assert not repository_link(url, repo), url


def test_nothing_loads_from_another_host(built_site, pages):
    fetched = [
        f'{name}: <{link.tag} {link.attribute}="{link.url}">'
        for name, page in pages.items()
        for link in page.links
        if (link.tag, link.attribute) in LOADING
        and is_external(link.url)
        and link.attributes.get("rel") != "canonical"  # names the page's address; never fetched
    ]
    assert not fetched, "\n".join(fetched)
    for stylesheet in built_site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", stylesheet.read_text(encoding="utf-8"))
        assert not [u for u in urls if is_external(u)], f"{stylesheet.name} loads {urls}"


# -- edit links ----------------------------------------------------------------------------------


def edit_links(page: Page) -> list[str]:
    return [link.url for link in page.links if link.tag == "a" and link.attributes.get("rel") == "edit"]


def test_every_chapter_and_data_page_links_to_its_source_for_editing(built_site, pages):
    project = built_site.parent
    config = read_config(project)
    repo = config["extra"]["repo"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repo), repo
    assert not config.get("repo_url"), "repo_url makes Material fetch repository facts from GitHub"
    expected = {}
    for markdown in sorted((project / config["docs_dir"]).rglob("*.md")):
        source = markdown.relative_to(project).as_posix()
        expected[markdown.relative_to(project / config["docs_dir"]).with_suffix(".html").as_posix()] = source
    for csv in sorted((project / "data").glob("*/*.csv")):
        source = csv.relative_to(project)
        expected[source.with_suffix(".html").as_posix()] = source.as_posix()
    built = {page: source for page, source in expected.items() if page in pages}
    assert len(built) > 10, built
    for page, source in built.items():
        assert edit_links(pages[page]) == [f"{repo}/edit/main/{source}"], page


def test_a_computed_data_page_edits_the_code_that_computes_it(pages, built_site):
    repo = read_config(built_site.parent)["extra"]["repo"]
    computed = [t for t in CATALOG.tables.values() if t.computed]
    assert computed
    for table in computed:
        found = provenance(table, CATALOG, PROJECT)
        page = f"data/{table.package.name}/{table.name}.html"
        assert edit_links(pages[page]) == [f"{repo}/edit/main/{found.code_path}"], page


# -- developer habits ----------------------------------------------------------------------------


def test_pre_commit_pins_the_ruff_of_the_project():
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    repos = {repo["repo"].rstrip("/").split("/")[-1]: repo for repo in config["repos"]}
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    pinned = [d for d in pyproject["project"]["optional-dependencies"]["test"] if d.startswith("ruff==")]
    assert pinned, "ruff is not pinned in pyproject.toml"
    version = pinned[0].split("==")[1]
    assert f"ruff=={version}" in (PROJECT / "requirements.lock").read_text(encoding="utf-8")
    ruff = repos["ruff-pre-commit"]
    assert ruff["rev"] == f"v{version}"
    assert {hook["id"] for hook in ruff["hooks"]} >= {"ruff-check", "ruff-format"}
    basics = {hook["id"] for hook in repos["pre-commit-hooks"]["hooks"]}
    assert {"trailing-whitespace", "end-of-file-fixer", "check-yaml"} <= basics


def test_make_help_lists_every_command():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    result = subprocess.run(["make", "help"], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    listed = set(re.findall(r"^\s*make (\S+)", result.stdout, re.M))
    assert set(phony) <= listed, f"make help does not list: {set(phony) - listed}"
    assert {command.split()[1] for command in readme_commands()} <= listed


def test_a_page_loads_the_chart_script_once_and_only_if_it_shows_a_chart(built_site):
    """A printable edition holds the charts of several chapters and loads the script once: two
    copies would each load vega, whose second run fails on the first one's declarations."""
    wrong, charted = [], 0
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        scripts = len(re.findall(r'<script src="[^"]*assets/javascripts/charts\.js"', html))
        expected = 1 if CHART_FIGURE in html else 0
        charted += expected
        if scripts != expected:
            wrong.append(f"{page.relative_to(built_site)}: {scripts} chart script(s), {expected} expected")
    assert charted >= 3, "too few pages with charts to check"
    assert not wrong, "\n".join(wrong)


def test_no_script_holds_up_the_first_paint(built_site):
    """Every script a page loads is deferred (macros/html/theme.py, mkdocs.yml extra_javascript): a
    parser-blocking one in <head> or <body> makes a phone wait for it before it shows the text."""
    blocking = []
    for page in sorted(built_site.rglob("*.html")):
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text(encoding="utf-8")):
            if not re.search(r"\s(defer|async)[\s>]", tag):
                blocking.append(f"{page.relative_to(built_site)}: {tag}")
    assert not blocking, "\n".join(blocking[:20])


def test_each_chart_page_has_the_chart_font_for_every_character_its_charts_draw(built_site):
    """A page's own cut of the chart font (regular and bold) holds each character of its charts'
    text, and a page without charts loads none: a missing glyph would be drawn from another font,
    with other widths than the build measured."""
    import io

    from fontTools.ttLib import TTFont

    from macros.charts.font import FAMILY, chart_text

    wrong, checked = [], 0
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        faces = re.findall(
            r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+);[^}]*url\("([^"]+)"\)', html
        )
        name = page.relative_to(built_site)
        if CHART_FIGURE not in html:
            if faces:
                wrong.append(f"{name}: no chart, but {len(faces)} chart font(s)")
            continue
        checked += 1
        if sorted(weight for family, weight, _ in faces if family == FAMILY) != ["400", "700"]:
            wrong.append(f"{name}: chart fonts {faces}")
        drawn = {c for c in chart_text(html) if not c.isspace()}
        for _, weight, url in faces:
            font = TTFont(io.BytesIO((page.parent / url).read_bytes()))
            missing = drawn - {chr(code) for code in font.getBestCmap()}
            if missing:
                wrong.append(f"{name}: weight {weight} lacks {''.join(sorted(missing))}")
    assert checked >= 10, f"only {checked} pages with charts"
    assert not wrong, "\n".join(wrong)
