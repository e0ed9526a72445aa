"""Hostile and careless input, handled by class: each class below is one rule, tried with several
cases of its kind; every case is refused with one paragraph that names the file and line and says
what was found and the fix, or is read as plainly meant. No case hangs, crashes or reads an outside
file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_catalog_errors import fixture_data

from macros.base.files import likely_encoding
from macros.base.formatting import format_number
from macros.data.catalog import Catalog, DataError
from macros.data.checks import run_checks
from macros.data.pages import PageIndex, check_nav_entries, heading_title, project_settings
from macros.data.quantity import ABOUT, AT_LEAST, AT_MOST, QUALIFIERS

PROJECT = Path(__file__).resolve().parents[2]
MACROS = ["table", "chart", "value", "figure", "data_note", "contradiction_count"]
SECRET = "SECRET-LINE-OF-AN-OUTSIDE-FILE"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(data: Path) -> str:
    with pytest.raises(DataError) as raised:
        Catalog(data)
    message = str(raised.value)
    assert "\n" not in message and "Traceback" not in message
    assert "fault of the engine" not in message
    return message


# -- 1. bounded parsing ----------------------------------------------------------------------------

BOMB = "x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)

UNBOUNDED_DESCRIPTORS = {
    "alias bomb": (BOMB, "line 1: the anchor &a"),
    "alias": ("extra: *nowhere\n", "line 1"),
    "merge key": ("name: demo\n<<: {title: x}\n", "line 2: '<<' is a YAML merge key"),
    "flow nesting": ("a: " + "[" * 50_000 + "]" * 50_000 + "\n", "nest more than 20 levels"),
    "block nesting": ("a:\n" + "".join(" " * i + "- \n" for i in range(0, 60, 2)) + "  x\n", "line"),
    "mapping nesting": ("a: " + "{b: " * 30_000 + "1" + "}" * 30_000 + "\n", "nest more than 20 levels"),
    "python tag": ("name: !!python/object/apply:os.system [ls]\n", "the YAML tag !!python/object/apply"),
    "binary tag": ("title: !!binary aGVsbG8=\n", "the YAML tag !!binary"),
}


@pytest.mark.parametrize("case", UNBOUNDED_DESCRIPTORS)
def test_unbounded_yaml_is_refused_quickly_with_its_line(tmp_path, case):
    text, expected = UNBOUNDED_DESCRIPTORS[case]
    data = fixture_data(tmp_path, None)
    (data / "demo" / "datapackage.yaml").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    message = refused(data)
    assert time.perf_counter() - started < 5
    assert message.startswith("data/demo/datapackage.yaml")
    assert expected in message


@pytest.mark.parametrize(
    ("case", "cell", "expected"),
    [
        # Past the csv module's own limit (131,072, unless something raised it) or past ours.
        ("128 KB cell", "x" * 131_073, "line 2"),
        ("20,000-character cell", "x" * 20_000, "line 2, column source: a cell of 20,000 characters,"),
        ("quoted huge cell", '"' + "y" * 200_000 + '"', "line 2"),
    ],
)
def test_a_cell_past_the_limit_is_refused(tmp_path, case, cell, expected):
    data = fixture_data(tmp_path, None)
    (data / "demo" / "facts.csv").write_text(
        f"id,source,value,unit\nsize_2019,{cell},597.8,亿元\nsum,第1章,1103.1,亿元\n", encoding="utf-8"
    )
    message = refused(data)
    assert expected in message and "quote" not in message.lower()
    assert "characters, where a cell holds one value or a short text (at most 10,000" in message


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(tmp_path):
    data = fixture_data(tmp_path, None)
    rows = "".join(f"{1000 + i},1.0\n" for i in range(600_000))
    (data / "demo" / "market.csv").write_text("year,value\n" + rows, encoding="utf-8")
    assert "data/demo/market.csv: the CSV file is 6," in refused(data)


# -- 2. one containment rule -----------------------------------------------------------------------


def index(docs: Path) -> PageIndex:
    environment, _ = project_settings(PROJECT)
    return PageIndex(docs, MACROS, environment)


def docs_with(tmp_path: Path, pages: dict[str, str]) -> Path:
    docs = tmp_path / "repo" / "docs"
    for name, text in {"index.md": "# 首页\n", **pages}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n{{{{ broken\n", encoding="utf-8")
    return secret


def index_refused(docs: Path) -> str:
    with pytest.raises(DataError) as raised:
        index(docs)
    message = str(raised.value)
    assert SECRET not in message and "Traceback" not in message and "\n" not in message
    return message


def test_an_asset_linked_from_outside_the_repository_is_refused(tmp_path):
    docs = docs_with(tmp_path, {})
    (docs / "assets").mkdir()
    (docs / "assets" / "logo.svg").symlink_to(outside_file(tmp_path))
    message = index_refused(docs)
    assert message.startswith("docs/assets/logo.svg: logo.svg is a symbolic link that leads outside")


def test_a_folder_linked_from_outside_the_repository_is_refused(tmp_path):
    docs = docs_with(tmp_path, {})
    outside_file(tmp_path)
    (docs / "more").symlink_to(tmp_path)
    assert "docs/more: more is a symbolic link that leads outside the repository" in index_refused(docs)


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        (
            '{% include "../../secret.txt" %}',
            'line 3: {% include "../../secret.txt" %} names a file outside docs/',
        ),
        ('{% include "/etc/passwd" %}', "names a file outside docs/"),
        ('{% include "missing.md" %}', "names docs/missing.md, which does not exist"),
        ('{% import "missing.md" as m %}', '{% import "missing.md" %} names docs/missing.md'),
        ("{% include name %}", "names its file by a computation"),
        ('{% include "index.md" %}', "already being included"),
    ],
)
def test_include_stays_inside_docs(tmp_path, include, expected):
    outside_file(tmp_path)
    docs = docs_with(tmp_path, {"index.md": f"# 首页\n\n{include}\n"})
    message = index_refused(docs)
    assert message.startswith("docs/index.md, line 3")
    assert expected in message


def test_an_include_linked_from_outside_is_refused_before_it_is_read(tmp_path):
    docs = docs_with(tmp_path, {"index.md": '# 首页\n\n{% include "snippet.md" %}\n'})
    (docs / "snippet.md").symlink_to(outside_file(tmp_path))
    assert "snippet.md is a symbolic link that leads outside" in index_refused(docs)


def test_calls_in_an_included_file_count_for_the_page(tmp_path):
    docs = docs_with(
        tmp_path,
        {
            "index.md": '# 首页\n\n{% include "parts/note.txt" %}\n',
            "parts/note.txt": '{{ table("demo/market") }}\n',
        },
    )
    calls = index(docs).calls_on("index.md")
    assert [(c.macro, c.target, c.line) for c in calls] == [("table", "demo/market", 3)]


def test_a_csv_linked_from_outside_is_refused_without_quoting_it(tmp_path):
    data = fixture_data(tmp_path, None)
    (data / "demo" / "market.csv").unlink()
    (data / "demo" / "market.csv").symlink_to(outside_file(tmp_path))
    message = refused(data)
    assert SECRET not in message and str(tmp_path) not in message


# -- 3. one number reader --------------------------------------------------------------------------

NOT_NUMBERS = {
    "+597.8": "A number has no plus sign here: write 597.8",
    '"1,597.8"': "Write it without thousands separators: 1597.8",
    "—": "leave the cell empty",
    "-": "leave the cell empty",
    "N/A": "leave the cell empty",
    "三": "the `published` column",
    "五百九十七": "the `published` column",
    "597.": "It ends with a point: write 597",
    ".5": "Write the 0 before the point: 0.5",
    "５９７.８": "full-width characters: write it as 597.8",
    "约597.8": "'约' before the number is a qualifier",
    "597.8亿元": "units belong in datapackage.yaml (field 'value', unit '亿元')",
    "597.8000000000000000000001": "has 25 significant digits, more than the 15",
    "1e400": "is too large to be held as a number",
    "-1e400": "is too large to be held as a number",
    "1e-400": "is too small to be held as a number",
    "85-92": "It is a range",
    "10?": "the `published` column",
    "inf": "is not a number a document states",
}


@pytest.mark.parametrize("cell", NOT_NUMBERS)
def test_a_non_number_gets_the_hint_that_fits_it(tmp_path, cell):
    data = fixture_data(tmp_path, None)
    (data / "demo" / "market.csv").write_text(f"year,value\n2018,505.3\n2019,{cell}\n", encoding="utf-8")
    message = refused(data)
    assert message.startswith("data/demo/market.csv, line 3, column value:")
    assert NOT_NUMBERS[cell] in message
    if "units belong" not in NOT_NUMBERS[cell]:
        assert "units belong" not in message


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("5.978e2", "597.8亿元"),
        ("5.9780E+2", "597.80亿元"),
        ("3.478e-2", "0.03478亿元"),
        ("597.8", "597.8亿元"),
        ("1234567890123", "1,234,567,890,123亿元"),
        ("2.5e-7", "2.5×10⁻⁷亿元"),
        ("1e-21", "10⁻²¹亿元"),
        ("1.50e20", "1.5×10²⁰亿元"),
    ],
)
def test_a_number_shows_the_digits_it_was_written_with(tmp_path, cell, shown):
    data = fixture_data(tmp_path, None)
    (data / "demo" / "market.csv").write_text(f"year,value\n2018,505.3\n2019,{cell}\n", encoding="utf-8")
    assert Catalog(data).tables["demo/market"].quantity(1, "value").text() == shown


def test_large_whole_numbers_are_written_out():
    assert format_number(1234567890123, 0) == "1,234,567,890,123"
    assert format_number(-4e-6, 6) == "-4×10⁻⁶"


# -- 4. a Unicode policy ---------------------------------------------------------------------------

FACTS = "id,source,value,unit\nsize_2019,第1章,597.8,亿元\nsum,第1章,1103.1,亿元\n"

LOOK_ALIKES = {
    "full-width percent unit": (FACTS.replace("597.8,亿元", "19.3,％"), "line 2, column unit", "U+FF05"),
    "micro sign unit": (FACTS.replace("597.8,亿元", "19.3,µm"), "line 2, column unit", "U+00B5"),
    "Hangul filler in a key": (FACTS.replace("size_2019", "size_2019\u3164"), "line 2, column id", "U+3164"),
    "variation selector": (FACTS.replace("597.8", "597.8\ufe0f"), "'597.8<U+FE0F>'", "U+FE0F"),
    "Kangxi radical": (FACTS.replace("第1章", "第⼗章", 1), "line 2, column source", "U+2F17"),
    "compatibility ideograph": (FACTS.replace("第1章", "第\uf900章", 1), "line 2, column source", "U+F900"),
    "full-width twin key": (
        "id,source,value,unit\n规模(2019),第1章,597.8,亿元\n规模（2019）,第1章,597.8,亿元\nsum,第1章,1103.1,亿元\n",
        "line 3: the key (id=规模（2019）) reads the same as line 2's",
        "full-width",
    ),
    "keys with one address": (
        "id,source,value,unit\nsize 2019,第1章,597.8,亿元\nsize_2019,第1章,597.8,亿元\n"
        "sum,第1章,1103.1,亿元\n",
        "line 3: the key (id=size_2019) gives its row the same address on the data page (#row-size_2019)",
        "as line 2's key (size 2019)",
    ),
    "lost encoding": (
        "id,source,value,unit\nsize_2019,?1?,597.8,??\nsum,?1?,1103.1,??\n",
        "line 2: the file holds no Chinese character",
        "save it as UTF-8",
    ),
}


@pytest.mark.parametrize("case", LOOK_ALIKES)
def test_a_look_alike_character_is_refused_by_code_point(tmp_path, case):
    text, where, expected = LOOK_ALIKES[case]
    data = fixture_data(tmp_path, None)
    (data / "demo" / "facts.csv").write_text(text, encoding="utf-8")
    message = refused(data)
    assert message.startswith("data/demo/facts.csv")
    assert where in message and expected in message


def test_a_look_alike_unit_in_the_descriptor_is_refused(tmp_path):
    data = fixture_data(tmp_path, None)
    replace(data / "demo" / "datapackage.yaml", "unit: 亿元", "unit: ％")
    message = refused(data)
    assert "datapackage.yaml, line 24, resource 'market', field 'value': in the unit '％', U+FF05" in message


@pytest.mark.parametrize(
    ("codec", "name"),
    [("gbk", "GBK (Simplified Chinese)"), ("utf-16", "UTF-16"), ("cp1252", "Windows-1252")],
)
@pytest.mark.parametrize("file", ["facts.csv", "datapackage.yaml"])
def test_a_file_not_in_utf8_is_refused_with_its_likely_encoding(tmp_path, codec, name, file):
    data = fixture_data(tmp_path, None)
    path = data / "demo" / file
    text = path.read_text(encoding="utf-8")
    if codec == "cp1252":
        text = text.replace("第1章", "café", 1).replace("演示", "démo")
    path.write_bytes(text.encode(codec, errors="replace"))
    message = refused(data)
    assert message.startswith(f"data/demo/{file}, line ")
    assert f"saved as {name}" in message and "save it again as UTF-8" in message


@pytest.mark.parametrize(
    ("codec", "name"), [("gbk", "GBK (Simplified Chinese)"), ("big5", "Big5 (Traditional Chinese)")]
)
@pytest.mark.parametrize("source", ["data/white-paper-2020/facts.csv", "docs/market-report-2026/status.md"])
def test_simplified_and_traditional_chinese_encodings_are_told_apart(codec, name, source):
    """Big5 bytes read as GBK mostly decode too: the share of GB2312's characters tells them apart."""
    text = (PROJECT / source).read_text(encoding="utf-8")
    assert likely_encoding(text.encode(codec, errors="replace")) == name


