"""Which of the Python modules a build process loaded from macros/ have changed on disk since:
`mkdocs serve` rebuilds on such a change but keeps running the code it imported at its start."""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def snapshot() -> dict[str, int]:
    return {
        path.relative_to(PROJECT).as_posix(): path.stat().st_mtime_ns
        for path in sorted((PROJECT / "macros").rglob("*.py"))
    }


# Taken when the first build of the process imports this module, as it imports the macros.
LOADED = snapshot()


def changed() -> list[str]:
    """The loaded modules whose file changed since the process loaded them."""
    # By the package's name first: resolving the file of each of the thousand modules a build has
    # loaded (pandas, Altair, MkDocs) took a tenth of a second of every build.
    loaded = {
        Path(module.__file__).resolve().relative_to(PROJECT).as_posix()
        for name, module in list(sys.modules.items())
        if name.partition(".")[0] == "macros"
        and getattr(module, "__file__", None)
        and Path(module.__file__).resolve().is_relative_to(PROJECT)
    }
    now = snapshot()
    return sorted(path for path in loaded if path in LOADED and now.get(path) != LOADED[path])


RESTART = (
    "重启提示：{files} 已修改，但正在运行的预览仍在使用启动时载入的 Python 代码。"
    "请按 Ctrl+C 停止 make serve，再重新运行。"
)


def restart_notice() -> str:
    """What to tell the preview's reader when a rebuild would still run old Python code: the
    process keeps the modules it imported, so say so rather than show old output as new."""
    stale = changed()
    return RESTART.format(files="、".join(stale)) if stale else ""
