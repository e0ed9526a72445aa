"""`make pdf`: each document's printable edition as an A4 PDF whose contents give page numbers.

Chromium prints the page as the reader's browser would, but has no CSS `target-counter()`, so a
contents list cannot ask where its headings land. This prints twice instead: the first print is
read back (poppler's pdftotext, page by page) to find the page each heading of the contents starts
on; the numbers are written into the contents; the second print is the book. The contents take
the same lines with their numbers as without, so the second print pages as the first did; it is
read back once more to make sure. A build stays free of any browser: this runs on a built site.
Run as `python macros/tools/print_book.py [SITE] [OUT]` (defaults: site, pdf).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parents[2]
BROWSERS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
ENTRIES = """() => [...document.querySelectorAll('.mems-print-toc li a')].map(a => a.textContent.trim())"""
NUMBER = """(numbers) => {
  document.querySelectorAll('.mems-print-toc li').forEach((item, i) => {
    let page = item.querySelector('.mems-print-toc__page');
    if (!page) {
      page = item.appendChild(document.createElement('span'));
      page.className = 'mems-print-toc__page';
    }
    page.textContent = numbers[i] ? String(numbers[i]) : '';
  });
}"""


def page_texts(pdf: bytes) -> list[str]:
    """The text of each printed page, without spaces or line breaks (headings wrap)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            ["pdftotext", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")]


def latin_free(text: str) -> str:
    return re.sub(r"[\x00-\x7f]", "", text)


def heading_pages(entries: list[str], pages: list[str]) -> list[int | None]:
    """The page each contents entry starts on: its text, searched in order after the contents."""
    # The contents come first and name every heading themselves: the search starts after them.
    last = re.sub(r"\s+", "", entries[-1]) if entries else ""
    found, start = [], next((i for i, page in enumerate(pages) if last and last in page), 0) + 1
    for entry in entries:
        words = re.sub(r"\s+", "", entry)
        page = next((i for i in range(start, len(pages)) if words in pages[i]), None)
        if page is None:
            # pdftotext may take a heading's Latin words out of their place (MEMS after 产业环境…):
            # then its Chinese alone, in order, is looked for.
            han = re.sub(r"[\x00-\x7f]", "", words)
            page = next((i for i in range(start, len(pages)) if han and han in latin_free(pages[i])), None)
        found.append(page + 1 if page is not None else None)
        if page is not None:
            start = page
    return found


def print_book(tab, page: Path) -> bytes:
    tab.goto(page.as_uri(), wait_until="load")
    tab.emulate_media(media="print")
    entries = tab.evaluate(ENTRIES)
    numbers = heading_pages(entries, page_texts(tab.pdf(prefer_css_page_size=True)))
    tab.evaluate(NUMBER, numbers)
    book = tab.pdf(prefer_css_page_size=True)
    if heading_pages(entries, page_texts(book)) != numbers:
        raise SystemExit(f"{page}: the numbered contents changed the pagination; print again.")
    return book


def main(argv: list[str]) -> int:
    site = Path(argv[1]) if len(argv) > 1 else PROJECT / "site"
    out = Path(argv[2]) if len(argv) > 2 else PROJECT / "pdf"
    browser_path = next((b for b in BROWSERS if Path(b).exists()), None)
    if browser_path is None or not shutil.which("pdftotext"):
        print("make pdf needs Chromium and poppler-utils:")
        print("  sudo apt-get install chromium-headless-shell poppler-utils")
        return 1
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        tab = browser.new_page()
        for page in sorted(site.glob("*/print.html")):
            target = out / f"{page.parent.name}.pdf"
            target.write_bytes(print_book(tab, page))
            print(target)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