def test_a_few_chinese_characters_name_both_encodings():
    """Too few characters to tell: the message names both rather than guess."""
    for codec in ("gbk", "big5"):
        raw = "年份,数值,出处\n2019,597.8,第1章\n".encode(codec, errors="replace")
        assert likely_encoding(raw) == "GBK (Simplified Chinese) or Big5 (Traditional Chinese)"


def test_a_chapter_not_in_utf8_is_refused(tmp_path):
    docs = docs_with(tmp_path, {})
    (docs / "chapter.md").write_bytes("# 第1章\n\n中国MEMS\n".encode("gbk"))
    assert "docs/chapter.md, line 1: the file is not UTF-8; it was most likely saved as GBK" in index_refused(
        docs
    )


# -- 5. a closed qualifier vocabulary --------------------------------------------------------------


def facts_with_qualifiers(tmp_path: Path, rows: str) -> Path:
    data = fixture_data(tmp_path, None)
    (data / "demo" / "facts.csv").write_text(
        "id,source,qualifier,value,unit\nsize_2019,第1章,,597.8,亿元\nsum,第1章,,1103.1,亿元\n" + rows,
        encoding="utf-8",
    )
    replace(
        data / "demo" / "datapackage.yaml",
        "        - {name: value, type: number, title: 数值}",
        "        - {name: qualifier, type: string, title: 限定}\n"
        "        - {name: value, type: number, title: 数值}",
    )
    return data


