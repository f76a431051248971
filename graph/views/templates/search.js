/* plankg search, the same on every page: a name typed in English or Chinese, any spelling the
   plan prints or the registry knows (省发改委, DRC), case and width folded; whole names first.
   The list of hits is a dropdown under the box that closes on Enter, Escape, a pick or a click
   elsewhere. Plan text reaches the page through textContent only. */
window.plankgSearch = (function () {
  "use strict";
  var MOST = 20;

  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  /* records: [{id, en, text, names, later}]; text is what the dropdown shows for the hit;
     among as good hits, those marked later come after the others */
  function catalogue(records) {
    var rows = records.map(function (r) {
      return { id: r.id, en: r.en, text: r.text, later: r.later ? 1 : 0,
               keys: r.names.filter(Boolean).map(fold) };
    });
    return function find(query) {
      var q = fold(query);
      if (!q) return [];
      var hits = rows.filter(function (r) {
        return r.keys.some(function (k) { return k.indexOf(q) >= 0; });
      });
      hits.sort(function (a, b) {
        var ea = a.keys.indexOf(q) >= 0 ? 0 : 1, eb = b.keys.indexOf(q) >= 0 ? 0 : 1;
        return ea - eb || a.later - b.later || a.en.localeCompare(b.en) || (a.id < b.id ? -1 : 1);
      });
      return hits;
    };
  }

  /* wires a search box: find(query) -> hits, choose(id) on a click or Enter (the first hit),
     say(text) for what the box has to tell (nothing found) */
  function attach(form, input, results, find, choose, say) {
    function close() { results.hidden = true; }
    function list() {
      var found = find(input.value);
      results.replaceChildren();
      found.slice(0, MOST).forEach(function (hit) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = hit.text;
        button.setAttribute("data-node", hit.id);
        button.addEventListener("click", function () { close(); choose(hit.id); });
        item.appendChild(button);
        results.appendChild(item);
      });
      var note = "";
      if (input.value.trim() && !found.length) note = "no node by that name";
      if (found.length > MOST) note = (found.length - MOST) + " more: type more of the name";
      if (note) {
        var li = document.createElement("li");
        li.className = "none";
        li.textContent = note;
        results.appendChild(li);
      }
      results.hidden = !input.value.trim();
    }
    input.addEventListener("input", list);
    input.addEventListener("keydown", function (ev) { if (ev.key === "Escape") close(); });
    document.addEventListener("click", function (ev) {
      if (ev.target !== input && !results.contains(ev.target)) close();
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      close();
      var found = find(input.value);
      if (found.length) choose(found[0].id);
      else if (input.value.trim()) say("no node by that name: " + input.value.trim());
    });
    form.addEventListener("reset", function () { setTimeout(close, 0); });
    return { list: list, close: close };
  }

  return { fold: fold, catalogue: catalogue, attach: attach };
})();
