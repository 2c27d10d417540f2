/* The search index on demand: nothing of search is downloaded until the reader uses the box.
 *
 * Material 9.8.1 fetches search/search_index.json (about 1.2 MB) and starts its search worker
 * (lunr, 40 KB) as soon as a page loads. This script, which runs before Material's bundle
 * (theme/main.html), holds three things back until the reader focuses the search box or opens
 * search (the #__search toggle, the "/" "s" "f" keys, a ?q= or ?h= address):
 *   - over http(s), the XMLHttpRequest Material opens for search/search_index.json: sent later;
 *   - from file://, the <script src=".../search/search_index.js"> Material adds to <head>
 *     (the offline plugin's copy of the index): added later;
 *   - the search worker: created with the first message Material posts to it (which it does
 *     only once the index has arrived).
 * Material's own code is not changed; it sees a slow request. No network of its own; no eval.
 * Each query goes through pbSearchQuery (search-query.js) on its way to the worker. A large
 * site served over http(s) is searched with Pagefind (search-pagefind.js).
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.js(on)?$/;
  var WORKER = /\/assets\/javascripts\/workers\/search\.[^/]*\.js$/;
  var open = false;
  var waiting = [];

  function pathOf(url) {
    try { return new URL(String(url), location.href).pathname; } catch (e) { return ""; }
  }
  function release() {
    if (open) return;
    open = true;
    var run = waiting;
    waiting = [];
    run.forEach(function (go) { go(); });
  }
  function later(go) {
    if (open) { go(); } else { waiting.push(go); }
  }

  // The 404 page's form (?q=) and a search result's page (?h=, search.highlight) need it now.
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) open = true;

  // Over http(s): Material's request for search_index.json waits.
  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  // A large site answers with Pagefind instead (search-pagefind.js): Material then gets the
  // index's settings without its documents.
  XMLHttpRequest.prototype.open = function (method, url) {
    this.pbSearchIndex = INDEX.test(pathOf(url));
    this.pbSearchUrl = url;
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (!xhr.pbSearchIndex) return xhrSend.apply(xhr, args);
    later(function () {
      var url = new URL(String(xhr.pbSearchUrl), location.href).href;
      var base = url.replace(/search\/search_index\.json([?#].*)?$/, "");
      pbPagefind.probe(base, function (sharded) {
        if (sharded) xhrOpen.call(xhr, "GET", base + "search/search_index.stub.json");
        xhrSend.apply(xhr, args);
      });
    });
  };

  // From file://: the offline plugin's search_index.js script waits.
  var head = document.head;
  var append = head.appendChild;
  head.appendChild = function (node) {
    if (node && node.tagName === "SCRIPT" && INDEX.test(pathOf(node.src))) {
      later(function () { append.call(head, node); });
      return node;
    }
    return append.call(this, node);
  };

  // The search worker starts with its first message. window.Worker is the iframe-worker shim
  // from file:// (it loads before this script) and the browser's Worker otherwise.
  var Real = window.Worker;
  if (Real) {
    window.Worker = function (url, options) {
      if (!WORKER.test(pathOf(url))) return new Real(url, options);
      var events = new EventTarget();
      var worker = null;
      events.postMessage = function (data, transfer) {
        // Material's query messages (type 2) go through pbSearchQuery (search-query.js).
        if (data && data.type === 2) data = { type: 2, data: pbSearchQuery.rewrite(data.data) };
        if (!worker) {
          worker = pbPagefind.active() ? pbPagefind.worker() : new Real(url, options);
          worker.addEventListener("message", function (e) {
            events.dispatchEvent(new MessageEvent("message", { data: e.data }));
          });
          worker.addEventListener("error", function (e) {
            events.dispatchEvent(new ErrorEvent("error", { message: e.message, error: e.error }));
          });
        }
        if (transfer) { worker.postMessage(data, transfer); } else { worker.postMessage(data); }
      };
      events.terminate = function () { if (worker) worker.terminate(); };
      return events;
    };
  }

  // The reader reaches for search: focus on the box, or the search toggle switched on.
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.matches && e.target.matches("[data-md-component=search-query]")) {
      release();
    }
  }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search" && e.target.checked) release();
  }, true);
})();
