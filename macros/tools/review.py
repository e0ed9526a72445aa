"""`make review`: build a base commit and the working tree, and report in Markdown what the change
does to the site: values, datasets, checks, page text, charts, warnings and the figure list.

It reads only what every version of the project has (the data packages with yaml and csv, and the
built HTML), so that it can compare versions whose code differs; it imports nothing from macros/.
Run as `python macros/tools/review.py [--base REF] [--out review]`."""

from __future__ import annotations

import argparse
import csv
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import vl_convert
import yaml

PROJECT = Path(__file__).resolve().parents[2]
# Both builds get the same clock, so that sitemaps and the data package zip compare equal.
EPOCH = "1700000000"
# A long list helps no reviewer: each section shows this many entries and counts the rest.
LIMIT = 200
SENTENCE_END = re.compile(r"(?<=[。！？；!?])")
WARNING = re.compile(r"WARNING|警告")


class ReviewError(Exception):
    """A problem that stops the review; its message is the whole explanation."""


# -- building both versions ----------------------------------------------------------------------


def git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True)
    if result.returncode != 0:
        raise ReviewError(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def default_base() -> str:
    """The merge base with main (or origin/main, as a CI checkout has it)."""
    for branch in ("main", "origin/main"):
        try:
            return git("merge-base", "HEAD", branch)
        except ReviewError:
            continue
    raise ReviewError(
        "make review: there is no branch main to compare with. Name the base: make review BASE=<git ref>."
    )


@contextmanager
def checkout(commit: str):
    """`commit` checked out in a temporary git worktree: a build there sees its own history, as the
    data pages' dates and commit stamps need."""
    with tempfile.TemporaryDirectory(prefix="mems-review-") as temporary:
        target = Path(temporary) / "base"
        git("worktree", "add", "--detach", "--quiet", str(target), commit)
        try:
            yield target
        finally:
            git("worktree", "remove", "--force", str(target))


@dataclass
class Build:
    site: Path
    log: str
    ok: bool


def build(project: Path, site: Path, cache: Path) -> Build:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MEMS_CHART_CACHE": str(cache),
        # The base is checked out in a folder of its own: both builds share the project's templates.
        "MEMS_TEMPLATE_CACHE": os.environ.get("MEMS_TEMPLATE_CACHE") or str(PROJECT / ".cache" / "templates"),
        "SOURCE_DATE_EPOCH": EPOCH,
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    return Build(site, result.stdout + result.stderr, result.returncode == 0)


# -- reading the data ----------------------------------------------------------------------------


@dataclass
class Dataset:
    id: str
    path: str
    rows: dict[tuple, dict[str, str]]
    lines: dict[tuple, int]
    key: list[str]
    location: str
    computed: bool = False


def read_rows(path: Path, key: list[str]) -> tuple[dict, dict, list[str]]:
    """Rows by key (the primary key, or the line number when there is none), and each row's line."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        rows, lines = {}, {}
        for row in reader:
            name = tuple(row.get(column, "") for column in key) if key else (str(reader.line_num),)
            rows[name] = row
            lines[name] = reader.line_num
        return rows, lines, list(reader.fieldnames or [])


def published_datasets(project: Path) -> dict[str, Dataset]:
    """Every resource of every data/<document>/datapackage.yaml."""
    datasets = {}
    for descriptor in sorted(project.glob("data/*/datapackage.yaml")):
        package = descriptor.parent
        # libyaml's parser, as the build reads these files: the pure-Python one took seconds.
        meta = yaml.load(descriptor.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        for resource in meta.get("resources") or []:
            key = (resource.get("schema") or {}).get("primaryKey") or []
            key = [key] if isinstance(key, str) else list(key)
            path = package / resource.get("path", f"{resource['name']}.csv")
            dataset_id = f"{package.name}/{resource['name']}"
            try:
                rows, lines, _ = read_rows(path, key)
            except (OSError, UnicodeDecodeError, csv.Error):
                rows, lines = {}, {}
            location = str(resource.get("location") or "")
            datasets[dataset_id] = Dataset(
                dataset_id, path.relative_to(project).as_posix(), rows, lines, key, location
            )
    return datasets


def computed_datasets(site: Path, published: dict[str, Dataset]) -> dict[str, Dataset]:
    """The CSVs a build publishes that no descriptor describes: the tables computed by code.
    Rows are keyed by the first column where it is unique, else by line."""
    datasets = {}
    for path in sorted(site.glob("data/*/*.csv")):
        dataset_id = f"{path.parent.name}/{path.stem}"
        if dataset_id in published:
            continue
        rows, lines, columns = read_rows(path, [])
        first = [row.get(columns[0], "") for row in rows.values()] if columns else []
        key = columns[:1] if first and len(set(first)) == len(first) else []
        if key:
            rows, lines, _ = read_rows(path, key)
        datasets[dataset_id] = Dataset(
            dataset_id, f"data/{dataset_id}.csv", rows, lines, key, "computed by macros/documents/", True
        )
    return datasets


# -- reading the built pages ---------------------------------------------------------------------

BLOCKS = {
    "p", "div", "li", "tr", "table", "thead", "tbody", "ul", "ol", "dl", "dt", "dd", "figure",
    "figcaption", "caption", "details", "summary", "pre", "blockquote", "section", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
HIDDEN = {"svg", "script", "style", "noscript", "template"}
CHECK_ID = re.compile(r"check-(.+?)(?:-\d+)?$")


@dataclass
class Check:
    consistent: bool
    lines: list[str]  # the title, then what the note says, one line per value
    pages: list[str] = field(default_factory=list)


class PageText(HTMLParser):
    """The article of a built page as lines of text, its data notes (checks) and the entries of
    the figure list it shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = False
        self.hidden: list[str] = []
        self.line: list[str] = []
        self.lines: list[str] = []
        self.checks: dict[str, Check] = {}
        self.open_check: list = []  # [id, consistent, div depth, index of its first line]
        self.figures: list[str] = []
        self.open_row: list[str] | None = None
        self.in_figure_list = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self.in_article = True
        if not self.in_article:
            return
        if self.hidden or tag in HIDDEN or (tag == "a" and "headerlink" in classes):
            if tag not in ("br", "hr", "img", "input", "meta", "link"):
                self.hidden.append(tag)
            return
        if tag in BLOCKS:
            self.flush()
        if tag in ("td", "th") and "".join(self.line).strip():
            self.text(" | ")
        # The figure list: the document's figures are rows of its table, the site's are list items.
        if tag == "table" and "mems-figure-list" in classes:
            self.in_figure_list = True
        if (tag == "tr" and self.in_figure_list) or (tag == "li" and "data-kind" in attributes):
            self.open_row = []
        if tag == "div":
            if self.open_check:
                self.open_check[2] += 1
            elif "admonition" in classes and (
                "data-check" in attributes or CHECK_ID.match(attributes.get("id") or "")
            ):
                check_id = attributes.get("data-check") or CHECK_ID.match(attributes["id"]).group(1)
                if "data-consistent" in attributes:
                    consistent = attributes["data-consistent"] == "true"
                else:
                    consistent = "success" in classes
                self.open_check = [check_id, consistent, 1, len(self.lines)]

    def handle_endtag(self, tag):
        if not self.in_article:
            return
        if self.hidden:
            if tag == self.hidden[-1]:
                self.hidden.pop()
            return
        if tag == "article":
            self.flush()
            self.in_article = False
            return
        if tag in BLOCKS:
            self.flush()
        if tag == "table":
            self.in_figure_list = False
        if tag in ("tr", "li") and self.open_row is not None:
            row = squeeze("".join(self.open_row))
            if row:
                self.figures.append(row)
            self.open_row = None
        if tag == "div" and self.open_check:
            self.open_check[2] -= 1
            if self.open_check[2] == 0:
                check_id, consistent, _, first = self.open_check
                self.checks.setdefault(check_id, Check(consistent, self.lines[first:]))
                self.open_check = []

    def handle_data(self, data):
        if self.in_article and not self.hidden:
            self.text(data)

    def text(self, data: str) -> None:
        self.line.append(data)
        if self.open_row is not None:
            self.open_row.append(data)

    def flush(self) -> None:
        line = squeeze("".join(self.line))
        if line:
            self.lines.append(line)
        self.line = []


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" |")


