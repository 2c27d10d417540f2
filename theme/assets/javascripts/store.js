/* Browser storage shared by checklist.js and reading.js: localStorage where the browser allows
 * it, memory otherwise (privacy modes, some file:// setups), so ticks work either way for the
 * page's lifetime. Loaded before the scripts that use it (mkdocs.yml extra_javascript).
 *
 *   var s = window.mofStore("mof-checklist:");  // the prefix only names the probe key
 *   s.get(key) -> string | null;  s.set(key, value)  (null or "" removes);  s.keysWith(prefix)
 */
(function () {
  "use strict";

  window.mofStore = function (prefix) {
    var memory = {};
    var store = (function () {
      try {
        var probe = prefix + "probe";
        window.localStorage.setItem(probe, "1");
        window.localStorage.removeItem(probe);
        return window.localStorage;
      } catch (e) {
        return null;
      }
    })();

    function get(key) {
      return store ? store.getItem(key) : (key in memory ? memory[key] : null);
    }
    function set(key, value) {
      if (value === null || value === "") {
        if (store) store.removeItem(key); else delete memory[key];
      } else if (store) {
        try { store.setItem(key, value); } catch (e) { memory[key] = value; }
      } else {
        memory[key] = value;
      }
    }
    function keysWith(start) {
      var found = [];
      if (store) {
        for (var i = 0; i < store.length; i++) {
          var k = store.key(i);
          if (k && k.indexOf(start) === 0) found.push(k);
        }
      }
      Object.keys(memory).forEach(function (k) { if (k.indexOf(start) === 0) found.push(k); });
      return found;
    }
    return { get: get, set: set, keysWith: keysWith };
  };
})();
