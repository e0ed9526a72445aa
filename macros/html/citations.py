"""Citations of pages, datasets and figures (GB/T 7714 and APA, BibTeX and RIS files), and the
link that reports a wrong number as a prefilled issue on the repository.

Nothing here reads the clock: the version date comes from SOURCE_DATE_EPOCH, and the access date,
which only a reader knows, is a placeholder that assets/javascripts/cite.js fills with today's date.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from ..base import addresses
from ..base.escaping import html_attr, html_text

# Shown where the access date goes, until the reader's browser (or the reader) fills it in.
ACCESS_PLACEHOLDER = "引用日期"
ISSUE_TEMPLATE = "wrong-number.yml"
MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
KINDS = {
    # kind: (GB/T 7714—2025 type code, APA description, RIS type). 2025 gave datasets their own
    # code, DS; 2015 had none, and DB (database) stood in.
    "dataset": ("DS/OL", "Data set", "DATA"),
    "page": ("EB/OL", "", "ELEC"),
    "figure": ("EB/OL", "Figure", "FIGURE"),
}


@dataclass(frozen=True)
class Publication:
    """What every citation of this site shares: its name, address, repository and version date."""

    site_name: str
    site_url: str
    repo: str
    version_date: str = ""  # YYYY-MM-DD of SOURCE_DATE_EPOCH; '' when it is not set
    report_email: str = ""  # where a reader without a GitHub account reports a wrong number

    @classmethod
    def from_config(cls, config) -> Publication:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
        extra = config.get("extra") or {}
        return cls(
            site_name=str(config["site_name"]),
            site_url=str(config.get("site_url") or ""),
            repo=str(extra.get("repo") or "").rstrip("/"),
            version_date=time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch > 0 else "",
            report_email=str(extra.get("report_email") or ""),
        )

    def address(self, path: str, anchor: str = "") -> str:
        return addresses.published(self.site_url, path, anchor)


@dataclass(frozen=True)
class Citable:
    """Something a reader can cite: a dataset's page, a chapter, or a figure on a page."""

    kind: str  # dataset, page or figure
    title: str
    path: str  # the page, from the site root: white-paper-2020/market.html
    anchor: str = ""  # the figure's id on that page
    container: str = ""  # the edition it belongs to: 《2020中国MEMS制造白皮书》（本站重编本）
    version: str = ""  # the data package version of a dataset
    original: str = ""  # the source document, cited in GB/T 7714 form

    @property
    def file_stem(self) -> str:
        """Where its BibTeX and RIS files are, from the site root, without the suffix."""
        return addresses.cite_stem(self.path, self.anchor)


def gbt7714(pub: Publication, item: Citable) -> str:
    """GB/T 7714—2025, as its examples give an online resource (8.11.3) and a dataset (8.14.3):
    责任者. 题名[EB/OL]//所属. （更新日期）[引用日期]. 访问路径.
    责任者. 题名[DS/OL]. V版本. 出版者（发布日期）[引用日期]. 访问路径.
    Full-width parentheses, half-width full stops and brackets, as in the standard's examples."""
    code = KINDS[item.kind][0]
    parts = [f"{pub.site_name}. {item.title}[{code}]"]
    if item.container:
        parts[0] += f"//{item.container}"
    if item.version:
        parts.append(f"V{item.version}")
    dated = f"（{pub.version_date}）" if pub.version_date else ""
    publisher = pub.site_name if item.kind == "dataset" else ""
    parts.append(f"{publisher}{dated}[{ACCESS_PLACEHOLDER}]")
    parts.append(pub.address(item.path, item.anchor))
    return ". ".join(parts) + "."


def apa(pub: Publication, item: Citable) -> str:
    """APA 7: Author. (Date). Title (Version) [Description]. In Container. Retrieved date, from URL"""
    if pub.version_date:
        year, month, day = (int(n) for n in pub.version_date.split("-"))
        date = f"({year}, {MONTHS[month - 1]} {day})"
    else:
        date = "(n.d.)"
    title = item.title
    if item.version:
        title += f" (Version {item.version})"
    description = KINDS[item.kind][1]
    if description:
        title += f" [{description}]"
    container = f" In {item.container}." if item.container else ""
    address = pub.address(item.path, item.anchor)
    return f"{pub.site_name}. {date}. {title}.{container} Retrieved [{ACCESS_PLACEHOLDER}], from {address}"


def bibtex_text(text: str) -> str:
    """Text for a BibTeX field: its special characters escaped, braces kept balanced."""
    special = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}
    text = "".join(special.get(c, c) for c in text)
    return re.sub(r"([&%$#_])", r"\\\1", text)


def bibtex_key(pub: Publication, item: Citable) -> str:
    """An ASCII key from the path; a short hash keeps keys apart whose names are not ASCII."""
    name = (item.path.removesuffix(".html") + ("-" + item.anchor if item.anchor else "")).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")
    if not name.isascii():
        slug += "-" + hashlib.sha1(name.encode()).hexdigest()[:6]
    return f"memsdata-{slug}"


def bibtex(pub: Publication, item: Citable) -> str:
    address = pub.address(item.path, item.anchor)
    fields = [
        ("author", "{" + bibtex_text(pub.site_name) + "}"),
        ("title", "{" + bibtex_text(item.title) + "}"),
    ]
    if item.container:
        fields.append(("howpublished", bibtex_text(item.container)))
    if pub.version_date:
        fields += [("year", pub.version_date[:4]), ("date", pub.version_date)]
    if item.version:
        fields.append(("version", bibtex_text(item.version)))
    fields.append(("url", address))
    note = f"[{KINDS[item.kind][0]}]"
    if item.original:
        note += f" 原始文献：{item.original}"
    fields.append(("note", bibtex_text(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(pub, item)},\n{body}\n}}\n"


