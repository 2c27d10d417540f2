/* Reading paths: progress ticks kept in this browser, and "where am I" on the pages of a path.
 *
 * On a reading path page (lists with data-mof-path="<role id>", generated from
 * macros/templates/reading-path.md.j2) each step's box is saved in localStorage under
 * "mof-reading:<role id>:<page path from the site root>", the progress line and the "continue"
 * button follow the ticks, and the path becomes the active one ("mof-reading:active").
 * On any other page of the active path, a bar under the title shows the step number, the
 * previous and next pages and the same box. No framework, no network, no inline handlers;
 * works from file:// (falls back to memory where storage is refused).
 */
(function () {
  "use strict";

  var PREFIX = "mof-reading:";
  var saved = window.mofStore(PREFIX); // store.js
  var get = saved.get;
  var set = saved.set;
  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }
  function tickKey(role, step) {
    return PREFIX + role + ":" + step;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* ---- A reading path page ---- */
  function initPath(lists) {
    var role = lists[0].getAttribute("data-mof-path");
    var pageList = lists.filter(function (l) { return l.hasAttribute("data-mof-home"); })[0] || lists[0];
    var bar = document.querySelector("[data-mof-path-bar]");
    var progress = bar && bar.querySelector("[data-mof-progress]");
    var next = bar && bar.querySelector("[data-mof-continue]");
    var reset = bar && bar.querySelector("[data-mof-reset]");
    var items = [];
    lists.forEach(function (list) {
      all(list, "li[data-mof-step]").forEach(function (li) {
        var box = li.querySelector("input.mof-tick");
        var link = li.querySelector("a");
        if (!box || !link) return;
        items.push({ li: li, box: box, link: link, key: li.getAttribute("data-mof-step"),
                     page: list === pageList });
      });
    });

    function update() {
      var pages = items.filter(function (i) { return i.page; });
      var terms = items.filter(function (i) { return !i.page; });
      var read = pages.filter(function (i) { return i.box.checked; }).length;
      var learnt = terms.filter(function (i) { return i.box.checked; }).length;
      items.forEach(function (i) { i.li.classList.toggle("mof-done", i.box.checked); });
      if (progress) {
        progress.textContent = read + " of " + pages.length + " pages read" +
          (terms.length ? ", " + learnt + " of " + terms.length + " terms learnt." : ".");
      }
      if (next) {
        var first = pages.filter(function (i) { return !i.box.checked; })[0] ||
                    terms.filter(function (i) { return !i.box.checked; })[0];
        if (first) {
          next.href = first.link.href;
          next.textContent = (read || learnt ? "Continue with " : "Start with ") + first.link.textContent;
          next.hidden = false;
        } else {
          next.hidden = true;
        }
      }
      if (reset) reset.hidden = !(read || learnt);
    }

    items.forEach(function (i) {
      i.box.checked = get(tickKey(role, i.key)) === "1";
      i.box.addEventListener("change", function () {
        set(tickKey(role, i.key), i.box.checked ? "1" : null);
        update();
      });
    });
    if (reset) {
      reset.addEventListener("click", function () {
        items.forEach(function (i) { i.box.checked = false; set(tickKey(role, i.key), null); });
        update();
      });
    }
    update();

    // This path becomes the active one: its pages show where the reader is.
    set(PREFIX + "active", JSON.stringify({
      role: role,
      name: pageList.getAttribute("data-mof-role") || role,
      home: pageList.getAttribute("data-mof-home") || "",
      steps: items.filter(function (i) { return i.page; }).map(function (i) {
        return { key: i.key, title: i.link.textContent };
      })
    }));
  }

  /* ---- Any other page: the bar for the active path ---- */
  function currentKey(scope) {
    var here = location.href.split("#")[0].split("?")[0];
    if (here.indexOf(scope.href) !== 0) return null;
    var key = decodeURIComponent(here.slice(scope.href.length));
    return key === "" || key.slice(-1) === "/" ? key + "index.html" : key;
  }

  function initBar() {
    var scope = window.__md_scope;
    var article = document.querySelector(".md-content article");
    var active;
    try { active = JSON.parse(get(PREFIX + "active") || "null"); } catch (e) { active = null; }
    if (!scope || !article || !active || !Array.isArray(active.steps)) return;
    var key = currentKey(scope);
    var index = -1;
    active.steps.forEach(function (s, i) { if (index < 0 && s.key === key) index = i; });
    if (index < 0) return;

    var steps = active.steps;
    var nav = el("nav", "mof-path-here");
    nav.setAttribute("aria-label", "Reading path");
    var where = el("p", "mof-path-here-where");
    var home = el("a", "", "Reading path for " + active.name);
    home.href = new URL(active.home, scope).href;
    where.appendChild(home);
    where.appendChild(document.createTextNode(": page " + (index + 1) + " of " + steps.length));
    nav.appendChild(where);

    var links = el("p", "mof-path-here-links");
    if (index > 0) {
      var prev = el("a", "mof-path-prev", "← Previous: " + steps[index - 1].title);
      prev.href = new URL(steps[index - 1].key, scope).href;
      prev.rel = "prev";
      links.appendChild(prev);
    }
    var label = el("label", "mof-path-here-tick");
    var box = el("input", "mof-tick");
    box.type = "checkbox";
    box.checked = get(tickKey(active.role, key)) === "1";
    box.addEventListener("change", function () {
      set(tickKey(active.role, key), box.checked ? "1" : null);
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" I have read this page"));
    links.appendChild(label);
    var after = index + 1 < steps.length
      ? el("a", "mof-path-next", "Next: " + steps[index + 1].title + " →")
      : el("a", "mof-path-next", "Back to your reading path →");
    after.href = index + 1 < steps.length ? new URL(steps[index + 1].key, scope).href : home.href;
    if (index + 1 < steps.length) after.rel = "next";
    links.appendChild(after);
    nav.appendChild(links);

    var h1 = article.querySelector("h1");
    if (h1 && h1.parentNode) h1.parentNode.insertBefore(nav, h1.nextSibling);
    else article.insertBefore(nav, article.firstChild);
  }

  var lists = all(document, "[data-mof-path]");
  if (lists.length) initPath(lists); else initBar();
})();