REQUIRED_FORMS = ["约", "近", "超", "超过", "逾", "大于", "高于", "多于", "以上", "不少于", "至少"]
REQUIRED_FORMS += ["小于", "低于", "不足", "以下", "不多于", "至多", "±", "突破", "<", ">"]


@pytest.mark.parametrize("form", REQUIRED_FORMS)
def test_every_qualifier_the_documents_use_has_one_meaning(tmp_path, form):
    assert form in QUALIFIERS
    data = facts_with_qualifiers(tmp_path, f"share,第1章,{form},60,%\n")
    quantity = Catalog(data).tables["demo/facts"].quantity(2, "value")
    low, high = quantity.interval()
    if form in AT_LEAST:
        assert (low, high) == (59.5, float("inf"))
    elif form in AT_MOST:
        assert (low, high) == (float("-inf"), 60.5)
    elif form in ABOUT:
        assert low == 54 and high == pytest.approx(66)
    else:
        assert (low, high) == (59.5, 60.5)
    shown = quantity.text()
    assert shown == ("60%" + form if form in ("以上", "以下") else form + "60%")


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("大概", "'大概' is not a qualifier the site knows"),
        ("超出", "'超出' is not a qualifier the site knows"),
        ("＞", "U+FF1E (FULLWIDTH GREATER-THAN SIGN)"),
        ("about", "'about' is not a qualifier"),
    ],
)
def test_an_unknown_qualifier_is_an_error(tmp_path, form, expected):
    data = facts_with_qualifiers(tmp_path, f"share,第1章,{form},60,%\n")
    message = refused(data)
    assert message.startswith("data/demo/facts.csv, line 4, column qualifier:") and expected in message


