"""Build benchmarks: clean and incremental build times, chart rendering, page weight at first paint.

Run with `make bench`. Every build happens in a temporary copy of the project, so the working tree and
its chart cache are left alone. Figures are medians of RUNS builds; the targets are printed as
PASS/FAIL, and the script exits 0 either way: it measures, it does not gate.
"""

from __future__ import annotations

import csv
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# The tests' copy of the project's sources serves here too: one definition of what a build needs.
sys.path.insert(0, str(PROJECT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, copy_project  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
# hooks.py logs this line at the end of every build.
CHART_LINE = re.compile(r"图表：渲染 (\d+) 幅，用时 ([\d.]+) 秒；取自缓存 (\d+) 幅")
# Loaded later, or only when asked for: not part of what a page needs to show itself.
LATER = ("search/search_index", "vega-bundle.js")
FONT_URL = re.compile(r"url\(([^)]+\.(?:woff2?|ttf|otf)[^)]*)\)")

REBUILD_SHARE_TARGET = 0.40
PAGE_WEIGHT_TARGET = 500 * 1024
CHARTS_ON_ONE_PAGE = 10


class Build:
    """One `mkdocs build` of a project copy, timed, with the chart line hooks.py logs."""

    def __init__(self, project: Path, cache: Path):
        env = {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "MEMS_CHART_CACHE": str(cache),
            "SOURCE_DATE_EPOCH": "1700000000",
        }
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        self.seconds = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"the build failed in {project}:\n{result.stderr[-3000:]}")
        charts = CHART_LINE.search(result.stderr)
        self.rendered = int(charts.group(1)) if charts else None
        self.chart_seconds = float(charts.group(2)) if charts else None
        self.cached = int(charts.group(3)) if charts else None

    def charts(self) -> str:
        if self.rendered is None:
            return "charts: no summary line from hooks.py"
        return f"charts: {self.rendered} rendered in {self.chart_seconds:.2f} s, {self.cached} from cache"


def median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def chart_table_cell(project: Path) -> tuple[Path, int, str]:
    """A numeric cell of a CSV that a chart draws: its file, row (0-based) and column."""
    sys.path.insert(0, str(project))
    from macros.charts.registry import CHARTS
    from macros.documents import load_documents

    load_documents()
    for definition in CHARTS.values():
        package, _, table = definition.table_id.partition("/")
        path = project / "data" / package / f"{table}.csv"
        if not path.is_file():
            continue
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row_number, row in enumerate(rows):
            for column, cell in row.items():
                if column not in ("year", "rank") and re.fullmatch(r"\d+\.\d+", cell or ""):
                    return path, row_number, column
    sys.exit("no chart draws a CSV with a decimal number to change")


def change_cell(path: Path, row_number: int, column: str, original: str, run: int) -> str:
    """Set one value a little above its original (kept to its decimals), differently for each run."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    decimals = len(original.split(".")[1])
    rows[row_number][column] = f"{float(original) + 10**-decimals * (run + 1):.{decimals}f}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows[row_number][column]


class PageAssets(HTMLParser):
    """What a page asks for as it loads: stylesheets, scripts, icons and images."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.in_config = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "icon"} & set(rel)) and attributes.get("href"):
            self.urls.append(attributes["href"])
        elif tag in ("script", "img") and attributes.get("src"):
            self.urls.append(attributes["src"])
        self.in_config = tag == "script" and attributes.get("id") == "__config"

    def handle_data(self, data):
        # Material starts its search worker at load; the worker's script is named in __config.
        if self.in_config:
            self.urls += re.findall(r'"search":\s*"([^"]+)"', data)
            self.in_config = False


def page_weight(site: Path, page: Path) -> tuple[int, list[str]]:
    """Bytes on disk of a page and of everything it loads at first paint, fonts in its CSS included."""
    parser = PageAssets()
    html = page.read_text(encoding="utf-8")
    parser.feed(html)
    files = {page}
    for url in parser.urls:
        if "://" in url or url.startswith("data:") or any(later in url for later in LATER):
            continue
        asset = (page.parent / url.split("?")[0].split("#")[0]).resolve()
        if asset.is_file():
            files.add(asset)
    # Fonts named in the stylesheets, and in the page's own <style> (the chart font cut for it).
    styles = [(html, page.parent)] + [
        (f.read_text(encoding="utf-8"), f.parent) for f in files if f.suffix == ".css"
    ]
    for text, folder in styles:
        for font in FONT_URL.findall(text):
            asset = (folder / font.strip("'\"").split("?")[0]).resolve()
            if asset.is_file():
                files.add(asset)
    return sum(f.stat().st_size for f in files), sorted(str(f.relative_to(site)) for f in files if f != page)


def ten_chart_page(project: Path, cache: Path) -> Path:
    """A page with ten charts (the site's charts, in registry order), built into the project copy."""
    from macros.charts.registry import CHARTS

    names = list(CHARTS)
    chosen = [names[i % len(names)] for i in range(CHARTS_ON_ONE_PAGE)]
    body = "\n\n".join(f'{{{{ chart("{name}") }}}}' for name in chosen)
    (project / "docs" / "ten-charts.md").write_text(f"# 十幅图表\n\n{body}\n", encoding="utf-8")
    # A page of the benchmark only: listed as standing apart from the nav, as the build requires.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("not_in_nav: |\n", "not_in_nav: |\n  /ten-charts.md\n", 1), encoding="utf-8"
    )
    Build(project, cache)
    return project / "site" / "ten-charts.html"


