"""What a page's <head> says about it beyond Material's defaults: a title no other page has, a
description taken from the page's own text, Open Graph and Twitter tags (the preview a link shows
when it is shared in a chat, with the page's first chart as its picture), and on a document's pages
the Highwire Press tags Google Scholar reads (citation_title, citation_author,
citation_publication_date). Made from the finished page; the engine hands them to the theme
(overrides/main.html) as they are, already escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..base.escaping import html_attr, html_text
from .citations import Publication
from .render import plain_text

# About what a search result or a chat preview shows of a Chinese description.
DESCRIPTION_LENGTH = 120
PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
# A chart's PNG, linked for download beside the chart (render.chart_file_url).
CHART_PNG = re.compile(r'href="(?:\.\./)*(charts/[^"]+\.png)"')
LOCALE = "zh_CN"


@dataclass(frozen=True)
class PageHead:
    title: str  # the <title>, escaped for HTML text
    description: str  # escaped for an attribute
    elements: str  # <meta> elements (and a print page's <style>), one a line


def description_of(content: str, fallback: str) -> str:
    """The page's first paragraph of text, cut at the last full stop within DESCRIPTION_LENGTH
    characters (or at that length, with an ellipsis)."""
    for inner in PARAGRAPH.findall(content):
        text = " ".join(plain_text(inner).split())
        if len(text) >= 20:
            break
    else:
        return fallback
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[:DESCRIPTION_LENGTH]
    stop = cut.rfind("。")
    return cut[: stop + 1] if stop >= DESCRIPTION_LENGTH // 2 else cut.rstrip() + "…"


def full_title(title: str, section: str, site_name: str, is_home: bool) -> str:
    """A page's title, then the title of the document it belongs to (two documents both have a
    数据说明 and a 全文打印版), then the site's name."""
    if is_home or not title:
        return site_name
    return " - ".join(part for part in (title, section, site_name) if part)


def page_head(
    publication: Publication,
    url: str,
    title: str,
    content: str,
    section: str = "",
    is_home: bool = False,
    scholarly: bool = False,
) -> PageHead:
    """The head of the page at `url` (from the site root), titled `title`, in the nav section
    `section` ('' for none or for the section's own index page), with `content` its finished HTML.
    `scholarly`: the page is a chapter of a document, citable as one."""
    site = publication.site_name
    description = description_of(content, title or site)
    shown_title = title if title and not is_home else site
    tags = [
        ("property", "og:type", "website" if is_home else "article"),
        ("property", "og:site_name", site),
        ("property", "og:title", shown_title),
        ("property", "og:description", description),
        ("property", "og:locale", LOCALE),
    ]
    # Open Graph wants absolute addresses; a build without site_url gives none.
    image = CHART_PNG.search(content)
    if publication.site_url:
        tags.append(("property", "og:url", publication.address(url)))
        if image:
            tags.append(("property", "og:image", publication.address(image.group(1))))
    card = "summary_large_image" if image and publication.site_url else "summary"
    tags += [
        ("name", "twitter:card", card),
        ("name", "twitter:title", shown_title),
        ("name", "twitter:description", description),
    ]
    if scholarly:
        tags += [("name", "citation_title", shown_title), ("name", "citation_author", site)]
        if publication.version_date:
            tags.append(("name", "citation_publication_date", publication.version_date.replace("-", "/")))
        tags.append(("name", "citation_language", "zh"))
        if publication.site_url:
            tags.append(("name", "citation_public_url", publication.address(url)))
    return PageHead(
        title=html_text(full_title(title, section, site, is_home)),
        description=html_attr(description),
        elements="\n".join(
            f'<meta {kind}="{key}" content="{html_attr(value)}">' for kind, key, value in tags
        ),
    )


def robots_txt(publication: Publication) -> str:
    """Every page may be crawled; the sitemap says where they are (none without site_url)."""
    lines = ["User-agent: *", "Allow: /"]
    if publication.site_url:
        lines.append(f"Sitemap: {publication.address('sitemap.xml')}")
    return "\n".join(lines) + "\n"
