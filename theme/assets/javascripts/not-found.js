// 404 page: offer the words of the missing address as a search ("reviews/relase-readiness.html"
// -> "relase readiness"); the form opens the home page with Material's search (?q=).
(function () {
  var box = document.getElementById("pb-not-found-query");
  if (!box) return;
  var name = decodeURIComponent(location.pathname.split("/").pop() || "")
    .replace(/\.html?$/i, "").replace(/[-_.]+/g, " ").trim();
  if (name && name !== "404" && name !== "index") box.value = name;
})();