def charts_painted_without_scripts(page: Path) -> tuple[int, int, str]:
    """Charts drawn on the page with JavaScript off: (drawn, present, how it was checked)."""
    html = page.read_text(encoding="utf-8")
    present = html.count('class="mems-figure mems-chart"')
    inline = len(re.findall(r'<div class="mems-chart__view"[^>]*>\s*<svg', html))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return inline, present, "SVG inline in the HTML (Playwright missing)"
    if not CHROMIUM.exists():
        return inline, present, "SVG inline in the HTML (chromium missing)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False)
        tab = context.new_page()
        tab.goto(page.as_uri(), wait_until="load")
        drawn = tab.evaluate(
            "[...document.querySelectorAll('.mems-chart__view > svg')]"
            ".filter(svg => svg.getBoundingClientRect().height > 0 && svg.querySelector('path, rect')).length"
        )
        browser.close()
    return drawn, present, "drawn in chromium with JavaScript off"


BIG_ROWS = 100_000
BIG_PAGE_TARGET = 1024 * 1024


def add_big_dataset(project: Path) -> None:
    """A generated 100,000-row dataset in the project copy, shown as a table in a chapter."""
    rows = "".join(f"{i},组{i % 50},{(i * 7919) % 10_000 / 10:.1f}\n" for i in range(1, BIG_ROWS + 1))
    folder = project / "data" / "white-paper-2020"
    (folder / "generated_rows.csv").write_text("row_id,group_name,amount\n" + rows, encoding="utf-8")
    resource = """
  - name: generated_rows
    path: generated_rows.csv
    title: 基准测试用的生成数据
    location: 基准测试
    schema:
      primaryKey: [row_id]
      fields:
        - {name: row_id, type: integer, title: 序号}
        - {name: group_name, type: string, title: 组}
        - {name: amount, type: number, title: 数量, unit: 万片}
"""
    descriptor = folder / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("\nresources:\n", "\nresources:" + resource, 1), encoding="utf-8")
    chapter = project / "docs" / "white-paper-2020" / "market.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + '\n\n{{ table("white-paper-2020/generated_rows") }}\n',
        encoding="utf-8",
    )


def heaviest_html(site: Path) -> tuple[int, Path]:
    return max((p.stat().st_size, p) for p in site.rglob("*.html"))


