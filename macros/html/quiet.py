"""Quiet evidence, loud findings: a check that passes is one line, and a page's passes fold into
one summary a reader opens in place (a <details>, which needs no script); a finding keeps its full
notice where it stands (render.finding_html)."""

from __future__ import annotations

import re
from collections import defaultdict

from ..base.escaping import html_text
from ..data.checks import Finding
from .render import check_attributes, plain_text

# A pass a chapter quotes in place (PageMacros.data_note) carries this mark until gather_passes()
# moves it into the page's summary.
GATHER = "data-gather"
SCOPE = "核对通过只说明几处说法彼此一致，不说明数值本身为真。"


def pass_line(finding: Finding, gather: bool = False) -> str:
    """One passing check as one line: what was compared and the outcome, in the reader's words.
    It keeps the class and attributes of a check's notice, which `make review` and the tests read."""
    attributes = check_attributes(finding) + (f" {GATHER}" if gather else "")
    return (
        f'<div class="admonition success mems-check" id="check-{finding.id}" {attributes}>'
        f'<p><span class="mems-pass__mark" aria-hidden="true">✓</span> '
        f"<strong>{html_text(finding.title)}</strong>：{html_text(outcome(finding))}</p></div>"
    )


def outcome(finding: Finding) -> str:
    """What a pass found: several statements of one quantity read as one sentence when they agree
    to the letter ("摘要、2.1节共3处均为47.8亿元"); any other check in its own explanation."""
    shown = {op.shown() for op in finding.operands}
    if finding.kind == "same" and len(shown) == 1 and len(finding.operands) > 1:
        places = "、".join(dict.fromkeys(place(op.location) for op in finding.operands))
        return f"{places}共{len(finding.operands)}处均为{shown.pop()}。"
    return finding.explanation


def place(location: str) -> str:
    """A location as prose: 2.1 → 2.1节; a chapter or 摘要 as it is."""
    return f"{location}节" if re.fullmatch(r"\d+(\.\d+)*", location) else location


def section_of(finding: Finding) -> str:
    """The part of the document a check belongs to, for grouping passes: its first operand's
    place that is not the summary (摘要, 概述), else the first place."""
    places = [op.location for op in finding.operands if op.location]
    body = [p for p in places if not re.search(r"摘要|概述", p)]
    chosen = (body or places or ["其他"])[0]
    chapter = re.match(r"(第\S+章)", chosen)
    if chapter:
        return chapter.group(1)
    section = re.match(r"(\d+\.\d+)", chosen)
    return place(section.group(1)) if section else chosen


def passes_by_section(findings: list[Finding]) -> str:
    """A data-notes page's passes: one summary for all, and inside it one per part of the document,
    each closed until a reader opens it."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[section_of(finding)].append(finding)
    inner = "".join(
        f'<details class="mems-passes__group"><summary>{html_text(name)}：{len(items)}项核对通过</summary>'
        f"{''.join(pass_line(f) for f in items)}</details>"
        for name, items in sorted(groups.items(), key=lambda item: section_key(item[0]))
    )
    return (
        f'<details class="mems-passes" id="passes"><summary>{len(findings)}项核对全部通过'
        f"（按所在章节分组，点开查看）</summary>"
        f'<p class="mems-note">{SCOPE}</p>{inner}</details>'
    )


def section_key(name: str) -> tuple:
    """Document order for section names: 第2章 before 第10章, 1.2节 before 2.1节."""
    numbers = [int(n) for n in re.findall(r"\d+", name)]
    chinese = "一二三四五六七八九十"
    numbers = numbers or [chinese.index(c) + 1 for c in name if c in chinese][:1] or [99]
    return (numbers, name)


PASS = re.compile(rf'<div class="admonition success mems-check"[^>]*\b{GATHER}>.*?</div>', re.S)
HEADING = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.S)
PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


def gather_passes(html: str) -> str:
    """The passes a chapter quotes, taken from their places into one summary at the page's end:
    "本页N项数据核对通过", grouped under the sections they stood in. A reader opens it in place;
    a link to a pass (#check-…) opens it too (values.js, and Chromium on its own)."""
    found = list(PASS.finditer(html))
    if not found:
        return html
    headings = [
        (m.start(), plain_text(PERMALINK.sub("", m.group(1))).strip()) for m in HEADING.finditer(html)
    ]
    groups: dict[str, list[str]] = {}
    for match in found:
        before = [title for start, title in headings if start < match.start()]
        groups.setdefault(before[-1] if before else "本页开头", []).append(
            match.group(0).replace(f" {GATHER}>", ">", 1)
        )
    html = PASS.sub("", html)
    inner = "".join(
        f'<p class="mems-passes__section">{html_text(title)}</p>{"".join(items)}'
        for title, items in groups.items()
    )
    summary = (
        # Out of the search index: the data-notes page indexes every pass once.
        f'<details class="mems-passes" data-search-exclude><summary>本页{len(found)}项数据核对通过'
        f"（点开查看）</summary>"
        f'<p class="mems-note">{SCOPE}</p>{inner}</details>'
    )
    return html + summary
