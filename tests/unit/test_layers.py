"""The folders of macros/ are its layers, and imports only go down them: base, data, charts,
documents, html, build, then the engine adapters. Every import counts, those inside a function or
under TYPE_CHECKING too, and no two modules import each other, directly or round a longer loop."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import PROJECT

MACROS = PROJECT / "macros"
# Lowest first. A module may import its own layer and those listed before it.
LAYERS = ("base", "data", "charts", "documents", "html", "build", "adapters", "tools")


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The rank of a module of macros/; the package's own entry point stands above every layer."""
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS)
    return LAYERS.index(parts[1])


def imports_of(path: Path, module: str = "") -> set[str]:
    """Every module of macros/ that a file imports, its relative imports resolved."""
    package = (module or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            if not target.startswith("macros"):
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if known(candidate) else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("macros")}
    return {m for m in found if known(m)}


def known(module: str) -> bool:
    relative = Path(*module.split("."))
    return (PROJECT / relative).with_suffix(".py").is_file() or (PROJECT / relative / "__init__.py").is_file()


GRAPH = {module_name(p): imports_of(p) for p in sorted(MACROS.rglob("*.py"))}


def test_the_graph_is_read():
    assert len(GRAPH) > 30
    assert "macros.data.catalog" in GRAPH["macros.data.plain_text"], "an import was missed"
    assert "macros.build.site" in GRAPH["macros.adapters.macros_plugin"], "a relative import was missed"


def test_every_module_is_in_a_layer():
    outside = [m for m in GRAPH if m != "macros" and m.split(".")[1] not in LAYERS]
    assert not outside, f"modules outside the layer folders: {outside}; put each in its layer's folder"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_down_the_layers(module):
    upward = [t for t in GRAPH[module] if layer_of(t) > layer_of(module)]
    assert not upward, (
        f"{module} ({LAYERS[layer_of(module)] if layer_of(module) < len(LAYERS) else 'entry'}) "
        f"imports from a layer above it: {upward}. Move the shared part down, or the importer up."
    )


def test_no_import_cycle():
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target) :] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    # A package's __init__ is imported by its modules' imports: only loops between modules count.
    cycles = [c for c in cycles if len({m for m in c}) > 1]
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_an_upward_import_inside_a_function_would_be_seen(tmp_path):
    """The checks above are not vacuous: a relative import in a function body is found and resolved."""
    fake = tmp_path / "x.py"
    fake.write_text("def f():\n    from ..html import render\n    from ..base.addresses import page_of\n")
    found = imports_of(fake, "macros.data.x")
    assert found == {"macros.html.render", "macros.base.addresses"}
    assert [m for m in found if layer_of(m) > layer_of("macros.data.x")] == ["macros.html.render"]


def test_the_readme_map_lists_every_module():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    unlisted = [
        path.relative_to(MACROS).as_posix()
        for path in sorted(MACROS.rglob("*.py"))
        if path.name != "__init__.py" and path.parent.name != "documents" and path.name not in layout
    ]
    assert not unlisted, f"README.md's Layout does not name: {unlisted}"
