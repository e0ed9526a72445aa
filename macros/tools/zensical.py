"""`make zensical`: build the site with Zensical, as far as Zensical goes, and report what it made
and what it could not, beside the MkDocs build in site/.

Zensical (pinned in requirements-zensical.txt) reads mkdocs.yml and runs the page macros through
its emulation of mkdocs-macros, but runs no MkDocs hooks. The files a reader takes away are made by
the core with no engine at all (macros/build/outputs.py: site_files), so this tool writes them into
Zensical's build; what needs a hook (the pages made from the catalog, each page's chart font and
citation, the printable editions) is what the report lists as missing. The report is Markdown, for a
CI job's summary; the tool never fails the pipeline for what Zensical lacks, only for its own faults.

Run as `python macros/tools/zensical.py --zensical .venv-zensical/bin/zensical [--out zensical]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
COPIED = ("mkdocs.yml", "docs", "data", "macros", "overrides")


def build_with_zensical(zensical: str, work: Path) -> tuple[Path, float, str]:
    """A copy of the project built by Zensical: its site folder, the seconds taken and its log."""
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, work / name)
    env = dict(os.environ, MEMS_CHART_CACHE=str(PROJECT / ".cache" / "charts"), NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    done = subprocess.run([zensical, "build"], cwd=work, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return work / "site", seconds, (done.stdout + done.stderr).strip() + f"\n(exit {done.returncode})"


def write_core_outputs(site: Path) -> int:
    """The files the core makes without an engine, written into Zensical's build."""
    sys.path.insert(0, str(PROJECT))
    from macros.build import outputs
    from macros.build.site import build_from_file

    files = outputs.site_files(build_from_file(PROJECT / "mkdocs.yml"))
    for path, data in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(files)


def listing(site: Path) -> set[str]:
    return (
        {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} if site.is_dir() else set()
    )


def pages_with(site: Path, pages: set[str], text: str) -> list[str]:
    return sorted(p for p in pages if text in (site / p).read_text(encoding="utf-8", errors="replace"))


def report(zensical_site: Path, mkdocs_site: Path, seconds: float, log: str, written: int) -> str:
    made, reference = listing(zensical_site), listing(mkdocs_site)
    html = {p for p in made if p.endswith(".html")}
    expected_html = {p for p in reference if p.endswith(".html")}
    missing_pages = sorted(expected_html - html)
    data_pages = [p for p in missing_pages if p.startswith("data/")]
    other_pages = [p for p in missing_pages if not p.startswith("data/")]
    missing_files = sorted(p for p in reference - made if not p.endswith(".html"))
    lines = [
        "# The site built with Zensical",
        "",
        f"Zensical built {len(html)} pages in {seconds:.1f} s; the core then wrote {written} files "
        "that need no engine (CSVs, the data package zip, citation files, chart downloads, the "
        "vega bundle).",
        "",
        "| | Zensical | MkDocs |",
        "| --- | --- | --- |",
        f"| pages | {len(html)} | {len(expected_html)} |",
        f"| other files | {len(made) - len(html)} | {len(reference) - len(expected_html)} |",
        "",
        "## Missing, and why",
        f"- **Pages made from the catalog** ({len(data_pages)}): Zensical has no hook that adds a page "
        "(MkDocs: on_files).",
    ]
    if other_pages:
        lines.append(f"- **Other pages** ({len(other_pages)}): " + ", ".join(other_pages[:20]))
    chart_pages = pages_with(zensical_site, html, "mems-chart")
    uncited = html - set(pages_with(zensical_site, html, "引用本页"))
    prints = {
        p: "filled" if "mems-print-chapter" in (zensical_site / p).read_text("utf-8") else "empty"
        for p in sorted(p for p in html if p.endswith("print.html"))
    }
    no_font = [p for p in chart_pages if "@font-face" not in (zensical_site / p).read_text("utf-8")]
    lines += [
        f"- **Chart fonts and the chart script** on {len(no_font)} of {len(chart_pages)} pages with "
        "a chart: they are added after the theme's template runs (MkDocs: on_post_page).",
        f"- **Citations at the end of a page** on {len(uncited)} pages: added once Markdown has run "
        "(MkDocs: on_page_content).",
        "- **Printable editions**: their chapters are filled in once every page is rendered "
        "(MkDocs: on_page_context); " + ", ".join(f"{p}: {state}" for p, state in prints.items()),
        f"- **Other files** ({len(missing_files)}): " + (", ".join(missing_files[:15]) or "none"),
        "",
        "## Zensical's log",
        "```",
        log[-3000:],
        "```",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zensical", required=True, help="the zensical command to run")
    parser.add_argument(
        "--mkdocs-site", default=str(PROJECT / "site"), help="the MkDocs build to compare with"
    )
    parser.add_argument("--out", default=str(PROJECT / "zensical"), help="where the build and report go")
    args = parser.parse_args()
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as folder:
        site, seconds, log = build_with_zensical(str(Path(args.zensical).resolve()), Path(folder))
        if site.is_dir():
            shutil.copytree(site, out / "site")
    written = write_core_outputs(out / "site") if (out / "site").is_dir() else 0
    text = report(out / "site", Path(args.mkdocs_site), seconds, log, written)
    (out / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