def test_a_lower_bound_is_no_rounding_finding(tmp_path):
    """大于60% against 64.7%: the two statements agree, and no check may say they differ."""
    data = facts_with_qualifiers(tmp_path, "bound,第1章,大于,60,%\nexact,第2章,,64.7,%\n")
    (data / "demo" / "datapackage.yaml").write_text(
        (data / "demo" / "datapackage.yaml").read_text(encoding="utf-8")
        + "  - id: share_twice\n    kind: same\n"
        + "    values: ['facts[id=bound].value', 'facts[id=exact].value']\n",
        encoding="utf-8",
    )
    catalog = Catalog(data)
    finding = next(f for f in run_checks(catalog) if f.id == "share_twice")
    assert finding.consistent, finding


# -- 6. every message placed -----------------------------------------------------------------------


def test_a_wrong_column_in_a_check_reference_names_file_line_and_reference(tmp_path):
    data = fixture_data(tmp_path, None)
    replace(data / "demo" / "datapackage.yaml", "total: facts[id=sum].value", "total: facts[id=sum].valu")
    with pytest.raises(DataError) as raised:
        run_checks(Catalog(data))
    message = str(raised.value)
    assert message.startswith("data/demo/datapackage.yaml, line 40, check 'total_2019', reference ")
    assert "'facts[id=sum].valu'" in message and "Did you mean 'value'?" in message


