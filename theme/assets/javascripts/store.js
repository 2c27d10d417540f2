/* Browser storage shared by checklist.js and reading.js: localStorage where the browser allows
 * it, memory otherwise (privacy modes, some file:// setups, a full quota), so ticks work either
 * way for the page's lifetime. Loaded before the scripts that use it (mkdocs.yml extra_javascript).
 *
 *   var s = window.mofStore("mof-checklist:", onFail);  // the prefix only names the probe key
 *   s.get(key) -> string | null
 *   s.set(key, value) -> true if saved in localStorage, false if held in memory only
 *                        (null or "" removes); a failed save calls onFail(error)
 *   s.keysWith(prefix) -> [key];  s.persistent() -> false when localStorage is blocked
 */
(function () {
  "use strict";

  window.mofStore = function (prefix, onFail) {
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

    function fail(error) {
      if (typeof onFail === "function") onFail(error);
      return false;
    }
    function get(key) {
      if (key in memory) return memory[key]; // newer than what a failed save left behind
      return store ? store.getItem(key) : null;
    }
    function set(key, value) {
      if (value === null || value === "") {
        delete memory[key];
        if (store) {
          try { store.removeItem(key); } catch (e) { return fail(e); }
        }
        return true;
      }
      if (!store) {
        memory[key] = value;
        return fail(null);
      }
      try {
        store.setItem(key, value);
        delete memory[key];
        return true;
      } catch (e) {
        memory[key] = value;
        return fail(e);
      }
    }
    function keysWith(start) {
      var found = {};
      if (store) {
        for (var i = 0; i < store.length; i++) {
          var k = store.key(i);
          if (k && k.indexOf(start) === 0) found[k] = true;
        }
      }
      Object.keys(memory).forEach(function (k) { if (k.indexOf(start) === 0) found[k] = true; });
      return Object.keys(found);
    }
    return {
      get: get,
      set: set,
      keysWith: keysWith,
      persistent: function () { return Boolean(store); }
    };
  };
})();
