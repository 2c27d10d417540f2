/* A search query as the reader meant it, before Material's search worker sees it.
 *
 * Material 9.8.1 turns every word of a query into a prefix search ("change" becomes "change*")
 * and lunr then skips its stop-word filter and scores each longer word the prefix begins on its
 * own. Two things went wrong on the playbook's pages:
 *   - a stop word matched longer words by accident: "single point of failure" ranked the pages
 *     titled "... Officer" first ("of*"), "what is an SMF" the ones titled "... Analyst";
 *   - a rarer longer word outscored the word itself: "change manager" ranked "... Move Changes
 *     into Production" above the Change Manager's page, "raci" the "RACI:" headings.
 * pbSearchQuery.rewrite drops stop words (lunr's English list, lunr 2.3.9, which its
 * stopWordFilter uses when it indexes English: the index holds none of them; with other search
 * languages they are in most pages and rank nothing) when another word is left, and asks for
 * each remaining plain word
 * both as itself and as a prefix ("change^1 change": Material leaves a boosted term exact), so
 * the exact word scores twice and the prefix still finds words as they are typed. Queries with
 * lunr's operators (+ - : ~ ^ * or quotes) pass unchanged, as do words in Chinese or Japanese
 * script (Material segments those itself). search-on-demand.js applies it to each query.
 */
var pbSearchQuery = (function () {
  "use strict";

  var STOP = (
    "a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has " +
    "have he her hers him his how however i if in into is it its just least let like likely may " +
    "me might most must my neither no nor not of off often on only or other our own rather said " +
    "say says she should since so some than that the their them then there these they this tis " +
    "to too twas us wants was we were what when where which while who whom why will with would " +
    "yet you your"
  ).split(" ");

  function plain(word) {
    return /^[\p{L}\p{N}]+$/u.test(word) &&
      !/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.test(word);
  }

  return {
    // The query to run for what the reader typed.
    rewrite: function (query) {
      if (typeof query !== "string") return query;
      var words = query.trim().split(/\s+/);
      if (words.some(function (w) { return /^[+\-]|[":~^*]/.test(w); })) return query;
      var kept = words.filter(function (w) { return STOP.indexOf(w.toLowerCase()) === -1; });
      if (kept.length) words = kept;
      return words.map(function (w) { return plain(w) ? w + "^1 " + w : w; }).join(" ");
    }
  };
})();