def test_a_wrong_column_in_same_as_names_file_line_and_reference(tmp_path):
    data = fixture_data(tmp_path, None)
    (data / "demo" / "facts.csv").write_text(
        "id,source,value,unit,same_as\nsize_2019,第1章,,亿元,market[year=2019].valu\nsum,第1章,1103.1,亿元,\n",
        encoding="utf-8",
    )
    replace(
        data / "demo" / "datapackage.yaml",
        "        - {name: unit, type: string, title: 单位}",
        "        - {name: unit, type: string, title: 单位}\n        - {name: same_as, type: string}",
    )
    message = refused(data)
    assert message.startswith(
        "data/demo/facts.csv, line 2, column same_as, reference 'market[year=2019].valu': "
        "demo/market has no column"
    )


def test_a_list_as_check_kind_is_named_with_its_line(tmp_path):
    data = fixture_data(tmp_path, None)
    replace(data / "demo" / "datapackage.yaml", "kind: total", "kind: [same]")
    message = refused(data)
    assert message.startswith(
        "data/demo/datapackage.yaml, line 37, check 'total_2019': kind [same], which is not a name"
    )


# -- 7. nothing ignored ----------------------------------------------------------------------------


def add_file(data: Path, name: str, content: str = "year,value\n2018,1\n") -> None:
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_text(content, encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "demo/extra.CSV",
            "data/demo/extra.CSV: no resource of data/demo/datapackage.yaml describes this file",
        ),
        ("demo/extra.Csv", "Rename it to extra.csv"),
        ("demo/extra.csv", "Describe it under resources:"),
        ("demo/datapackage.yml", "The descriptor is datapackage.yaml alone"),
        ("demo/table.xlsx", "holds its descriptor and its CSVs only"),
        ("demo/old/market.csv", "describes this folder, so the site would ignore it"),
        ("other/market.csv", "data/other/: the folder holds market.csv but no datapackage.yaml"),
        (
            "other/datapackage.yml",
            "data/other/datapackage.yml: the site reads a document's descriptor only as",
        ),
        ("stray.csv", "data/stray.csv: a file directly in data/ belongs to no document"),
    ],
)
def test_no_file_of_data_is_ignored(tmp_path, name, expected):
    data = fixture_data(tmp_path, None)
    add_file(data, name)
    assert expected in refused(data)


