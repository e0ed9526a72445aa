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

   2. The index is fetched when the reader starts to search. Over http, Material requests
      search_index.json as every page loads; that request waits here until the search field
      gets focus (click, tap, the s / f / "/" keys, or a ?q= link). From disk, Material loads the
      index as a script (search/search_index.js) with the page, which this does not hold back. */
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

  // From disk the iframe-worker shim has replaced Worker already: wrap whichever is in place.
  var post = window.Worker.prototype.postMessage;
  window.Worker.prototype.postMessage = function (message) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      arguments[0] = { type: QUERY, data: rewrite(message.data) };
    }
    return post.apply(this, arguments);
  };

  var started = false;
  var waiting = [];
  function start() {
    started = true;
    waiting.splice(0).forEach(function (send) { send(); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]")) start();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) start();
  });

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.memsSearchIndex = /\/search\/search_index\.json$/.test(new URL(url, location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (request.memsSearchIndex && !started) {
      waiting.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(request, args);
  };
})();