def search_index_size(site: Path) -> int:
    index = site / "search" / "search_index.json"
    return index.stat().st_size if index.exists() else 0


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="mems-bench-") as temp:
        temp = Path(temp)
        project = copy_project(temp / "project")
        print(f"Build benchmark: medians of {RUNS} runs, in a temporary copy of the project")

        clean = [Build(project, temp / f"clean-cache-{run}") for run in range(RUNS)]
        clean_seconds = median([b.seconds for b in clean])
        clean_charts = median([b.chart_seconds for b in clean])
        site = project / "site"
        pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
        chart_count = median([b.rendered for b in clean])
        print(f"  {len(pages)} pages; {chart_count:.0f} charts rendered in a clean build")
        print(f"  clean build (empty chart cache)      {clean_seconds:6.2f} s   {clean[RUNS // 2].charts()}")
        if clean_charts is not None:
            print(f"  of which rendering charts            {clean_charts:6.2f} s")

        warm = temp / "warm-cache"
        Build(project, warm)
        path, row, column = chart_table_cell(project)
        original = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))[row][column]
        rebuilds, changes = [], []
        for run in range(RUNS):
            changes.append(change_cell(path, row, column, original, run))
            rebuilds.append(Build(project, warm))
        rebuild_seconds = median([b.seconds for b in rebuilds])
        where = f"{path.relative_to(project)}, row {row + 2}, column {column}"
        middle = rebuilds[RUNS // 2].charts()
        print(f"  rebuild after one CSV value changed  {rebuild_seconds:6.2f} s   {middle}")
        print(f"    (changed {where} from {original} to {', then '.join(changes)})")
        rebuild_charts = median([b.chart_seconds for b in rebuilds])
        if rebuild_charts is not None:
            print(f"  of which rendering charts            {rebuild_charts:6.2f} s")

        print(
            "\nPage weight at first paint (page + CSS + JS + fonts + icons; no search index, no vega bundle)"
        )
        weights = sorted(((page_weight(site, p)[0], p) for p in pages), reverse=True)
        for weight, page in weights:
            print(f"  {weight / 1024:8.1f} KB  {page.relative_to(site)}")
        _, assets = page_weight(site, weights[0][1])
        print(f"  (the heaviest page loads: {', '.join(assets)})")

        ten = ten_chart_page(project, warm)
        drawn, present, how = charts_painted_without_scripts(ten)
        (project / "docs" / "ten-charts.md").unlink()

        plain = Build(project, warm)
        plain_page, plain_path = heaviest_html(site)
        plain_index = search_index_size(site)
        add_big_dataset(project)
        big = Build(project, warm)
        big_page, big_path = heaviest_html(site)
        big_index = search_index_size(site)
        print(f"\nWith a generated {BIG_ROWS:,}-row dataset shown in a chapter (warm chart cache)")
        print(f"  build                 {plain.seconds:6.2f} s without   {big.seconds:6.2f} s with")
        print(
            f"  heaviest HTML page    {plain_page / 1024:6.1f} KB without ({plain_path.relative_to(site)})   "
            f"{big_page / 1024:6.1f} KB with ({big_path.relative_to(site)})"
        )
        print(
            f"  search index          {plain_index / 1024:6.1f} KB without   {big_index / 1024:6.1f} KB with"
        )

        print("\nTargets")
        share = rebuild_seconds / clean_seconds
        print(
            f"  {verdict(share <= REBUILD_SHARE_TARGET)}  rebuild after one CSV change at most "
            f"{REBUILD_SHARE_TARGET:.0%} of a clean build: {share:.0%} "
            f"({rebuild_seconds:.2f} s / {clean_seconds:.2f} s)"
        )
        rendered = [b.rendered for b in rebuilds]
        only_changed = all(r is not None and 1 <= r < (chart_count or 0) for r in rendered)
        print(
            f"  {verdict(only_changed)}  a rebuild re-renders only the charts whose data changed: "
            f"{', '.join(map(str, rendered))} of {chart_count:.0f} rendered"
        )
        heaviest, heaviest_page = weights[0]
        print(
            f"  {verdict(heaviest <= PAGE_WEIGHT_TARGET)}  no page over {PAGE_WEIGHT_TARGET // 1024} KB "
            f"at first paint: heaviest {heaviest / 1024:.1f} KB ({heaviest_page.relative_to(site)})"
        )
        chapters = [(w, p) for w, p in weights if p.name != "print.html"]
        if len(chapters) < len(weights):
            print(
                f"        (a print page holds a whole document; heaviest of the other pages: "
                f"{chapters[0][0] / 1024:.1f} KB, {chapters[0][1].relative_to(site)})"
            )
        print(
            f"  {verdict(drawn == present == CHARTS_ON_ONE_PAGE)}  a page with {CHARTS_ON_ONE_PAGE} charts "
            f"paints them without running any script: {drawn} of {present} {how}"
        )
        print(
            f"  {verdict(big_page <= BIG_PAGE_TARGET)}  with a {BIG_ROWS:,}-row dataset no HTML page passes "
            f"{BIG_PAGE_TARGET // 1024} KB: heaviest {big_page / 1024:.1f} KB"
        )


if __name__ == "__main__":
    main()
