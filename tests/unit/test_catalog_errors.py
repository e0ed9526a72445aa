"""Every kind of data mistake, loaded in-process: each fixture in tests/fixtures/data_errors holds only
what it breaks, laid over the base fixture's data, and fails with exactly the paragraph it expects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from macros.data.catalog import Catalog, DataError

DATA_ERRORS = sorted(p.name for p in (FIXTURES / "data_errors").iterdir() if p.is_dir())


def fixture_data(target: Path, name: str | None) -> Path:
    """The base fixture's data/ with the named fixture's files laid over it."""
    data = target / "data"
    shutil.copytree(FIXTURES / "base" / "data", data)
    if name:
        shutil.copytree(FIXTURES / "data_errors" / name / "data", data, dirs_exist_ok=True)
    return data


def test_there_are_data_error_fixtures():
    assert len(DATA_ERRORS) >= 30


def test_the_base_data_loads(tmp_path):
    """The control: without a fixture's breakage, the same data loads."""
    catalog = Catalog(fixture_data(tmp_path, None))
    assert catalog.tables["demo/market"].lines == [2, 3]


@pytest.mark.parametrize("name", DATA_ERRORS)
def test_broken_data_fails_with_its_paragraph(tmp_path, name):
    expected = (FIXTURES / "data_errors" / name / "expected.txt").read_text(encoding="utf-8").strip()
    with pytest.raises(DataError) as raised:
        Catalog(fixture_data(tmp_path, name))
    assert str(raised.value) == expected
