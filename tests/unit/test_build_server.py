"""tests/build_server.py compiles the project's modules once for the builds of all its copies."""

from __future__ import annotations

from build_server import located


def test_code_compiled_from_one_file_names_the_file_it_is_used_for():
    """Every function of a module, nested ones too, names the copy it was imported from: tracebacks,
    warnings and the line anchors on the data pages (inspect reads the source by that name)."""
    source = "def outer():\n    def inner():\n        pass\n    return inner\n"
    code = compile(source, "/project/m.py", "exec")
    namespace: dict = {}
    exec(located(code, "/copy/m.py"), namespace)
    assert namespace["outer"].__code__.co_filename == "/copy/m.py"
    assert namespace["outer"]().__code__.co_filename == "/copy/m.py"