def ris(pub: Publication, item: Citable) -> str:
    lines = [("TY", KINDS[item.kind][2]), ("AU", pub.site_name), ("TI", item.title)]
    if item.container:
        lines.append(("T2", item.container))
    if pub.version_date:
        lines += [("PY", pub.version_date[:4]), ("DA", pub.version_date.replace("-", "/"))]
    if item.version:
        lines.append(("ET", item.version))
    lines += [("PB", pub.site_name), ("UR", pub.address(item.path, item.anchor))]
    if item.original:
        lines.append(("N1", f"原始文献：{item.original}"))
    lines.append(("ER", ""))
    # RIS ends each line with CR LF; a value is one line.
    return "".join(f"{tag}  - {' '.join(value.split())}".rstrip() + "\r\n" for tag, value in lines)


def files(pub: Publication, item: Citable) -> dict[str, str]:
    """The downloadable citation files of an item: path from the site root -> text."""
    return {f"{item.file_stem}.bib": bibtex(pub, item), f"{item.file_stem}.ris": ris(pub, item)}


def with_access_date(text: str, style: str) -> str:
    """Escaped citation text whose access-date placeholder is a span that cite.js fills in."""
    # GB/T 7714 keeps the brackets around the date; APA's "Retrieved May 1, 2026" has none.
    shown = ACCESS_PLACEHOLDER if style == "iso" else f"[{ACCESS_PLACEHOLDER}]"
    span = f'<span class="mems-cite__date" data-style="{style}">{shown}</span>'
    return html_text(text).replace(shown, span, 1)


def citation_html(pub: Publication, item: Citable, base: str, summary: str) -> str:
    """A closed details block: both citation forms with a copy button each, the BibTeX and RIS
    downloads, and the source document. Kept out of the search index: it repeats on every page."""
    stem = base + quote(item.file_stem)
    entries = "".join(
        f'<div class="mems-cite__entry"><p class="mems-cite__form">{name}</p>'
        f'<p class="mems-cite__text">{with_access_date(text, style)}</p>'
        '<button type="button" class="md-button mems-cite__copy" hidden>复制</button></div>'
        for name, text, style in (
            ("GB/T 7714", gbt7714(pub, item), "iso"),
            ("APA", apa(pub, item), "apa"),
        )
    )
    original = f'<p class="mems-note">原始文献：{html_text(item.original)}</p>' if item.original else ""
    return (
        f'<details class="mems-cite" data-search-exclude><summary>{html_text(summary)}</summary>'
        f"{entries}"
        f'<p class="mems-downloads">下载引用：<a href="{html_attr(stem)}.bib" download>BibTeX</a>'
        f' · <a href="{html_attr(stem)}.ris" download>RIS</a></p>'
        f"{original}"
        '<p class="mems-note">“引用日期”是您访问本页的日期：浏览器会填入今天的日期，'
        "复制后请核对；没有脚本时请自行填写。</p>"
        '<output class="mems-cite__status" aria-live="polite"></output></details>'
    )


def report_url(pub: Publication, title: str, location: str, value: str, source: str) -> str:
    """A new issue on the repository, through the wrong-number form, with its fields filled in."""
    query = urlencode(
        {
            "template": ISSUE_TEMPLATE,
            "title": f"数值有误：{title}",
            "location": location,
            "value": value,
            "source": source,
        },
        quote_via=quote,
    )
    return f"{pub.repo}/issues/new?{query}"


def report_mail(pub: Publication, title: str, location: str, value: str, source: str) -> str:
    """The same report as an e-mail, for a reader without a GitHub account: the same fields,
    prefilled in its subject and body."""
    body = "\n".join(
        [
            f"位置：{location}",
            f"有误的数值：{value}",
            f"原文出处：{source}",
            "原文中的写法（请填写）：",
            "",
        ]
    )
    query = urlencode({"subject": f"数值有误：{title}", "body": body}, quote_via=quote)
    return f"mailto:{pub.report_email}?{query}"


def report_html(pub: Publication, title: str, location: str, value: str, source: str) -> str:
    url = report_url(pub, title, location, value, source)
    link = (
        f'<a class="mems-report" href="{html_attr(url)}" rel="external noopener" target="_blank">'
        "报告数值错误</a>"
    )
    if not pub.report_email:
        return link
    mail = report_mail(pub, title, location, value, source)
    return f'{link}<a class="mems-report mems-report--mail" href="{html_attr(mail)}">或发邮件</a>'


# What a descriptor says of a document whose author is not known: GB/T 7714—2025 then starts the
# reference with its title (its example 7.3).
UNNAMED = {"", "未署名", "佚名"}


def source_document(package) -> str:
    """The source document of a data package in GB/T 7714—2025 form, as its report examples
    (8.8.3): 责任者. 题名[R]. 日期, each part only when the descriptor gives it. The outside
    constants name their standards instead ([S])."""
    if package.is_reference:
        return " ".join(
            reference_entry(source.get("publisher", ""), f"{source['title']}[S]", source.get("date", ""))
            for source in package.sources
        )
    return reference_entry(package.publisher, f"{package.title}[R]", package.date)


def reference_entry(author: str, title: str, date: str) -> str:
    parts = [] if author in UNNAMED else [author]
    parts.append(title)
    if date:
        parts.append(date)
    return ". ".join(parts) + "."
