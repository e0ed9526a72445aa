"""Every kind of contributor mistake fails the build with one paragraph naming the place and the fix."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, build, fixture_project

BROKEN = sorted(p.name for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def test_there_are_broken_fixtures():
    assert len(BROKEN) >= 10


def test_the_base_fixture_builds(tmp_path):
    """The control: without a fixture's breakage, the same small project builds."""
    result = build(fixture_project(tmp_path, "base"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", BROKEN)
def test_broken_input_fails_with_its_message(tmp_path, name):
    expected = (FIXTURES / "broken" / name / "expected.txt").read_text(encoding="utf-8").strip()
    result = build(fixture_project(tmp_path, name))
    assert result.returncode != 0, f"{name}: the build passed"
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "site" / "index.html").exists() or "Macro Rendering Error" not in (
        tmp_path / "site" / "index.html"
    ).read_text(encoding="utf-8")
