/* How this site adapts Material's search, loaded before Material's own script (extra.polyfills).

   1. Queries are cut as the index is. The index (built with jieba and the field's words, see
      macros/build/search_terms.py) has "MEMS" and "传感器" as two words, and 长三角 as one. Material's
      search worker sends a query's Chinese through a segmenter that never lets a word reach the
      last character of the query (it relies on a trailing wildcard), so that 长三角 became
      长* 三* and 压力传感器 became 压力* 传感*; and it leaves "MEMS传感器" or "6寸" as one word
      that the index does not have. Each query is therefore rewritten on its way to the worker:
      a space between Chinese and Latin letters or digits, and one character after each run of
      Chinese, which the segmenter drops, so that it can match the whole run. A size in 寸 (6寸)
      stays one word, as the index has it (macros/build/search_terms.py); 8英寸 is 8 and 英寸.

   2. Nothing of search is loaded until the reader starts to search: the search field gets focus
      (click, tap, the s / f / "/" keys, or a ?q= link). Over http, Material requests
      search_index.json as every page loads; that request waits here. From disk, Material loads the
      index as a script (search/search_index.js) into every page and starts its worker in a hidden
      frame (iframe-worker's shim), which builds the whole index: a megabyte of script and an index
      built for each page opened, for a reader who may never search. The script waits here as the
      request does, and so does the worker (from disk, the frame). */
(function () {
  "use strict";

  var QUERY = 2; // SearchMessageType.QUERY in Material's worker protocol
  var DROPPED = "\u3007"; // 〇: a Chinese character the segmenter cuts off, never searched

  function rewrite(query) {
    return query
      .replace(/(\p{sc=Han})(?=[A-Za-z0-9])|([A-Za-z0-9])(?=(?!寸)\p{sc=Han})/gu, "$1$2 ")
      .replace(/([0-9]寸)(?=\p{sc=Han})/gu, "$1 ")
      .replace(/\p{sc=Han}{2,}/gu, function (run) { return run + DROPPED; });
  }

  var started = false;
  var waiting = [];
  function whenSearching(run) {
    if (started) run();
    else waiting.push(run);
  }
  function start() {
    started = true;
    waiting.splice(0).forEach(function (run) { run(); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) start();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) start();
  });

  function isIndex(url, name) {
    return new URL(url, location.href).pathname.endsWith("/search/" + name);
  }

  // Over http: the request for the index.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.memsSearchIndex = isIndex(url, "search_index.json");
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!this.memsSearchIndex) return send.apply(this, arguments);
    var request = this;
    var args = arguments;
    whenSearching(function () { send.apply(request, args); });
    return undefined;
  };

  // From disk: the index's script, which the theme adds to <head> and waits for.
  var append = document.head.appendChild;
  document.head.appendChild = function (node) {
    if (node instanceof HTMLScriptElement && node.src && isIndex(node.src, "search_index.js")) {
      whenSearching(append.bind(this, node));
      return node;
    }
    return append.call(this, node);
  };

  // The worker (from disk, the shim's hidden frame), made when the theme first writes to it, which
  // is when the index has come; each query is rewritten on its way to it (1).
  var Eager = window.Worker;
  window.Worker = function (url) {
    var lazy = new EventTarget();
    var worker = null;
    lazy.postMessage = function (message) {
      if (!worker) {
        worker = new Eager(url);
        worker.addEventListener("message", function (event) {
          lazy.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
      }
      if (message && message.type === QUERY && typeof message.data === "string") {
        message = { type: QUERY, data: rewrite(message.data) };
      }
      worker.postMessage(message);
    };
    lazy.terminate = function () {
      if (worker) worker.terminate();
    };
    return lazy;
  };
})();
