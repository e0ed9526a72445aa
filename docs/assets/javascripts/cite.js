/* Citations: fill in the access date with today's date (the build cannot know it) and copy a
   citation with one click. A classic script, so that it runs from file:// too. */
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today(style) {
    var d = new Date();
    // APA's "May 1, 2026": the browser's own English month names, not a second list beside Python's.
    if (style === "apa") return d.toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric" });
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Older browsers, and pages where the clipboard API is not offered: a selected textarea.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = document.execCommand("copy");
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  // The dates are filled in when a citation is first opened (or the page printed, which shows
  // them), not at load: a page cites itself in a dozen places, and the first English date a page
  // formats costs a phone ~100 ms of loading the browser's locale data before it can paint.
  var dates = {};
  function fillDates(root) {
    root.querySelectorAll(".mems-cite__date").forEach(function (span) {
      var style = span.dataset.style;
      if (!(style in dates)) dates[style] = today(style);
      span.textContent = dates[style];
    });
  }
  function openingCitation(event) {
    var block = event.target.closest && event.target.closest("details.mems-cite");
    if (block) fillDates(block);
  }
  function start() {
    // A click on the summary comes before the citation opens; toggle (which does not bubble, so it
    // is caught on its way down) covers a citation opened otherwise, e.g. by find in page.
    document.addEventListener("click", openingCitation, true);
    document.addEventListener("toggle", openingCitation, true);
    window.addEventListener("beforeprint", function () { fillDates(document); });
    document.querySelectorAll(".mems-cite__copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var entry = button.closest(".mems-cite__entry");
        var status = button.closest(".mems-cite").querySelector(".mems-cite__status");
        var text = entry.querySelector(".mems-cite__text").textContent;
        copy(text).then(function () {
          status.textContent = "已复制到剪贴板。";
        }, function () {
          status.textContent = "无法自动复制，请选中上面的文字手动复制。";
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
