// A data page's table, sortable by any column and filterable by text, in the browser and from
// disk (no server, no other host). Without JavaScript the whole table is there, grouped by section.
// Sorting lays all rows out in one run (the section headings step aside; each row still names its
// section); the third click on a heading restores the document's order and its sections.
(function () {
  "use strict";

  function number(text) {
    var value = parseFloat(text.replace(/,/g, ""));
    return isNaN(value) ? null : value;
  }

  function setUp(frame) {
    var table = frame.querySelector("table");
    if (!table || frame.getAttribute("data-ready")) return;
    frame.setAttribute("data-ready", "yes");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var dataRows = rows.filter(function (row) { return !row.classList.contains("mems-group"); });
    var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var sorted = null; // [column, direction] or null for the document's order

    var bar = document.createElement("div");
    bar.className = "mems-tablefilter";
    var label = document.createElement("label");
    label.textContent = "筛选本表 ";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "任意文字，如 2019、传感器";
    label.appendChild(input);
    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    bar.appendChild(label);
    bar.appendChild(count);
    frame.parentNode.insertBefore(bar, frame);

    var texts = dataRows.map(function (row) { return row.textContent.toLowerCase(); });

    function show() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      dataRows.forEach(function (row, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      // A section heading shows in the document's order, when one of its rows shows.
      var heading = null, any = false;
      rows.forEach(function (row) {
        if (row.classList.contains("mems-group")) {
          if (heading) heading.hidden = sorted !== null || !any;
          heading = row; any = false;
        } else if (!row.hidden) {
          any = true;
        }
      });
      if (heading) heading.hidden = sorted !== null || !any;
      count.textContent = "显示 " + shown + " / " + dataRows.length + " 行";
    }

    function order() {
      var list = rows;
      if (sorted) {
        var column = sorted[0], direction = sorted[1];
        var numeric = headings[column].classList.contains("mems-num");
        list = dataRows.slice().sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1); // empty cells last either way
          var nx = numeric ? number(x) : null, ny = numeric ? number(y) : null;
          var c = nx !== null && ny !== null ? nx - ny : x.localeCompare(y, "zh-CN", { numeric: true });
          return c * direction;
        });
      }
      list.forEach(function (row) { body.appendChild(row); });
      headings.forEach(function (th, i) {
        if (sorted && sorted[0] === i) th.setAttribute("aria-sort", sorted[1] > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      show();
    }

    headings.forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mems-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.title = "按此列排序";
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (!sorted || sorted[0] !== i) sorted = [i, 1];
        else if (sorted[1] > 0) sorted = [i, -1];
        else sorted = null;
        order();
      });
    });
    input.addEventListener("input", show);
    show();
  }

  function start() {
    document.querySelectorAll(".mems-datatable[data-sortable]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
