/* The sharded search of large sites, over http(s): Pagefind answers the search box.
 *
 * A large build (macros/search_shards.py) writes pagefind/ beside Material's one-file index. When
 * the reader first reaches for search, search-on-demand.js asks pbPagefind.probe whether the
 * site has it (one small request for search/shards.json); if so, Material's page
 * script is given search/search_index.stub.json (settings, no documents) instead of the whole
 * index, and pbPagefind.worker stands in for Material's search worker: it answers the setup
 * message at once and each query with Pagefind's results in the worker's format (one group per
 * page: the page, then up to three of its sections). Pagefind loads only the index fragments of
 * the words searched. From file:// nothing changes: Material's search and the whole index.
 * The newest query wins: an older one's answer, arriving late, is dropped.
 */
var pbPagefind = (function () {
  "use strict";

  var root = "";      // the site's root URL, with a trailing slash
  var on = false;
  var lib = null;     // the Pagefind module, once imported
  var latest = 0;

  // search/shards.json says whether the site has it: {"sharded": false} from the theme, which
  // the build overwrites when it writes pagefind/ (macros/search_shards.py).
  function probe(base, done) {
    if (!/^https?:$/.test(location.protocol)) { done(false); return; }
    fetch(base + "search/shards.json").then(function (r) {
      return r.ok ? r.json() : {};
    }).then(function (found) {
      on = found.sharded === true;
      root = base;
      done(on);
    }, function () { done(false); });
  }

  function load() {
    if (!lib) lib = import(root + "pagefind/pagefind.js");
    return lib;
  }

  // Pagefind's URL (the build's "/reviews/x.html#y" under the site's path, which Pagefind
  // prefixes: "/ops/playbook/reviews/x.html#y") -> Material's location ("reviews/x.html#y").
  function location_(url) {
    var path = new URL(root).pathname;
    url = String(url);
    return url.indexOf(path) === 0 ? url.slice(path.length) : url.replace(/^\//, "");
  }

  function results(query) {
    return load().then(function (pf) { return pf.search(query); }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      return pages.map(function (page, i) {
        var where = location_(page.url);
        var score = pages.length - i;
        var group = [{ location: where, title: page.meta.title || where, text: page.excerpt,
                       score: score, terms: {} }];
        (page.sub_results || []).forEach(function (s) {
          var at = location_(s.url);
          if (at !== where && s.title !== page.meta.title && group.length < 4) {
            group.push({ location: at, title: s.title, text: s.excerpt, score: score, terms: {} });
          }
        });
        return group;
      });
    });
  }

  // Stands in for Material's search worker (its messages: 0 setup, 1 ready, 2 query, 3 result).
  function worker() {
    var events = new EventTarget();
    function reply(message) {
      events.dispatchEvent(new MessageEvent("message", { data: message }));
    }
    events.postMessage = function (data) {
      if (data && data.type === 0) { setTimeout(function () { reply({ type: 1 }); }); return; }
      if (!data || data.type !== 2) return;
      var mine = ++latest;
      results(data.data).then(function (items) {
        if (mine === latest) reply({ type: 3, data: { items: items } });
      }, function (err) {
        if (window.console) console.warn("Pagefind search failed:", err);
        if (mine === latest) reply({ type: 3, data: { items: [] } });
      });
    };
    events.terminate = function () {};
    return events;
  }

  return { probe: probe, active: function () { return on; }, worker: worker };
})();
