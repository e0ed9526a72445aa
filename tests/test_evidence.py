"""Evidence on demand, in the built site read from disk: a page reads like a publication. A link to
a folded pass opens it; traced numbers read as prose and their source tip stays in the window;
every chart has a number; the catalogue fits its column; no page scrolls sideways without
JavaScript; the printed book is A4. What is judged on every page (passes folded and findings in
full, no code paths or ids in readers' text, no small reading text) the tour records once, and
tests/test_tour.py judges."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from browsing import PHONE
from conftest import HOW_TO_GET_IT, unavailable

# -- quiet checks, loud findings -------------------------------------------------------------------


@pytest.mark.browser
def test_a_link_to_a_pass_opens_its_summary(site, tab):
    """Nothing is removed: a link to a pass (#check-…) opens the summary that holds it."""
    page = site.root / "market-report-2026" / "supply-demand.html"
    site.open(tab, page)
    check_id = tab.evaluate("""() => document.querySelector('.mems-passes .mems-check').id""")
    tab.goto(f"{page.as_uri()}#{check_id}")
    tab.wait_for_function(f"document.getElementById('{check_id}').checkVisibility()", timeout=5000)


# -- type and layout ------------------------------------------------------------------------------

CATALOGUE_FIT = """() => {
  const column = document.querySelector('article').getBoundingClientRect();
  return [...document.querySelectorAll('.mems-catalogue-table')].map(table => ({
    over: table.getBoundingClientRect().right - column.right,
    narrowest: Math.min(...[...table.querySelectorAll('thead th')]
      .map(th => th.getBoundingClientRect().width)),
  }));
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1024, 1280])
def test_the_catalogue_fits_its_column(site, tab, width):
    """Each document's table of datasets stays inside the text column, and no column is squeezed
    to a character or two (a heading of four characters needs about 60 px)."""
    tab.set_viewport_size({"width": width, "height": 900})
    site.open(tab, site.root / "data" / "index.html")
    tables = tab.evaluate(CATALOGUE_FIT)
    assert tables, "the catalogue has no table"
    assert all(t["over"] <= 1 and t["narrowest"] >= 40 for t in tables), tables


class UnframedTables(HTMLParser):
    """Counts the tables of a page that stand in no scrolling frame of the site's own (mems-scroll)
    as built: without JavaScript nothing else frames them (Material wraps tables only by script)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.open: list[bool] = []  # for each open element: is it a scrolling frame?
        self.unframed = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table" and not any(self.open):
            self.unframed += 1
        if tag not in self.VOID:
            self.open.append("mems-scroll" in (dict(attrs).get("class") or "").split())

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()


def has_unframed_table(page) -> bool:
    parser = UnframedTables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.unframed > 0


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_phone_without_javascript(site):
    """Every wide table scrolls in its own frame, script or not. Without script a page differs from
    the tour's (tests/test_tour.py, which finds no page wider than a phone) in its tables, which the
    theme's script would frame, and its charts, which stay static SVGs (the static tour measures
    every one at a phone's width): so the pages to see are those with a table outside a frame."""
    pages = [page for page in site.pages if has_unframed_table(page)]
    framed = set(site.pages) - set(pages)
    assert framed, "no page frames its tables: the frames are gone"
    context = site.new_context(java_script_enabled=False)
    tab = site.new_tab(context)
    tab.set_viewport_size({"width": PHONE, "height": 900})
    wide = []
    try:
        for page in pages:
            site.open(tab, page)
            width = tab.evaluate("document.scrollingElement.scrollWidth")
            if width > PHONE + 1:
                wide.append(f"{site.name(page)}: {width} px")
    finally:
        context.close()
    assert not wide, "\n".join(wide)


def test_a_table_outside_a_frame_is_found():
    """The control for the choice of pages above."""
    framed = '<div class="mems-scroll" tabindex="0"><table><tr><td>1</td></tr></table></div>'
    for html, unframed in ((framed, 0), (f"<p>x</p><table></table>{framed}", 1), ("<p>no table</p>", 0)):
        parser = UnframedTables()
        parser.feed(html)
        assert parser.unframed == unframed, html


# -- traced numbers that do not shout ---------------------------------------------------------------

TIP_BOXES = """() => {
  // The tip is the link's ::after: it starts at the link's first line box, shifted by --mems-tip-x.
  const out = [];
  for (const link of document.querySelectorAll('article a.mems-q[data-tip]')) {
    if (!link.matches(':hover')) continue;
    const tip = getComputedStyle(link, '::after');
    const first = link.getClientRects()[0];
    const left = first.left + (parseFloat(link.style.getPropertyValue('--mems-tip-x')) || 0);
    const right = left + parseFloat(tip.width);
    out.push({text: link.textContent, left, right, shown: tip.content !== 'none'});
  }
  return out;
}"""


# Each visible traced number in turn: scrolled to the middle of the window, where the pointer is sent.
TRACED_NUMBERS = "() => document.querySelectorAll('article a.mems-q[data-tip]').length"
POINT_AT_NUMBER = """(index) => {
  const link = document.querySelectorAll('article a.mems-q[data-tip]')[index];
  if (!link.checkVisibility()) return null;
  link.scrollIntoView({block: 'center', behavior: 'instant'});
  const first = link.getClientRects()[0];
  return [first.left + Math.min(first.width / 2, 4), first.top + first.height / 2];
}"""


@pytest.mark.browser
def test_a_numbers_source_tip_stays_inside_a_phone_screen(site, tab):
    """Every traced number of a chapter, hovered at 375 px: its source tip is drawn inside the window."""
    tab.set_viewport_size({"width": PHONE, "height": 800})
    site.open(tab, site.root / "market-report-2026" / "supply-demand.html")
    count = tab.evaluate(TRACED_NUMBERS)
    assert count > 20, count
    outside, hovered = [], 0
    for index in range(count):
        point = tab.evaluate(POINT_AT_NUMBER, index)
        if point is None:
            continue
        # The pointer moved there as a mouse does (Playwright's hover would wait for the link to
        # stand still first: two animation frames a number).
        tab.mouse.move(*point)
        boxes = tab.evaluate(TIP_BOXES)
        hovered += len(boxes)
        outside += [box for box in boxes if not box["shown"] or box["left"] < 0 or box["right"] > PHONE]
    assert hovered > 20, f"only {hovered} of {count} numbers took the pointer"
    assert not outside, outside[:5]


FOLLOWED_ROW = """() => {
  const row = document.querySelector('tr:target');
  if (!row) return null;
  const heads = [...row.closest('table').tHead.rows[0].cells];
  let index = heads.findIndex(th => th.dataset.field === 'value');
  if (index < 0) index = heads.findIndex((th, i) => i > 0 && th.classList.contains('mems-num'));
  const cell = row.cells[index].getBoundingClientRect();
  const first = getComputedStyle(row.cells[0]);
  return {
    onScreen: cell.left >= 0 && cell.right <= innerWidth + 0.5 && cell.top >= 0 && cell.bottom <= innerHeight,
    firstCellMarked: first.backgroundImage !== 'none',
  };
}"""


@pytest.mark.browser
def test_following_a_number_shows_its_rows_value_on_a_phone(site, tab):
    """A number followed to its dataset's page: its row is scrolled into view with its value cell on
    screen, and the row, its sticky first cell included, is marked."""
    tab.set_viewport_size({"width": PHONE, "height": 800})
    site.open(tab, site.root / "market-report-2026" / "supply-demand.html")
    links = tab.locator("article a.mems-q[data-tip][href*='facts.html#']")
    assert links.count(), "no traced number leads to a facts page"
    hrefs = [links.nth(i).evaluate("a => a.href") for i in (0, links.count() // 2, links.count() - 1)]
    for href in hrefs:
        tab.goto(href, wait_until="load")
        tab.wait_for_timeout(200)
        state = tab.evaluate(FOLLOWED_ROW)
        assert state and state["onScreen"] and state["firstCellMarked"], f"{href}: {state}"


# -- one figure, one number ---------------------------------------------------------------------------


def test_every_chart_is_numbered(built_site):
    """Every chart on every page has a number; the report's are the site's, in reading order."""
    unnumbered, numbers = [], {}
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(
            r'<figure class="mems-figure mems-chart".*?<figcaption[^>]*>(.*?)</figcaption>', html, re.S
        ):
            label = re.search(r'<span class="mems-label">([^<]+)</span>', figure)
            if not label:
                unnumbered.append(f"{page.relative_to(built_site)}: {figure[:60]}")
            elif "market-report-2026/" in page.as_posix() and page.name != "print.html":
                numbers.setdefault(page.name, []).append(label.group(1))
    assert not unnumbered, "\n".join(unnumbered)
    report = numbers["status.html"] + numbers["supply-demand.html"] + numbers["ecosystem.html"]
    assert report == [f"图{n}" for n in range(1, len(report) + 1)], report


# -- print as a book ------------------------------------------------------------------------------

PRINTED_PARTS = """() => ({
  buttons: [...document.querySelectorAll('article button')].filter(b => b.checkVisibility()).length,
  citations: [...document.querySelectorAll('article .mems-cite__text')]
    .filter(c => c.checkVisibility()).length,
  narrowCharts: [...document.querySelectorAll('article .mems-chart__view svg[data-layout="narrow"]')]
    .filter(s => s.checkVisibility()).length,
})"""


@pytest.mark.browser
def test_a_chapter_prints_on_a4_with_one_citation_line_and_no_buttons(site, tab, tmp_path):
    """Printed by the browser with the page's own paper size: A4; charts in their wide layout (the
    text's scale), the page's citation as one line, no button."""
    pdfinfo = shutil.which("pdfinfo")
    if not pdfinfo:
        unavailable(f"pdfinfo (poppler-utils) is not installed: {HOW_TO_GET_IT}")
    page = site.root / "white-paper-2020" / "market.html"
    site.open(tab, page)
    tab.emulate_media(media="print")
    tab.set_viewport_size({"width": 700, "height": 1000})
    parts = tab.evaluate(PRINTED_PARTS)
    pdf = tmp_path / "market.pdf"
    pdf.write_bytes(tab.pdf(prefer_css_page_size=True))
    tab.emulate_media(media="screen")
    assert parts == {"buttons": 0, "citations": 1, "narrowCharts": 0}, parts
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and abs(float(size.group(1)) - 595.3) < 2 and abs(float(size.group(2)) - 841.9) < 2, info


@pytest.mark.browser
def test_the_printed_book_numbers_its_contents_with_the_pages_its_headings_start_on(site, tab):
    """make pdf (macros/tools/print_book.py): every entry of the contents gets the page its heading
    starts on, read back from the printed book itself."""
    if not shutil.which("pdftotext"):
        unavailable(f"pdftotext (poppler-utils) is not installed: {HOW_TO_GET_IT}")
    from macros.tools import print_book

    book = print_book.print_book(tab, site.root / "white-paper-2020" / "print.html")
    entries = tab.evaluate(print_book.ENTRIES)
    numbers = tab.evaluate(
        """() => [...document.querySelectorAll('.mems-print-toc__page')].map(s => s.textContent)"""
    )
    pages = print_book.page_texts(book)
    assert len(numbers) == len(entries) > 10 and all(numbers), list(zip(entries, numbers, strict=True))
    assert [int(n) for n in numbers] == sorted(int(n) for n in numbers), numbers
    for entry, number in zip(entries, numbers, strict=True):
        han = print_book.latin_free(re.sub(r"\s+", "", entry))
        assert han in print_book.latin_free(pages[int(number) - 1]), f"{entry} is not on page {number}"
    # The numbers are printed in the book's contents, not only set in the page.
    assert "".join(numbers[:6]) in pages[0] + pages[1], pages[0][-200:]
