// A value quoted from the data is a link to its row. With a mouse its source shows on hover; on a
// touch screen the first tap shows the source and the second follows the link. Without JavaScript
// the link simply opens the row. The source tip is kept inside the window, a link to a check opens
// the summary of passes that holds it, and a row reached from a number shows its value cell.
(function () {
  var open = null;
  var MARGIN = 8;

  // The tip (a ::after of the link) starts at the number's left edge: shift it left by as much as
  // it would run past the window's right edge.
  function place(link) {
    link.style.setProperty("--mems-tip-x", "0px");
    var tip = getComputedStyle(link, "::after");
    var width = parseFloat(tip.width);
    if (!width) return;
    var left = link.getClientRects()[0] || link.getBoundingClientRect();
    var room = document.documentElement.clientWidth - MARGIN - (left.left + width);
    var shift = Math.max(Math.min(0, room), MARGIN - left.left);
    link.style.setProperty("--mems-tip-x", shift + "px");
  }

  function tipOf(target) {
    return target && target.closest ? target.closest("a.mems-q[data-tip]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = tipOf(event.target);
    if (link) place(link);
  });
  document.addEventListener("focusin", function (event) {
    var link = tipOf(event.target);
    if (link) place(link);
  });
  document.addEventListener("click", function (event) {
    var link = tipOf(event.target);
    if (open && open !== link) { open.classList.remove("mems-q--open"); open = null; }
    if (!link || !window.matchMedia("(hover: none)").matches) return;
    if (link !== open) {
      event.preventDefault();
      link.classList.add("mems-q--open");
      open = link;
      place(link);
    }
  });

  // The element a link's fragment names: a check inside a closed summary opens it; a table row
  // scrolls its frame sideways so that the value cell (the column "value", else the first number)
  // is on screen, beside the sticky first column.
  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
    if (target.tagName === "TR") {
      var table = target.closest("table");
      var heads = table && table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
      var index = heads.findIndex(function (th) { return th.getAttribute("data-field") === "value"; });
      if (index < 0) index = heads.findIndex(function (th, i) { return i > 0 && th.classList.contains("mems-num"); });
      var cell = index >= 0 ? target.cells[index] : null;
      var frame = target.closest(".mems-scroll");
      if (cell && frame) {
        var sticky = target.cells[0].getBoundingClientRect().width;
        var over = cell.getBoundingClientRect().right - frame.getBoundingClientRect().right;
        var under = frame.getBoundingClientRect().left + sticky - cell.getBoundingClientRect().left;
        if (over > 0) frame.scrollLeft += over + MARGIN;
        else if (under > 0) frame.scrollLeft -= under + MARGIN;
        Array.prototype.forEach.call(document.querySelectorAll(".mems-cell--target"), function (c) {
          c.classList.remove("mems-cell--target");
        });
        cell.classList.add("mems-cell--target");
      }
    }
    target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", showTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showTarget);
  else showTarget();
})();
