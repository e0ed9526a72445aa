"""A copy of the project whose text fields hold attacks: markup, script, template code, forged
tokens, outside images and javascript: links. The build must show each as the text it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

# What an attacker or a careless paste puts into a field. None holds a straight double quote,
# which the CSV reader refuses in a cell (the descriptor payloads have their own below).
MARKER = "PWNED"
PAYLOADS = [
    "<script>window.memsPwned=1;alert(1)</script>",
    "<img src=x onerror=window.memsPwned=1>",
    "'><svg onload=window.memsPwned=1>",
    "[点我](javascript:window.memsPwned=1)",
    f"{{{{ '{MARKER}' ~ 7*7 }}}}",
    f"{{% if 1 %}}{MARKER}{{% endif %}}",
    "MEMSSTASH000001X MEMS0123456789abcdefN000001X",
    "<img src=https://outside.example/x.png>",
    "*强调* _下划_ `代码` {#id}",
]
# The descriptor is YAML: a double quote is fine there.
DESCRIPTOR_PAYLOADS = PAYLOADS + ['"><svg onload=window.memsPwned=1>']
ALL = " ".join(PAYLOADS)
ALL_DESCRIPTOR = " ".join(DESCRIPTOR_PAYLOADS)


def poison_descriptor(path: Path) -> None:
    """Every free text of the package, its resources, their fields and the checks."""
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    descriptor["title"] += ALL_DESCRIPTOR
    descriptor["description"] = ALL_DESCRIPTOR
    for source in descriptor.get("sources", []):
        source["publisher"] = str(source.get("publisher", "")) + ALL_DESCRIPTOR
    for resource in descriptor["resources"]:
        resource["title"] = str(resource.get("title", "")) + ALL_DESCRIPTOR
        resource["description"] = ALL_DESCRIPTOR
        if resource.get("location"):
            resource["location"] = str(resource["location"]) + ALL_DESCRIPTOR
        for field in resource["schema"]["fields"]:
            field["title"] = str(field.get("title", field["name"])) + ALL_DESCRIPTOR
            field["description"] = ALL_DESCRIPTOR
    for check in descriptor.get("checks", []):
        # A growth check's title names its row in a computed table that a chapter quotes.
        if check["kind"] != "growth":
            check["title"] = str(check.get("title", check["id"])) + ALL_DESCRIPTOR
        check["description"] = ALL_DESCRIPTOR
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")


def poison_columns(path: Path, columns: list[str]) -> None:
    """Append the payloads to the named text columns of a CSV (never a key, which pages name)."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        for column in columns:
            row[column] = (row[column] + " " + ALL).strip()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def poison_project(project: Path) -> Path:
    data = project / "data"
    for descriptor in data.glob("*/datapackage.yaml"):
        poison_descriptor(descriptor)
    # A qualifier is one word of a closed list (quantity.QUALIFIERS), so a payload in it is refused
    # before any page is made (tests/unit/test_hostile_input.py); the text columns carry them here.
    poison_columns(data / "white-paper-2020" / "facts.csv", ["subject", "note"])
    poison_columns(data / "market-report-2026" / "facts.csv", ["note"])
    poison_columns(data / "white-paper-2020" / "figures.csv", ["caption", "note"])
    poison_columns(data / "white-paper-2020" / "policies.csv", ["keywords"])
    poison_columns(data / "white-paper-2020" / "development_timeline.csv", ["detail"])
    return project
