/* Role filter for the RACI and role matrices (macros/templates/raci-table.html.j2).
 *
 * Progressive enhancement: the filter controls are rendered `hidden` and shown here, so without
 * JavaScript the full table is all a reader sees. The markup contract:
 *   <select class="mof-matrix-filter" data-matrix="TABLE-ID">  options are role ids
 *   <table id="TABLE-ID" data-role-axis="col|row">  roles are the columns or the rows
 *   cells (axis col) or rows (axis row) carry data-role="ROLE-ID"
 *   <input type="checkbox" class="mof-matrix-hide-proposed" data-matrix="TABLE-ID">  optional;
 *   RACI rows carry data-basis="stated|derived|proposed"
 * With roles as columns, choosing a role keeps its column and the rows where it has a letter.
 * Ticking "Hide proposed rows" also hides the rows whose basis is proposed.
 */
(function () {
  "use strict";

  function setHidden(el, hide) {
    if (hide) { el.setAttribute("hidden", ""); } else { el.removeAttribute("hidden"); }
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
  }

  function init() {
    document.querySelectorAll("select.mof-matrix-filter").forEach(function (select) {
      if (select.getAttribute("data-bound") === "1") { return; }
      select.setAttribute("data-bound", "1");
      select.addEventListener("change", function () { apply(select); });
      var tools = select.closest("[data-matrix-tools]");
      if (tools) {
        tools.removeAttribute("hidden");
        var toggle = tools.querySelector("input.mof-matrix-hide-proposed");
        if (toggle) { toggle.addEventListener("change", function () { apply(select); }); }
      }
      apply(select);  // a browser may restore the chosen role on back/forward
    });
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
