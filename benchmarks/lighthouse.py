"""Lighthouse benchmark: mobile performance and accessibility of every chapter page, served gzip'd.

Run with `make lighthouse` (it installs Lighthouse, pinned in benchmarks/package-lock.json, with
`npm ci` when missing). It builds the site into a temporary folder, or takes a built one
(`--site site`), serves it on 127.0.0.1 with gzip as a static host does (Python's own http.server
sends none, and the uncompressed search index alone would drag every score down), and runs
Lighthouse's mobile profile RUNS times per page. It prints the median of each figure: the two scores,
Total Blocking Time, Largest Contentful Paint and the number of DOM elements. The targets are printed
as PASS/FAIL and the script exits 0 either way: it measures, it does not gate. Scores move by a few
points on a busy machine; compare runs made back to back.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from macros.tools import review  # noqa: E402  (its strict build in a process of its own)

LIGHTHOUSE = PROJECT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium-headless-shell"))
DOCUMENTS = ("white-paper-2020", "market-report-2026")
# A print page holds a whole document for the printer, not for reading on a phone.
SKIPPED = ("print.md",)
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))

PERFORMANCE_TARGET = 95
ACCESSIBILITY_TARGET = 100
# Types a static host compresses.
COMPRESSED = ("text/", "javascript", "json", "svg", "xml")


def lighthouse_version() -> str:
    package = LIGHTHOUSE.parent.parent / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def chapter_pages() -> list[str]:
    """The home page and every page of the two documents, as paths under the site root."""
    pages = ["index.html"]
    for document in DOCUMENTS:
        for source in sorted((PROJECT / "docs" / document).glob("*.md")):
            if source.name not in SKIPPED:
                pages.append(f"{document}/{source.stem}.html")
    return pages


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip'd when the browser accepts it, as GitHub Pages serves them."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        kind = self.guess_type(str(path))
        body = path.read_bytes()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and any(t in kind for t in COMPRESSED)
        if zipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """A server for the site on a free port of 127.0.0.1, answering from a background thread."""

    def handler(*args, **kwargs):
        return GzipHandler(*args, directory=str(site), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(url: str, report: Path) -> dict:
    """One Lighthouse run of one page (mobile profile, simulated throttling): the figures we print."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--chrome-flags=--headless=new --no-sandbox",
            "--form-factor=mobile",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not report.exists():
        sys.exit(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    categories, audits = data["categories"], data["audits"]
    failing = [
        name
        for name, item in audits.items()
        if name in {ref["id"] for ref in categories["accessibility"]["auditRefs"]} and item.get("score") == 0
    ]
    return {
        "performance": round(100 * (categories["performance"]["score"] or 0)),
        "accessibility": round(100 * (categories["accessibility"]["score"] or 0)),
        "tbt": audits["total-blocking-time"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "dom": audits["dom-size"].get("numericValue", 0),
        "failing": failing,
    }


def measure(base: str, page: str, folder: Path) -> dict:
    """RUNS runs of one page; each figure the median of its runs."""
    runs = [audit(f"{base}/{page}", folder / f"{page.replace('/', '_')}-{run}.json") for run in range(RUNS)]
    figures = {
        key: statistics.median(run[key] for run in runs)
        for key in ("performance", "accessibility", "tbt", "lcp", "dom")
    }
    figures["scores"] = [run["performance"] for run in runs]
    figures["failing"] = sorted({name for run in runs for name in run["failing"]})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one)")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this folder")
    parser.add_argument("pages", nargs="*", help="pages to measure, e.g. market-report-2026/status.html")
    arguments = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci --prefix benchmarks` (or `make lighthouse`).")
    if not CHROMIUM.exists():
        sys.exit(f"no chromium at {CHROMIUM}: install Debian's chromium-headless-shell, or set CHROME_PATH.")
    pages = arguments.pages or chapter_pages()
    with tempfile.TemporaryDirectory(prefix="mems-lighthouse-") as temp:
        temp = Path(temp)
        reports = arguments.reports or temp
        reports.mkdir(parents=True, exist_ok=True)
        site = arguments.site
        if site is None:
            site = temp / "site"
            built = review.build(PROJECT, site, PROJECT / ".cache" / "charts")
            if not built.ok:
                sys.exit(f"the build failed:\n{built.log[-3000:]}")
        missing = [page for page in pages if not (site / page).is_file()]
        if missing:
            sys.exit(f"{site} has no {', '.join(missing)}: build the site first, or name pages it has.")
        server = serve(site.resolve())
        base = f"http://127.0.0.1:{server.server_address[1]}"
        print(
            f"Lighthouse {lighthouse_version()} (mobile, simulated throttling), site served gzip'd: "
            f"medians of {RUNS} runs per page"
        )
        print(f"  {'page':<40} {'perf':>4} {'a11y':>4} {'TBT ms':>7} {'LCP s':>6} {'DOM':>6}  perf runs")
        results = {}
        for page in pages:
            figures = results[page] = measure(base, page, reports)
            print(
                f"  {page:<40} {figures['performance']:4.0f} {figures['accessibility']:4.0f} "
                f"{figures['tbt']:7.0f} {figures['lcp'] / 1000:6.2f} {figures['dom']:6.0f}  "
                f"{', '.join(map(str, figures['scores']))}",
                flush=True,
            )
            if figures["failing"]:
                print(f"  {'':<40} accessibility audits failed: {', '.join(figures['failing'])}")
        server.shutdown()

    slow = [page for page, f in results.items() if f["performance"] < PERFORMANCE_TARGET]
    inaccessible = [page for page, f in results.items() if f["accessibility"] < ACCESSIBILITY_TARGET]
    print("\nTargets")
    print(
        f"  {'FAIL' if slow else 'PASS'}  performance at least {PERFORMANCE_TARGET} on every page"
        + (f": below on {', '.join(slow)}" if slow else "")
    )
    print(
        f"  {'FAIL' if inaccessible else 'PASS'}  accessibility {ACCESSIBILITY_TARGET} on every page"
        + (f": below on {', '.join(inaccessible)}" if inaccessible else "")
    )


if __name__ == "__main__":
    main()
