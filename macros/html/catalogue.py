"""The data catalogue (data/index.html): every dataset, grouped by document, filtered in the browser
by what the datasets contain, with the filter kept in the page's address."""

from __future__ import annotations

import unicodedata

from ..base import addresses
from ..base.escaping import html_attr, html_text
from ..data.catalog import Catalog, Table
from .entities import entity_url

# The distinct cells of one dataset the catalogue's filter can match (every one, in a dataset of the
# size the documents have; a generated 100,000-row table would otherwise weigh 1 MB here).
SEARCHED_CELLS = 2000


def search_text(table: Table, figures: list[str]) -> str:
    """What the filter matches: the dataset's names and metadata, its columns' titles and units, and
    every distinct cell as the CSV writes it (labels, subjects, values, units), up to a bound so
    that a very long dataset does not make the catalogue heavy."""
    parts = [table.id, table.title, table.description, table.location, table.label, table.derivation]
    parts += figures
    for f in table.fields:
        parts += [f.name, f.title, f.unit, f.description]
    seen: set[str] = set()
    for column in table.text.columns:
        for cell in table.text[column]:
            text = str(cell).strip()
            if text and text not in seen and len(seen) < SEARCHED_CELLS:
                seen.add(text)
                parts.append(text)
    return normalized(" | ".join(p for p in parts if p))


