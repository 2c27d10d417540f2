/* Role filter and sticky header for the RACI and role matrices (macros/templates/raci-table.html.j2).
 *
 * Progressive enhancement: the filter controls are rendered `hidden` and shown here, so without
 * JavaScript the full table is all a reader sees. The markup contract:
 *   <select class="mof-matrix-filter" data-matrix="TABLE-ID">  options are role ids, in
 *     <optgroup>s by accountability
 *   <table id="TABLE-ID" data-role-axis="col|row">  roles are the columns or the rows
 *   cells (axis col) or rows (axis row) carry data-role="ROLE-ID"
 *   <input type="checkbox" class="mof-matrix-hide-proposed" data-matrix="TABLE-ID">  optional;
 *   RACI rows carry data-basis="stated|derived|proposed"
 * With roles as columns, choosing a role keeps its column and the rows where it has a letter.
 * Ticking "Hide proposed rows" also hides the rows whose basis is proposed.
 *
 * The chosen role is kept in the address (?role=ROLE-ID, so a link shows the same view) and
 * remembered for the other matrix pages of this copy of the site (store.js, under
 * "<site path>mof-matrix-role"). On a page, the address wins over the remembered role; a role
 * the page's matrix does not hold shows the whole matrix (and stays remembered).
 *
 * The header row stays under Material's header while the page scrolls: the matrix's box scrolls
 * sideways only (so the wheel scrolls the page), which also makes the box the header's scroll
 * container for `position: sticky`; so the header row is moved down by a transform instead.
 */
(function () {
  "use strict";

  var KEY = "mof-matrix-role";

  function setHidden(el, hide) {
    if (hide) { el.setAttribute("hidden", ""); } else { el.removeAttribute("hidden"); }
  }

  function siteScope() {
    // Material's own scope (md-scope.js) where present, else this page's folder.
    var scope = window.__md_scope;
    return scope && scope.pathname ? scope.pathname : new URL("./", window.location.href).pathname;
  }

  var store = window.mofStore ? window.mofStore(KEY + ":") : null;
  function remembered() {
    return store ? store.get(siteScope() + KEY) || "" : "";
  }
  function remember(role) {
    if (store) { store.set(siteScope() + KEY, role || null); }
  }

  function fromAddress() {
    try {
      return new URL(window.location.href).searchParams.get("role");
    } catch (e) {
      return null;
    }
  }
  function toAddress(role) {
    if (!window.history || !window.history.replaceState) { return; }
    try {
      var url = new URL(window.location.href);
      if (role) { url.searchParams.set("role", role); } else { url.searchParams.delete("role"); }
      if (url.href !== window.location.href) { window.history.replaceState(window.history.state, "", url.href); }
    } catch (e) { /* file:// in some browsers: the address stays as it is */ }
  }

  function holds(select, role) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === role) { return true; }
    }
    return false;
  }

  function apply(select) {
    var table = document.getElementById(select.getAttribute("data-matrix"));
    if (!table) { return; }
    var role = select.value;
    var rows = table.querySelectorAll("tbody tr.mof-matrix-row");
    var shown = 0;
    var tools = select.closest("[data-matrix-tools]");
    var toggle = tools ? tools.querySelector("input.mof-matrix-hide-proposed") : null;
    var hideProposed = !!(toggle && toggle.checked);
    function basisKeeps(tr) {
      return !(hideProposed && tr.getAttribute("data-basis") === "proposed");
    }
    if (table.getAttribute("data-role-axis") === "col") {
      table.querySelectorAll("th[data-role], td[data-role]").forEach(function (cell) {
        setHidden(cell, role !== "" && cell.getAttribute("data-role") !== role);
      });
      rows.forEach(function (tr) {
        var keep = role === "";
        if (!keep) {
          tr.querySelectorAll("td[data-role]").forEach(function (td) {
            if (td.getAttribute("data-role") === role && td.textContent.trim() !== "") { keep = true; }
          });
        }
        keep = keep && basisKeeps(tr);
        setHidden(tr, !keep);
        if (keep) { shown += 1; }
      });
      // A process heading stays only while one of its activities is shown.
      table.querySelectorAll("tbody").forEach(function (body) {
        var heading = body.querySelector("tr.mof-matrix-group");
        if (heading) { setHidden(heading, !body.querySelector("tr.mof-matrix-row:not([hidden])")); }
      });
    } else {
      rows.forEach(function (tr) {
        var keep = (role === "" || tr.getAttribute("data-role") === role) && basisKeeps(tr);
        setHidden(tr, !keep);
        if (keep) { shown += 1; }
      });
    }
    var status = select.parentNode.querySelector(".mof-matrix-status");
    if (status) {
      var label = select.options[select.selectedIndex].text;
      status.textContent = role === "" && !hideProposed ? "" :
        "Showing " + shown + " of " + rows.length + " rows" +
        (role === "" ? "" : " for " + label) + (hideProposed ? ", proposed rows hidden" : "") + ".";
    }
    stick();
  }

  // --- The header row under Material's header -------------------------------------------------
  var tables = [];
  var queued = false;
  function stick() {
    queued = false;
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    tables.forEach(function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head) { return; }
      var box = table.getBoundingClientRect();
      var headTop = box.top + (table.caption ? table.caption.getBoundingClientRect().height : 0);
      var room = box.bottom - headTop - head.getBoundingClientRect().height;
      var shift = Math.max(0, Math.min(top - headTop, room));
      head.style.transform = shift > 0 ? "translateY(" + Math.round(shift) + "px)" : "";
      table.classList.toggle("mof-matrix-stuck", shift > 0);
    });
  }
  function queue() {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(stick);
    }
  }
  window.addEventListener("scroll", queue, { passive: true });
  window.addEventListener("resize", queue);

  function init() {
    tables = Array.prototype.slice.call(document.querySelectorAll("table.mof-matrix"));
    var wanted = fromAddress();
    document.querySelectorAll("select.mof-matrix-filter").forEach(function (select) {
      if (select.getAttribute("data-bound") === "1") { return; }
      select.setAttribute("data-bound", "1");
      select.addEventListener("change", function () {
        remember(select.value);
        toAddress(select.value);
        apply(select);
      });
      var tools = select.closest("[data-matrix-tools]");
      if (tools) {
        tools.removeAttribute("hidden");
        var toggle = tools.querySelector("input.mof-matrix-hide-proposed");
        if (toggle) { toggle.addEventListener("change", function () { apply(select); }); }
      }
      // The address, else the role remembered from another matrix page, else what the browser
      // restored on back/forward.
      var role = wanted !== null ? wanted : remembered();
      if (role && holds(select, role)) {
        select.value = role;
      } else if (wanted !== null) {
        select.value = "";
      }
      if (wanted !== null && wanted !== "") { remember(wanted); }
      toAddress(select.value);
      apply(select);
    });
    stick();
  }

  // Material's document$ fires on every page view (also with instant loading).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