@pytest.mark.parametrize("name", ["chapter.markdown", "chapter.MD", "chapter.mkd", "chapter.mdown"])
def test_a_page_in_another_spelling_of_md_is_refused(tmp_path, name):
    docs = docs_with(tmp_path, {name: "# 第1章\n"})
    message = index_refused(docs)
    assert message.startswith(f"docs/{name}: a page ends in") and "Rename it to chapter.md" in message


@pytest.mark.parametrize(
    ("nav", "expected"),
    [
        (["index.md", {"第1章": "missing.md"}], "'missing.md' names a page that docs/ does not hold"),
        (["index.md", {"第1章": "chapter.md"}, "chapter.md"], "'chapter.md' is listed twice"),
        ([{"A": ["index.md", "chapter.md"]}, {"B": ["chapter.md"]}], "'chapter.md' is listed twice"),
    ],
)
def test_the_nav_names_each_page_once_and_only_pages_that_exist(tmp_path, nav, expected):
    docs = docs_with(tmp_path, {"chapter.md": "# 第1章\n"})
    with pytest.raises(DataError, match="^mkdocs.yml, nav: ") as raised:
        check_nav_entries(nav, index(docs).pages)
    assert expected in str(raised.value)


def test_a_nav_with_links_and_each_page_once_passes(tmp_path):
    docs = docs_with(tmp_path, {"chapter.md": "# 第1章\n"})
    check_nav_entries(
        ["index.md", {"第1章": "chapter.md"}, {"外链": "https://example.org/"}], index(docs).pages
    )


# -- 8. a page index that reads what authors write ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("\ufeff# 第1章 概述\n", "第1章 概述"),
        ("第1章 概述\n=====\n\n正文\n", "第1章 概述"),
        ("---\ntitle: 第1章 概述\n---\n\n正文\n", "第1章 概述"),
        ("```\n# not a title\n```\n\n# 第1章 概述 #\n", "第1章 概述"),
        ("#\t第1章 概述\n", "第1章 概述"),
    ],
)
def test_the_title_is_read_as_mkdocs_reads_it(tmp_path, text, title):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "chapter.md").write_bytes(text.encode("utf-8"))
    assert index(docs).pages["chapter.md"].title == title
    assert heading_title(text.lstrip("\ufeff"), "chapter.md") == title


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ('{% set t = "demo/market" %}\n{{ table(t) }}\n', [("table", "demo/market")]),
        ('{% if false %}{{ table("demo/market") }}{% endif %}\n', []),
        (
            '{% if true %}{{ table("demo/market") }}{% else %}{{ table("x") }}{% endif %}\n',
            [("table", "demo/market")],
        ),
        ('{% if false %}{% elif true %}{{ chart("c") }}{% endif %}\n', [("chart", "c")]),
    ],
)
def test_set_and_constant_if_are_read_as_they_run(tmp_path, page, expected):
    docs = docs_with(tmp_path, {"index.md": "# 首页\n\n" + page})
    assert [(c.macro, c.target) for c in index(docs).calls] == expected


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ('{% if shown %}{{ table("demo/market") }}{% endif %}', "stands inside the {% if %} on line 3"),
        ('{% for t in ["a"] %}{{ table(t) }}{% endfor %}', "is given an argument that is not written out"),
        ('{{ table(value("demo/facts", "sum")) }}', "is given an argument that is not written out"),
        ('{{ table("demo/" ~ name) }}', "is given an argument that is not written out"),
        (
            '<abbr title="{{ value("demo/facts", "sum") }}">x</abbr>',
            'stands inside an HTML tag (<abbr title="',
        ),
        ('[规模 {{ value("demo/facts", "sum") }}](#x)', "stands inside a link's text"),
        ('{{ table("x" * 10000000000) }}', "the page computes with * inside"),
        ("{% if 10 ** 10 ** 10 %}x{% endif %}", "the page computes with ** inside"),
        ("{% for i in range(1000000000) %}x{% endfor %}", "the page computes with range() inside"),
        ('<a href="#x">{{ value("demo/facts", "sum") }}</a>', "stands inside a link's text"),
    ],
)
def test_what_the_index_cannot_read_is_refused_with_its_line(tmp_path, page, expected):
    docs = docs_with(tmp_path, {"index.md": "# 首页\n\n" + page + "\n"})
    message = index_refused(docs)
    assert message.startswith("docs/index.md, line 3: ") and expected in message


