"""A document is a unit: copying its data/ and docs/ folders, its nav entry and its one module in
macros/documents under a new name gives a second document that builds beside the first, with its
own charts, computed tables and numbers."""

from __future__ import annotations

import re
import shutil

from conftest import build, copy_project, set_cell

ORIGINAL = "white-paper-2020"
COPY = "white-paper-copy"


def copy_document(project) -> None:
    shutil.copytree(project / "data" / ORIGINAL, project / "data" / COPY)
    descriptor = project / "data" / COPY / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace(f"name: {ORIGINAL}", f"name: {COPY}", 1), encoding="utf-8")
    shutil.copytree(project / "docs" / ORIGINAL, project / "docs" / COPY)
    for page in (project / "docs" / COPY).glob("*.md"):
        page.write_text(
            page.read_text(encoding="utf-8")
            .replace(f"{ORIGINAL}/", f"{COPY}/")
            .replace(f'"{ORIGINAL}"', f'"{COPY}"'),
            encoding="utf-8",
        )
    module = project / "macros" / "documents"
    shutil.copy(module / f"{ORIGINAL.replace('-', '_')}.py", module / f"{COPY.replace('-', '_')}.py")
    # The nav entry: the original's section of mkdocs.yml's nav, copied under the new name.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = text.split("\n")
    first = next(
        i for i, line in enumerate(lines) if line.startswith("  - ") and f"{ORIGINAL}/" in lines[i + 1]
    )
    last = next(i for i in range(first + 1, len(lines)) if not lines[i].startswith("      "))
    section = [line.replace(ORIGINAL, COPY) for line in lines[first:last]]
    section[0] = section[0].rstrip(":") + "（副本）:"
    config.write_text("\n".join(lines[:last] + section + lines[last:]), encoding="utf-8")


def words(path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_a_copied_document_builds_with_its_own_numbers_and_charts(tmp_path, chart_cache):
    project = copy_project(tmp_path / "project")
    copy_document(project)
    set_cell(project / "data" / COPY / "wafer_demand_by_size.csv", "wafer_size", "8", "demand", "35.78")
    result = build(project, chart_cache)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    original = words(site / ORIGINAL / "manufacturing.html")
    copy = words(site / COPY / "manufacturing.html")
    assert "34.78万片" in original and "35.78" not in original
    assert "35.78万片" in copy and "34.78" not in copy
    # Each document has its own chart of the same name, and its own computed tables.
    chart = "wafer_demand_by_size_bars.svg"
    assert "35.78" in (site / "charts" / COPY / chart).read_text(encoding="utf-8")
    assert "35.78" not in (site / "charts" / ORIGINAL / chart).read_text(encoding="utf-8")
    assert (site / "data" / COPY / "market_size_2018_2019.html").exists()
    assert (site / "data" / ORIGINAL / "market_size_2018_2019.html").exists()