def sentences(lines: list[str]) -> list[str]:
    return [part.strip() for line in lines for part in SENTENCE_END.split(line) if part.strip()]


@dataclass
class Site:
    pages: dict[str, PageText]
    charts: dict[str, str]


def read_site(site: Path, known: dict[str, PageText] | None = None) -> Site:
    """The pages and charts of a built site. A page whose HTML is in `known` (the other build's
    pages, by their HTML) is that page: most pages of a change are the same in both builds."""
    known = {} if known is None else known
    pages = {}
    for path in sorted(site.rglob("*.html")):
        url = path.relative_to(site).as_posix()
        if url.startswith(("assets/", "search/")):
            continue
        html = path.read_text(encoding="utf-8")
        if html not in known:
            parser = PageText()
            parser.feed(html)
            parser.close()
            known[html] = parser
        pages[url] = known[html]
    # A chart's name is document/chart, as its file under charts/ says.
    charts = {
        path.relative_to(site / "charts").with_suffix("").as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.glob("charts/*/*.svg"))
    }
    return Site(pages, charts)


def all_checks(site: Site) -> dict[str, Check]:
    """Each check shown anywhere on the site, with the pages that show it."""
    checks: dict[str, Check] = {}
    for url, page in site.pages.items():
        for check_id, check in page.checks.items():
            checks.setdefault(check_id, Check(check.consistent, check.lines)).pages.append(url)
    return checks