def test_a_count_in_an_attribute_is_plain_text(tmp_path):
    docs = docs_with(
        tmp_path, {"index.md": '# 首页\n\n<span title="{{ contradiction_count("demo") }}">x</span>\n'}
    )
    assert [c.macro for c in index(docs).calls] == ["contradiction_count"]


# -- 9. typed constraints --------------------------------------------------------------------------

FIELD = "        - name: value\n          type: number\n          title: 规模\n          unit: 亿元\n"

CONSTRAINTS = {
    "minimum on text": (
        "        - {name: source, type: string, title: 出处}",
        "        - {name: source, type: string, title: 出处, constraints: {minimum: 0}}",
        "field 'source': the constraint minimum bounds a number, but the field's type is string",
    ),
    "maximum NaN": (FIELD, FIELD + "          constraints: {maximum: .nan}\n", "expected a finite number"),
    "minimum infinity": (
        FIELD,
        FIELD + "          constraints: {minimum: -.inf}\n",
        "expected a finite number",
    ),
    "enum numbers on text": (
        "        - {name: id, type: string, title: 编号}",
        "        - {name: id, type: string, title: 编号, constraints: {enum: [6, 8, 12]}}",
        "the enum value 6 is a number, but the field's type is string, so no cell could equal it; quote it",
    ),
    "enum text on a number": (
        FIELD,
        FIELD + "          constraints: {enum: ['505.3', '597.8']}\n",
        "the enum value '505.3' is text, but the field's type is number",
    ),
    "field twice": (
        "        - {name: unit, type: string, title: 单位}",
        "        - {name: unit, type: string, title: 单位}\n"
        "        - {name: unit, type: string, title: 单位}",
        "field 'unit': the field is described twice in this resource (first on line 34)",
    ),
    "tolerance NaN": (
        "    kind: total\n",
        "    kind: total\n    tolerance: .nan\n",
        "expected a finite number",
    ),
}


@pytest.mark.parametrize("case", CONSTRAINTS)
def test_a_constraint_that_cannot_hold_is_refused(tmp_path, case):
    old, new, expected = CONSTRAINTS[case]
    data = fixture_data(tmp_path, None)
    replace(data / "demo" / "datapackage.yaml", old, new)
    message = refused(data)
    assert message.startswith("data/demo/datapackage.yaml, line ") and expected in message


# -- the build: titles, nav, charts ---------------------------------------------------------------


