"""The engine boundary holds: ProperDocs (a maintained fork of MkDocs 1.x) builds the same commit
into the same files, byte for byte, apart from the line that names the generator; and only the
adapter modules import MkDocs or mkdocs-macros."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import PROJECT, build, copy_project

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# The only modules that may touch MkDocs or mkdocs-macros objects.
ADAPTERS = {"macros/__init__.py", "macros/hooks.py"}


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_and_mkdocs_build_the_same_site(tmp_path, chart_cache, built_site):
    """ProperDocs builds a copy of the project as conftest.build has MkDocs build the session's site."""
    pytest.importorskip("properdocs", reason="properdocs is a test dependency: `make test` installs it")
    project = copy_project(tmp_path / "project")
    mkdocs = files_of(built_site)
    result = build(project, chart_cache, engine="properdocs")
    assert result.returncode == 0, f"properdocs does not build the site:\n{result.stderr[-3000:]}"
    properdocs = files_of(project / "site")
    assert sorted(mkdocs) == sorted(properdocs), "the two engines write different sets of files"
    differ = []
    for name, content in mkdocs.items():
        if name.endswith(".gz"):
            continue  # sitemap.xml.gz: compared through sitemap.xml
        if GENERATOR.sub(b"", content) != GENERATOR.sub(b"", properdocs[name]):
            differ.append(name)
    assert not differ, f"files that differ beyond the generator line: {differ[:10]}"
    generators = {m.group() for c in properdocs.values() for m in GENERATOR.finditer(c)}
    assert generators, "no generator line at all: the comparison would hide nothing (negative control)"


def test_only_the_adapter_imports_mkdocs():
    offenders = []
    for path in sorted((PROJECT / "macros").rglob("*.py")):
        name = path.relative_to(PROJECT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            for module in modules:
                engine = module.split(".")[0] in ("mkdocs", "mkdocs_macros", "material", "properdocs")
                if engine and name not in ADAPTERS:
                    offenders.append(f"{name} imports {module}")
    assert not offenders, "\n".join(offenders)