# -- the report ----------------------------------------------------------------------------------


def cell(text: object) -> str:
    """Text for a Markdown table cell: pipes escaped, an empty value shown as such."""
    text = str(text)
    return text.replace("|", "\\|").replace("\n", " ") if text != "" else "(empty)"


def limited(items: list[str]) -> list[str]:
    if len(items) <= LIMIT:
        return items
    return [*items[:LIMIT], f"\n… and {len(items) - LIMIT} more."]


def describe_key(dataset: Dataset, key: tuple) -> str:
    if not dataset.key:
        return f"line {key[0]}"
    return ", ".join(f"{column}={value}" for column, value in zip(dataset.key, key, strict=True))


def where(dataset: Dataset, row: dict[str, str], line: int) -> str:
    """Where the value stands: the row's own source (or location) column, else the dataset's."""
    place = row.get("source") or row.get("location") or dataset.location
    return f"{place} ({dataset.path}, line {line})" if place else f"{dataset.path}, line {line}"


def data_section(before: dict[str, Dataset], after: dict[str, Dataset]) -> list[str]:
    out = []
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    if added or removed:
        out.append("## Datasets added or removed\n")
        out += [f"- added: `{name}` ({after[name].path}, {len(after[name].rows)} rows)" for name in added]
        out += [f"- removed: `{name}` ({before[name].path})" for name in removed]
        out.append("")
    changes, rows_added, rows_removed = [], [], []
    for name in sorted(set(before) & set(after)):
        old, new = before[name], after[name]
        for key in [k for k in new.rows if k in old.rows]:
            old_row, new_row = old.rows[key], new.rows[key]
            for column in new_row:
                if column in old_row and old_row[column] != new_row[column]:
                    changes.append(
                        f"| `{name}`{' (computed)' if new.computed else ''} | {cell(describe_key(new, key))} "
                        f"| {cell(column)} | {cell(old_row[column])} | {cell(new_row[column])} "
                        f"| {cell(where(new, new_row, new.lines[key]))} |"
                    )
        rows_added += [
            f"- `{name}`: added row {describe_key(new, k)} ({where(new, new.rows[k], new.lines[k])})"
            for k in new.rows
            if k not in old.rows
        ]
        rows_removed += [
            f"- `{name}`: removed row {describe_key(old, k)} ({where(old, old.rows[k], old.lines[k])})"
            for k in old.rows
            if k not in new.rows
        ]
    if changes:
        out.append(f"## Values changed ({len(changes)})\n")
        out.append("| Dataset | Row | Column | Before | After | Where it stands |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        out += limited(changes)
        out.append("")
    if rows_added or rows_removed:
        out.append("## Rows added or removed\n")
        out += limited(rows_added + rows_removed)
        out.append("")
    return out


def check_section(before: Site, after: Site) -> list[str]:
    old, new = all_checks(before), all_checks(after)
    out = []
    for check_id in sorted(set(old) | set(new)):
        was, now = old.get(check_id), new.get(check_id)
        was_bad = was is not None and not was.consistent
        now_bad = now is not None and not now.consistent
        if now_bad and not was_bad:
            out += [f"- **new disagreement** `{check_id}`, shown on {', '.join(now.pages)}:", *note(now)]
            if was:
                out += ["  before, it passed:", *note(was)]
        elif was_bad and not now_bad:
            out.append(f"- **resolved** `{check_id}`" + (":" if now else ": no page shows it now."))
            out += [*(note(now) if now else []), "  before, it said:", *note(was)]
        elif was_bad and now_bad and was.lines != now.lines:
            out += [f"- **disagreement changed** `{check_id}`:", *note(now), "  before:", *note(was)]
    count = sum(1 for line in out if line.startswith("- "))
    return [f"## Checks whose result changed ({count})\n", *out, ""] if out else []


def note(check: Check) -> list[str]:
    return [f"  - {line}" for line in check.lines]


def page_section(before: Site, after: Site) -> list[str]:
    out = []
    for url in sorted(set(before.pages) | set(after.pages)):
        if url not in before.pages:
            out.append(f"- added page `{url}`")
            continue
        if url not in after.pages:
            out.append(f"- removed page `{url}`")
            continue
        old, new = before.pages[url], after.pages[url]
        old_text, new_text = sentences(old.lines), sentences(new.lines)
        if old_text == new_text:
            continue
        diff = []
        matcher = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                diff += [f"- {s}" for s in old_text[i1:i2]] + [f"+ {s}" for s in new_text[j1:j2]]
        title = new.lines[0] if new.lines else url
        out += [f"### `{url}` — {title}\n", "```diff", *limited(diff), "```", ""]
    if not out:
        return []
    pages = sum(1 for line in out if line.startswith(("### ", "- added page", "- removed page")))
    return [f"## Pages whose text changed ({pages})\n", *out, ""]


def chart_section(before: Site, after: Site, out_dir: Path) -> list[str]:
    out = []
    images = out_dir / "charts"
    for name in sorted(set(before.charts) | set(after.charts)):
        old, new = before.charts.get(name), after.charts.get(name)
        if old == new:
            continue
        shown = []
        for label, svg in (("before", old), ("after", new)):
            if svg is None:
                shown.append(f"({label}: none)")
                continue
            (images / f"{name}.{label}.png").parent.mkdir(parents=True, exist_ok=True)
            (images / f"{name}.{label}.png").write_bytes(vl_convert.svg_to_png(svg, scale=2))
            shown.append(f"![{name} {label}](charts/{name}.{label}.png)")
        state = "added" if old is None else "removed" if new is None else "changed"
        out += [f"### `{name}` ({state})\n", " ".join(shown), ""]
    return [f"## Charts that changed ({len(out) // 3})\n", *out] if out else []


def warning_lines(log: str) -> list[str]:
    return list(dict.fromkeys(squeeze(line) for line in log.splitlines() if WARNING.search(line)))


def warning_section(before: Build, after: Build) -> list[str]:
    old = set(warning_lines(before.log))
    new = [line for line in warning_lines(after.log) if line not in old]
    return ["## New warnings in the build log\n", "```text", *new, "```", ""] if new else []


def figure_lists(site: Site) -> dict[str, list[str]]:
    """Each document's figure list (its folder: the list page and the printable page both show it)."""
    lists: dict[str, dict[str, None]] = {}
    for url, page in site.pages.items():
        if page.figures:
            lists.setdefault(url.partition("/")[0], {}).update(dict.fromkeys(page.figures))
    return {document: list(entries) for document, entries in lists.items()}


def figure_list_section(before: Site, after: Site) -> list[str]:
    old_lists, new_lists = figure_lists(before), figure_lists(after)
    out = []
    for document in sorted(set(old_lists) | set(new_lists)):
        old, new = old_lists.get(document, []), new_lists.get(document, [])
        changes = [f"- {entry}" for entry in old if entry not in new]
        changes += [f"+ {entry}" for entry in new if entry not in old]
        if changes:
            out += [f"### {document}\n", "```diff", *limited(changes), "```", ""]
    return ["## Changes to the figure list\n", *out] if out else []


def report(base: str, base_build: Build, head_build: Build, base_data, head_data, out_dir: Path) -> str:
    head = git("rev-parse", "--short", "HEAD")
    dirty = " with uncommitted changes" if git("status", "--porcelain") else ""
    lines = [f"# Review: {base[:12]} → the working tree ({head}{dirty})\n"]
    for label, result in (("base", base_build), ("working tree", head_build)):
        if not result.ok:
            lines += [f"## The {label} does not build\n", "```text", result.log.strip()[-4000:], "```", ""]
    if not (base_build.ok and head_build.ok):
        return "\n".join(lines)
    known: dict[str, PageText] = {}
    before, after = read_site(base_build.site, known), read_site(head_build.site, known)
    base_data = {**base_data, **computed_datasets(base_build.site, base_data)}
    head_data = {**head_data, **computed_datasets(head_build.site, head_data)}
    body = [
        *data_section(base_data, head_data),
        *check_section(before, after),
        *page_section(before, after),
        *chart_section(before, after, out_dir),
        *warning_section(base_build, head_build),
        *figure_list_section(before, after),
    ]
    return "\n".join(lines + (body or ["Nothing on the site changes.", ""]))


def review(base: str | None, out_dir: Path) -> tuple[str, bool]:
    """Build `base` and the working tree into out_dir/build/, write out_dir/report.md (with chart
    images beside it) and return the report and whether both versions built."""
    commit = git("rev-parse", "--verify", f"{base or default_base()}^{{commit}}")
    cache = Path(os.environ.get("MEMS_CHART_CACHE") or PROJECT / ".cache" / "charts")
    for stale in ("build", "charts", "report.md"):
        path = out_dir / stale
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    # The two builds run at once, each a process of its own: the reviewer, and the pull request's
    # job on a runner of two cores, wait for the longer of them instead of for both in turn.
    with checkout(commit) as source, ThreadPoolExecutor(max_workers=2) as builds:
        base = builds.submit(build, source, out_dir / "build" / "base", cache)
        head = builds.submit(build, PROJECT, out_dir / "build" / "head", cache)
        base_data = published_datasets(source)
        base_build, head_build = base.result(), head.result()
    text = report(commit, base_build, head_build, base_data, published_datasets(PROJECT), out_dir)
    (out_dir / "report.md").write_text(text, encoding="utf-8")
    return text, base_build.ok and head_build.ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the git ref to compare with (default: the merge base with main)")
    parser.add_argument("--out", type=Path, default=PROJECT / "review", help="where the report goes")
    arguments = parser.parse_args()
    try:
        text, built = review(arguments.base, arguments.out.resolve())
    except ReviewError as error:
        print(error, file=sys.stderr)
        return 2
    print(text)
    return 0 if built else 1


if __name__ == "__main__":
    sys.exit(main())
