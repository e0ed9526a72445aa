"""The engine boundary holds: only the adapter modules import MkDocs or mkdocs-macros. That
ProperDocs (a maintained fork of MkDocs 1.x) builds the same commit into the same files, byte for
byte apart from the line that names the generator, is shown by the second build of
tests/test_publishing.py, which is made by ProperDocs."""

from __future__ import annotations

import ast

from conftest import PROJECT

# The only modules that may touch MkDocs or mkdocs-macros objects.
ADAPTERS = {f"macros/adapters/{name}.py" for name in ("macros_plugin", "mkdocs_hooks", "zensical_macros")}


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


def test_the_adapters_stay_small():
    """What an engine needs of the site is made by the core (macros/build/outputs.py); the adapters
    only hand it over, so that a new engine means a new adapter of this size, not a rewrite."""
    lines = sum(
        len(p.read_text(encoding="utf-8").splitlines()) for p in (PROJECT / "macros/adapters").glob("*.py")
    )
    assert 0 < lines < 250, f"macros/adapters/ has {lines} lines; move what is not engine wiring to the core"
