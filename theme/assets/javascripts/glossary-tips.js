/* Glossary in context: the definition of a term on hover and on keyboard focus.
 *
 * Reads window.mofGlossary (glossary/terms.js, generated from data/glossary.yaml). In the page's
 * content it (1) gives every link to a glossary entry the term's definition as its title and
 * (2) links the first use of each term in running text to its entry, with the same title.
 * Material's `content.tooltips` turns each title into a tooltip element (role="tooltip", referred
 * to by the link's aria-describedby) shown on hover and on focus; without Material's script the
 * browser's own title tooltip remains. Text is only ever set through DOM properties (no HTML).
 *
 * It runs at once, not on DOMContentLoaded: Material mounts its tooltips on DOMContentLoaded, and
 * must find the titles already there. No network; works from file://.
 */
(function () {
  "use strict";

  var data = window.mofGlossary;
  var scope = window.__md_scope; // the site root, set by md-scope.js
  var content = document.querySelector(".md-content article") ||
                document.querySelector(".md-content");
  if (!data || !data.terms || !scope || !content) return;

  // Where links must not be added: headings, links, code, form controls and their labels,
  // diagrams, printed sheets, and anything that opts out.
  var SKIP = "a, h1, h2, h3, h4, h5, h6, code, pre, kbd, script, style, svg, label, button, " +
             "input, textarea, select, summary, abbr, .md-tags, .headerlink, .mof-sheet, " +
             "[data-mof-no-tips]";

  var glossary = new URL(data.page, scope);
  var byId = {};
  var byWord = {};
  var words = [];
  // A glossary in parts: a term's entry is on its part's page (t.page), else on the glossary's.
  var pages = {};
  pages[glossary.pathname] = true;
  data.terms.forEach(function (t) {
    byId[t.id] = t;
    t.url = t.page ? new URL(t.page, scope) : glossary;
    pages[t.url.pathname] = true;
    (t.words || [t.name]).forEach(function (w) {
      var key = w.toLowerCase();
      if (!(key in byWord)) { byWord[key] = t.id; words.push(w); }
    });
  });

  function samePage(url, page) {
    return url.protocol === page.protocol && url.host === page.host &&
           url.pathname === page.pathname;
  }
  var here = new URL(location.href);
  var onGlossary = here.protocol === glossary.protocol && here.host === glossary.host &&
                   pages[here.pathname] === true;

  // Some terms show up in context already linked: decorate those links.
  var linked = {};
  Array.prototype.forEach.call(content.querySelectorAll("a[href*='#']"), function (a) {
    var url;
    try { url = new URL(a.getAttribute("href"), location.href); } catch (e) { return; }
    var term = byId[decodeURIComponent(url.hash.slice(1))];
    if (!term || !samePage(url, term.url)) return;
    linked[term.id] = true;
    if (a.closest("[data-mof-no-tips]")) return;
    a.classList.add("mof-term");
    if (!a.hasAttribute("title") && term.definition) a.title = term.definition;
  });
  if (onGlossary || !words.length) return;

  // Longest first, so "service level agreement" wins over "service level".
  words.sort(function (a, b) { return b.length - a.length; });
  var escaped = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  var pattern;
  try {
    pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + escaped.join("|") + ")(?![\\p{L}\\p{N}])", "giu");
  } catch (e) {
    return; // a browser without look-behind: keep the decorated links only
  }

  function makeLink(term, text) {
    var a = document.createElement("a");
    a.className = "mof-term mof-term-auto";
    a.href = term.url.href.split("#")[0] + "#" + encodeURIComponent(term.id);
    a.textContent = text;
    if (term.definition) a.title = term.definition;
    return a;
  }

  var nodes = [];
  var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      if (!node.nodeValue.trim()) return NodeFilter.FILTER_REJECT;
      var parent = node.parentElement;
      return parent && !parent.closest(SKIP) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    }
  });
  while (walker.nextNode()) nodes.push(walker.currentNode);

  nodes.forEach(function (node) {
    var text = node.nodeValue;
    var pieces = [];
    var last = 0;
    var m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text))) {
      var id = byWord[m[0].toLowerCase()];
      if (!id || linked[id]) continue;
      linked[id] = true;
      pieces.push(document.createTextNode(text.slice(last, m.index)), makeLink(byId[id], m[0]));
      last = m.index + m[0].length;
    }
    if (!pieces.length) return;
    pieces.push(document.createTextNode(text.slice(last)));
    var fragment = document.createDocumentFragment();
    pieces.forEach(function (p) { fragment.appendChild(p); });
    node.parentNode.replaceChild(fragment, node);
  });
})();
