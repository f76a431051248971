/* plankg map: the SVG is drawn by the build; this marks a place's tasks when the place is
   hovered or picked (on the map, in the list or by the search box), filters the tasks by
   agency and sector, and switches the labels' language. Plan text reaches the page through
   textContent only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("plankg-data").textContent);
  var svg = document.getElementById("map-svg");
  var status = document.getElementById("status");
  var FACETS = ["agency", "sector"];
  var position = {};
  data.keys.forEach(function (key, i) { position[key] = i; });
  var chosen = { agency: "", sector: "" };
  var picked = "";

  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function withPlace(id) {
    return all("[data-place]").filter(function (el) { return el.getAttribute("data-place") === id; });
  }
  function withTask(id) {
    return all("[data-task]").filter(function (el) { return el.getAttribute("data-task") === id; });
  }
  function mark(id, cls, on) {
    if (!id) return;
    withPlace(id).forEach(function (el) { el.classList.toggle(cls, on); });
  }
  function section(id) {
    return all("section.place-tasks").filter(function (s) { return s.getAttribute("data-place") === id; })[0];
  }

  /* hover: the place, its label, its area and its list of tasks lit while the pointer is on
     any of them; a click keeps them lit and scrolls the list to it */
  function pick(id) {
    mark(picked, "picked", false);
    all(".task.picked").forEach(function (el) { el.classList.remove("picked"); });
    picked = id;
    mark(id, "picked", true);
    var s = section(id);
    if (s) s.scrollIntoView({ block: "start" });
    status.textContent = data.places[id] ? label(data.places[id]) + ": " + data.places[id].tasks.length + " task(s)" : "";
  }
  function label(entry) {
    var first = data.language === "zh" ? (entry.zh || entry.en) : (entry.en || entry.zh);
    return first;
  }
  all("[data-place]").forEach(function (el) {
    var id = el.getAttribute("data-place");
    el.addEventListener("mouseenter", function () { mark(id, "hot", true); });
    el.addEventListener("mouseleave", function () { mark(id, "hot", false); });
    if (el.closest("svg") || el.closest(".numbers")) {
      el.addEventListener("click", function () { pick(id); });
    }
  });
  all("section.place-tasks h3").forEach(function (h) {
    h.addEventListener("click", function () { pick(h.parentNode.getAttribute("data-place")); });
  });
  /* a task in the list lights every place it names */
  all("li.task").forEach(function (li) {
    var id = li.getAttribute("data-task");
    li.addEventListener("mouseenter", function () {
      data.tasks[id].places.forEach(function (p) { mark(p, "hot", true); });
    });
    li.addEventListener("mouseleave", function () {
      data.tasks[id].places.forEach(function (p) { mark(p, "hot", false); });
    });
  });
  function pickTask(id) {
    pick("");
    var items = withTask(id);
    items.forEach(function (el) { el.classList.add("picked"); });
    data.tasks[id].places.forEach(function (p) { mark(p, "picked", true); });
    if (items.length) items[0].scrollIntoView({ block: "center" });
    status.textContent = label(data.tasks[id]) + ": " + data.tasks[id].places.length + " place(s)";
  }

  /* filters: a task stays listed when it is tied to the chosen agency and sector; a place
     with no task left is dimmed */
  function passes(id) {
    var t = data.tasks[id];
    return FACETS.every(function (key) {
      return !chosen[key] || t.facets[key].indexOf(position[chosen[key]]) >= 0;
    });
  }
  function refilter() {
    var shown = 0, total = 0, seen = {};
    all("li.task").forEach(function (li) {
      var id = li.getAttribute("data-task");
      li.hidden = !passes(id);
      if (!seen[id]) { seen[id] = true; total += 1; if (passes(id)) shown += 1; }
    });
    Object.keys(data.places).forEach(function (p) {
      var live = data.places[p].tasks.some(passes);
      mark(p, "dim", !live);
      var s = section(p);
      if (s) s.classList.toggle("empty", !live);
    });
    status.textContent = "showing " + shown + " of " + total + " tasks";
  }
  function setFilter(facet, value) {
    chosen[facet] = value;
    var select = document.getElementById("filter-" + facet);
    if (select) select.value = value;
    refilter();
  }
  all("select[data-facet]").forEach(function (select) {
    select.addEventListener("change", function () { setFilter(select.getAttribute("data-facet"), select.value); });
  });

  /* labels in the plan's language first; the toggle shows the other set (placed apart, as the
     names differ in width) */
  var languages = document.getElementById("labels");
  function language(lang) {
    svg.setAttribute("data-lang", lang);
    all(".numbered").forEach(function (n) { n.hidden = n.getAttribute("data-lang") !== lang; });
    page.language = lang;
  }
  languages.addEventListener("change", function () { language(languages.value); });

  /* search: places, tasks, and the agencies and sectors the filters list (picking one sets
     its filter) */
  var records = [];
  Object.keys(data.places).sort().forEach(function (id) {
    var p = data.places[id];
    records.push({ id: id, en: p.en, text: p.en + (p.zh ? " · " + p.zh : "") + " (place)", names: p.names });
  });
  Object.keys(data.tasks).sort().forEach(function (id) {
    var t = data.tasks[id];
    records.push({ id: id, en: t.en, text: t.en + (t.zh ? " · " + t.zh : "") + " (task)", names: t.names });
  });
  Object.keys(data.others).sort().forEach(function (id) {
    var o = data.others[id];
    records.push({ id: id, en: o.en, text: o.en + (o.zh ? " · " + o.zh : "") + " (filter: " + o.facet + ")",
                   names: [o.en, o.zh].concat(o.aliases), later: true });
  });
  function choose(id) {
    if (data.places[id]) pick(id);
    else if (data.tasks[id]) pickTask(id);
    else if (data.others[id]) setFilter(data.others[id].facet, id);
    else status.textContent = "not on this page: " + id;
  }
  var form = document.getElementById("controls");
  var box = plankgSearch.attach(form, document.getElementById("search"), document.getElementById("results"),
    plankgSearch.catalogue(records), choose, function (text) { status.textContent = text; });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      FACETS.forEach(function (f) { chosen[f] = ""; });
      refilter();
      pick("");
      all(".task.picked").forEach(function (el) { el.classList.remove("picked"); });
      language(languages.value);
      box.close();
    }, 0);
  });

  var page = { settled: true, pick: choose, language: data.language };
  window.plankg = page;
  language(languages.value);
  refilter();
  var m = /^#node=(.+)$/.exec(window.location.hash);
  if (m) choose(decodeURIComponent(m[1]));
  document.body.setAttribute("data-settled", "true");
})();