def normalized(text: str) -> str:
    """As the filter script compares text: NFKC (full-width letters and digits as ASCII), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def catalogue_html(catalog: Catalog, usage: dict, charts: dict, base: str, named=()) -> str:
    """One table per document; without JavaScript every dataset stays listed."""
    options = "".join(
        f'<option value="{html_attr(p.name)}">{html_text(p.title)}</option>'
        for p in catalog.packages.values()
    )
    sections = []
    for package in catalog.packages.values():
        rows = []
        for table in sorted(package.tables.values(), key=lambda t: t.name):
            figures = [
                charts[n].label or charts[n].caption for n in sorted(charts) if charts[n].table_id == table.id
            ]
            rows.append(catalogue_row(table, figures, usage.get(table.id, []), base))
        origin = (
            "不是文献的数据：各常数所据的标准、版本和条款见各数据集"
            if package.is_reference
            else "，".join(filter(None, [package.publisher, package.date]))
        )
        sections.append(
            f'<section class="mems-catalogue__doc" data-document="{html_attr(package.name)}">'
            f'<h2 id="datasets-{html_text(package.name)}">{html_text(package.shown_title)}</h2>'
            + (f'<p class="mems-note">{html_text(origin)} · 共 {len(rows)} 个数据集</p>' if origin else "")
            + '<table class="mems-catalogue-table"><thead><tr>'
            '<th scope="col">数据集</th><th scope="col">图表号</th><th scope="col">出处</th>'
            '<th scope="col" class="mems-num">行数</th><th scope="col">引用页面</th>'
            '<th scope="col">下载</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></section>"
        )
    if named:
        sections.append(entity_section(named, base))
    return (
        '<form class="mems-filter" role="search">'
        '<label>文献 <select data-filter="package"><option value="">全部</option>'
        f"{options}</select></label> "
        '<label>查找 <input type="search" data-filter="text" '
        'placeholder="公司、产品、数值、单位、列名……" aria-describedby="mems-filter-help"></label>'
        '<output class="mems-filter__count" aria-live="polite"></output>'
        '<p class="mems-note" id="mems-filter-help">在数据集的内容中查找：名称、列名、单位和'
        "每一格的文字与数值（如“博世”“8寸”“597.8”）。几个词用空格隔开时，列出同时含有这些词的数据集。</p>"
        "</form>"
        f"{''.join(sections)}"
        '<p class="mems-catalogue__none" hidden>没有数据集含有这些词。</p>'
        f"<script>{FILTER_SCRIPT}</script>"
    )


def names_of(entity) -> list[str]:
    return [entity.name, *(n.name for n in entity.names)]


def entity_section(named, base: str) -> str:
    """The companies, regions and places with a page of their own, found by any of their names (the
    filter matches Broadcom to 博通's page)."""
    rows = "".join(
        f'<tr data-documents="{html_attr(" ".join(e.documents))}" '
        f'data-text="{html_attr(normalized(" | ".join(names_of(e))))}">'
        f'<td class="mems-catalogue__name"><a href="{base}{entity_url(e)}">{html_text(e.name)}</a>'
        '<span class="mems-catalogue__hit"></span></td>'
        f'<td data-label="名称">{html_text("、".join(n.name for n in e.names))}</td>'
        f'<td data-label="点名的行" class="mems-num">{len(e.mentions)}</td></tr>'
        for e in named
    )
    return (
        '<section class="mems-catalogue__doc mems-catalogue__entities">'
        '<h2 id="entities">两份文献点名的企业与地区</h2>'
        '<p class="mems-note">每个名称一页，汇集两份文献关于它的全部数值；'
        "查找时，它的任何一种写法都能找到它。</p>"
        # Each entity's names are indexed on its own page, which a search for one of them finds.
        '<table data-search-exclude><thead><tr><th scope="col">页面</th>'
        '<th scope="col">各处所用名称</th><th scope="col" class="mems-num">点名的行</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def catalogue_row(table: Table, figures: list[str], pages: list, base: str) -> str:
    label = table.label or ("推算" if table.computed else "")
    location = table.location or ("见计算方法" if table.computed else "各行注明")
    kind = '<span class="mems-derived">本站计算</span> ' if table.computed else ""
    # A page by its short name (第3章, 数据说明), its full title on hover: long lists stay readable.
    used = "、".join(
        f'<a href="{base}{html_attr(p.url)}" title="{html_attr(p.title)}">'
        f"{html_text(p.title.split(' ')[0])}</a>"
        for p in pages
    )
    shown_figures = f"<br>本站图表 {len(figures)} 幅" if figures else ""
    return (
        f'<tr data-package="{html_attr(table.package.name)}" data-dataset="{html_attr(table.name)}" '
        f'data-text="{html_attr(search_text(table, figures))}">'
        f'<td class="mems-catalogue__name"><a href="{base}{addresses.data_page(table.id)}">'
        # The dataset's file name is for contributors: its data page and its CSV carry it; the
        # filter still finds a dataset by it (search_text).
        f"{html_text(table.title)}</a>{'<br>' + kind if kind else ''}"
        '<span class="mems-catalogue__hit"></span></td>'
        f'<td data-label="图表号">{html_text(label) or "—"}{shown_figures}</td>'
        f'<td data-label="出处">{html_text(location)}</td>'
        f'<td data-label="行数" class="mems-num">{len(table.frame)}</td>'
        f'<td data-label="引用页面">{used or "—"}</td>'
        '<td data-label="下载" class="mems-catalogue__files">'
        f'<a href="{base}{addresses.csv_file(table.id)}" download>CSV</a>'
        f' · <a href="{base}{addresses.data_page(table.id)}">数据页</a></td></tr>'
    )


# Filters the catalogue in the browser, so that it works from disk with no server. The filter lives
# in the address's fragment (#q=…&doc=…), so that a filtered list can be bookmarked or sent; not in
# its query, where Material's search takes ?q= as a search to open.
FILTER_SCRIPT = r"""
(function () {
  var form = document.querySelector(".mems-filter");
  if (!form) return;
  // Enter in the filter filters; it never submits the form (no inline handler: data pages carry none).
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var rows = Array.prototype.slice.call(document.querySelectorAll(".mems-catalogue-table tbody tr"));
  // The companies, regions and places with a page: found by any of their names, kept out of the count.
  var named = Array.prototype.slice.call(document.querySelectorAll(".mems-catalogue__entities tbody tr"));
  var sections = document.querySelectorAll(".mems-catalogue__doc");
  var none = document.querySelector(".mems-catalogue__none");
  var pick = form.querySelector("[data-filter=package]");
  var words = form.querySelector("[data-filter=text]");
  var count = form.querySelector(".mems-filter__count");
  function norm(text) { return text.normalize("NFKC").toLowerCase(); }
  function snippet(text, term) {
    var at = text.indexOf(term), from = Math.max(0, at - 12);
    var to = Math.min(text.length, at + term.length + 12);
    return (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");
  }
  function apply(keep) {
    var shown = 0, terms = norm(words.value).split(/\s+/).filter(Boolean);
    rows.forEach(function (row) {
      var text = row.dataset.text;
      var ok = (!pick.value || row.dataset.package === pick.value) &&
               terms.every(function (t) { return text.indexOf(t) !== -1; });
      row.hidden = !ok;
      var hit = row.querySelector(".mems-catalogue__hit");
      hit.textContent = ok && terms.length ? "含“" + snippet(text, terms[0]) + "”" : "";
      if (ok) shown += 1;
    });
    named.forEach(function (row) {
      var ok = (!pick.value || row.dataset.documents.split(" ").indexOf(pick.value) !== -1) &&
               terms.every(function (t) { return row.dataset.text.indexOf(t) !== -1; });
      row.hidden = !ok;
      row.querySelector(".mems-catalogue__hit").textContent = "";
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("tbody tr:not([hidden])");
    });
    none.hidden = shown > 0;
    count.textContent = "显示 " + shown + " / " + rows.length + " 个数据集";
    if (keep) {
      var params = new URLSearchParams();
      if (words.value.trim()) params.set("q", words.value.trim());
      if (pick.value) params.set("doc", pick.value);
      var query = params.toString().replace(/\+/g, "%20");
      history.replaceState(null, "", location.pathname + location.search + (query ? "#" + query : ""));
    }
  }
  function read() {
    var hash = location.hash.slice(1);
    // A plain #anchor is a place on the page, not a filter.
    var params = new URLSearchParams(hash.indexOf("=") !== -1 ? hash : "");
    words.value = params.get("q") || "";
    pick.value = params.get("doc") || "";
    apply(false);
  }
  pick.addEventListener("change", function () { apply(true); });
  words.addEventListener("input", function () { apply(true); });
  window.addEventListener("hashchange", read);
  read();
})();
"""
