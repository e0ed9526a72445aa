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
  function start() {
    document.querySelectorAll(".mems-cite__date").forEach(function (span) {
      span.textContent = today(span.dataset.style);
    });
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
