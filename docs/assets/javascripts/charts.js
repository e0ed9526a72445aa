// Charts arrive as static SVG. This script makes them interactive (tooltips) by loading the
// locally shipped vega bundle once a chart comes into view, and wires the SVG download links.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundleUrl = script && script.getAttribute("data-vega");
  var loading = null;

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve(window.vegaEmbed);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = bundleUrl;
        tag.onload = function () { resolve(window.vegaEmbed); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function wireDownload(figure) {
    var link = figure.querySelector(".mems-svg-link");
    var svg = figure.querySelector(".mems-chart__view svg");
    if (!link || !svg) return;
    var text = new XMLSerializer().serializeToString(svg);
    link.href = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
  }

  function upgrade(figure) {
    var view = figure.querySelector(".mems-chart__view");
    var specTag = figure.querySelector(".mems-chart__spec");
    if (!view || !specTag || figure.getAttribute("data-interactive")) return;
    figure.setAttribute("data-interactive", "loading");
    var spec = JSON.parse(specTag.textContent);
    loadVega().then(function (vegaEmbed) {
      var holder = document.createElement("div");
      return vegaEmbed(holder, spec, { actions: false, renderer: "svg", tooltip: true }).then(function () {
        var staticSvg = view.querySelector("svg");
        if (staticSvg) staticSvg.style.display = "none";
        view.appendChild(holder);
        figure.setAttribute("data-interactive", "yes");
      });
    }).catch(function () {
      // The static SVG stays: the chart is still there, only without tooltips.
      figure.setAttribute("data-interactive", "failed");
    });
  }

  function start() {
    var figures = document.querySelectorAll(".mems-chart");
    figures.forEach(wireDownload);
    if (!("IntersectionObserver" in window)) { figures.forEach(upgrade); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); upgrade(entry.target); }
      });
    }, { rootMargin: "200px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