def small_build(tmp_path: Path, index_page: str, nav: list | None = None):
    from macros.base.addresses import Repository
    from macros.build.site import Build, Settings
    from macros.html.citations import Publication

    project = tmp_path / "project"
    fixture_data(project, None)
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(index_page, encoding="utf-8")
    environment, _ = project_settings(PROJECT)
    settings = Settings(Publication("站", "", ""), Repository(""), nav, environment)
    return Build(project, None, settings)


def test_a_value_in_a_title_is_read_as_its_words(tmp_path):
    build = small_build(
        tmp_path, '# 规模{{ value("demo/facts", "size_2019") }}\n\n{{ table("demo/market") }}\n'
    )
    title = build.pages.pages["index.md"].title
    assert title == "规模597.8亿元"
    assert [page.title for page in build.usage["demo/market"]] == ["规模597.8亿元"]


def test_the_build_checks_its_nav(tmp_path):
    with pytest.raises(DataError, match="^mkdocs.yml, nav: 'missing.md' names a page"):
        small_build(tmp_path, "# 首页\n", nav=["index.md", "missing.md"])


def test_a_chart_of_another_document_is_named_with_its_document():
    from macros.charts.registry import ChartDef, resolve_chart

    charts = {"b/bars": ChartDef("bars", "b", "b/market", lambda df, width: None)}
    with pytest.raises(DataError) as raised:
        resolve_chart(charts, "bars", "a", "docs/a/x.md, line 4")
    assert str(raised.value) == (
        "docs/a/x.md, line 4: the page's document (a) has no chart 'bars'; 'bars' is a chart of another "
        'document, b/bars. Name it with its document: chart("b/bars").'
    )


def test_an_emoji_is_refused_in_a_cell_and_in_a_chart(tmp_path):
    from macros.charts.font import check_glyphs

    data = fixture_data(tmp_path, None)
    (data / "demo" / "facts.csv").write_text(FACTS.replace("第1章", "第1章😀", 1), encoding="utf-8")
    assert "line 2, column source: the cell '第1章😀' holds U+1F600 (GRINNING FACE), an emoji" in refused(
        data
    )
    with pytest.raises(
        DataError, match=r"draws U\+1F680 \(ROCKET\), an emoji. No chart font here draws emoji"
    ):
        check_glyphs("<svg><text>市场🚀</text></svg>", "demo/market-wide")


def test_an_unforeseen_error_names_the_input_it_arose_on():
    from macros.base.errors import reading
    from macros.build.calls import engine_fault

    with (
        pytest.raises(ZeroDivisionError) as raised,
        reading("data/demo/datapackage.yaml, line 36, check 'g'"),
    ):
        1 / 0  # noqa: B018
    message = engine_fault("loading data/ and docs/", raised.value)
    assert "while reading data/demo/datapackage.yaml, line 36, check 'g'. Look there first" in message
    assert "fault of the engine" not in message


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (
            "  - id: g\n    kind: growth\n    start: facts[id=zero].value\n    end: facts[id=sum].value\n"
            "    rate: facts[id=sum].value\n",
            "check 'g': the start value 0亿元 is 0, from which no growth rate can be computed",
        ),
        (
            "  - id: s\n    kind: shares\n    table: facts\n    column: value_max\n",
            "check 's': every cell of value_max in demo/facts is empty, so there are no shares to add up",
        ),
    ],
)
def test_a_check_on_values_it_cannot_use_is_told_as_the_data(tmp_path, check, expected):
    data = fixture_data(tmp_path, None)
    (data / "demo" / "facts.csv").write_text(
        "id,source,value,value_max,unit\nsize_2019,第1章,597.8,,亿元\nsum,第1章,1103.1,,亿元\nzero,第1章,0,,亿元\n",
        encoding="utf-8",
    )
    descriptor = data / "demo" / "datapackage.yaml"
    replace(
        descriptor,
        "        - {name: value, type: number, title: 数值}",
        "        - {name: value, type: number, title: 数值}\n        - {name: value_max, type: number}",
    )
    descriptor.write_text(descriptor.read_text(encoding="utf-8") + check, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        run_checks(Catalog(data))
    assert expected in str(raised.value)
