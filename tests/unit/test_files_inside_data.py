"""Files are read only from inside data/: a link that leads out of it, for a CSV or for a whole
document folder, is refused with a message that says so."""

from __future__ import annotations

import shutil

import pytest
from test_catalog_errors import fixture_data

from macros.data.catalog import Catalog, DataError


def test_a_csv_linked_from_outside_is_refused(tmp_path):
    data = fixture_data(tmp_path, None)
    outside = tmp_path / "outside.csv"
    outside.write_text("year,value\n2018,505.3\n2019,597.8\n", encoding="utf-8")
    (data / "demo" / "market.csv").unlink()
    (data / "demo" / "market.csv").symlink_to(outside)
    with pytest.raises(
        DataError, match=r"data/demo/market.csv: market.csv is a symbolic link that leads outside data/"
    ):
        Catalog(data)


def test_a_document_folder_linked_from_outside_is_refused(tmp_path):
    data = fixture_data(tmp_path, None)
    (data / "demo").rename(tmp_path / "demo")
    (data / "demo").symlink_to(tmp_path / "demo")
    with pytest.raises(DataError, match="demo is a symbolic link that leads outside data/"):
        Catalog(data)


def test_a_link_inside_data_is_read(tmp_path):
    """The control: a link that stays inside data/ is an ordinary file."""
    data = fixture_data(tmp_path, None)
    shutil.copytree(data / "demo", data / "other")
    descriptor = data / "other" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("name: demo", "name: other", 1))
    (data / "other" / "market.csv").unlink()
    (data / "other" / "market.csv").symlink_to(data / "demo" / "market.csv")
    assert len(Catalog(data).tables["other/market"].frame) == 2
