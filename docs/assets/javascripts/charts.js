// Charts arrive as static SVG, drawn before any script runs. Once a chart comes into view this
// script makes it live (tooltips): it loads the chart's spec and the locally shipped vega bundle,
// each a classic script (pages opened from disk may load scripts, not fetch files).
(function () {
  "use strict";
  var script = document.currentScript;
  var bundleUrl = script && script.getAttribute("data-vega");
  var loaded = {};

  function loadScript(url) {
    if (!loaded[url]) {
      loaded[url] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loaded[url];
  }

  // The column width from which the wide layout shows: the width the build draws it at, given on the
  // script's tag (figures.css says the same for the static SVGs).
  var WIDE = Number(script.getAttribute("data-wide"));

  function layoutFor(view) {
    return view.clientWidth >= WIDE ? "wide" : "narrow";
  }

  // Draw the live chart in the layout that suits the container's width, replacing the one before.
  function draw(figure, view, specs) {
    var layout = layoutFor(view);
    if (figure.memsLayout === layout) return Promise.resolve();
    figure.memsLayout = layout;
    var holder = document.createElement("div");
    return window.vegaEmbed(holder, specs[layout], { actions: false, renderer: "svg", tooltip: true }).then(function (result) {
      var before = view.querySelector(":scope > .vega-embed");
      if (before) before.remove();
      if (figure.memsView) figure.memsView.finalize();
      figure.memsView = result.view;
      view.appendChild(holder);
      figure.setAttribute("data-live-layout", layout);
      figure.setAttribute("data-interactive", "yes");
    });
  }

  function upgrade(figure) {
    var view = figure.querySelector(".mems-chart__view");
    var name = figure.getAttribute("data-chart");
    var specUrl = figure.getAttribute("data-spec");
    if (!view || !specUrl || figure.getAttribute("data-interactive")) return;
    figure.setAttribute("data-interactive", "loading");
    Promise.all([loadScript(specUrl), loadScript(bundleUrl)]).then(function () {
      var specs = (window.memsChartSpecs || {})[name];
      if (!specs || !window.vegaEmbed) throw new Error("chart " + name + ": spec or vega missing");
      return draw(figure, view, specs).then(function () {
        if ("ResizeObserver" in window) {
          new ResizeObserver(function () { draw(figure, view, specs); }).observe(view);
        }
      });
    }).catch(function () {
      // The static SVG stays: the chart is still there, only without tooltips.
      figure.setAttribute("data-interactive", "failed");
    });
  }

  function observe(figures) {
    if (!("IntersectionObserver" in window)) { figures.forEach(upgrade); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); upgrade(entry.target); }
      });
    }, { rootMargin: "200px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  // The static SVG already is the chart; the live copy only adds tooltips. So vega is loaded once
  // the reader does something (scrolls, moves the pointer, touches, types), never while the page
  // paints for the first time: a chart at the top of a phone screen then costs the first paint nothing.
  var READER_EVENTS = ["scroll", "wheel", "pointermove", "pointerdown", "touchstart", "keydown", "focusin"];

  function start() {
    var figures = Array.prototype.slice.call(document.querySelectorAll(".mems-chart"));
    if (!figures.length) return;
    var begun = false;
    function begin() {
      if (begun) return;
      begun = true;
      READER_EVENTS.forEach(function (name) { window.removeEventListener(name, begin, true); });
      observe(figures);
    }
    READER_EVENTS.forEach(function (name) {
      window.addEventListener(name, begin, { capture: true, passive: true });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
