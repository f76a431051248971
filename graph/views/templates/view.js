/* plankg view: draws one graph with vis-network, and explains its nodes in a tooltip and a
   detail panel. Plan text reaches the page through textContent only, never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("plankg-data").textContent);
  var info = data.info;
  var position = {};  /* facet value (an IRI) -> its number in the entries' facets */
  data.keys.forEach(function (key, i) { position[key] = i; });
  var FACETS = data.facets;  /* agency, sector, city; and plan in a graph of several */
  var TIP_CHARS = 200;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function cut(text, n) {
    return text.length > n ? text.slice(0, n).trimEnd() + " …" : text;
  }

  /* labels in the plan's own language first; the toggle draws the other (a node without a
     Chinese name keeps its English one) */
  var LABELS = { en: {}, zh: data.labels_zh };
  data.nodes.forEach(function (n) { LABELS.en[n.id] = n.label; });
  function labelled(id, lang) { return LABELS[lang][id] || LABELS.en[id]; }
  data.nodes.forEach(function (n) { n.label = labelled(n.id, data.language); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var chosen = { kind: "", agency: "", sector: "", city: "" };
  function passes(id) {
    var entry = info[id];
    if (chosen.kind && entry.kind !== chosen.kind) return false;
    return FACETS.every(function (key) {
      return !chosen[key] || (entry.facets[key] || []).indexOf(position[chosen[key]]) >= 0;
    });
  }
  /* a tree (the sectors): a node shows when a node above it is open and shown; the top level
     always. A filter shows all it keeps, open or not (what it keeps is small). */
  var tree = data.tree;
  var open = {};
  function inTree(id) {
    var ups = tree && tree[id];
    return !ups || ups.some(function (up) { return open[up] && inTree(up); });
  }
  function filtered() { return Object.keys(chosen).some(function (k) { return chosen[k]; }); }
  function reveal(id) {
    ((tree && tree[id]) || []).forEach(function (up) { open[up] = true; reveal(up); });
    if (within[id]) open[within[id]] = true;
  }
  /* groups (a section's tasks, a kind of places): a member is drawn in its group's node until
     the group is opened, or when a filter hides the group but keeps the member. An edge that
     stands in for members (`closed` names their groups) is drawn while those are closed. */
  var within = {};
  data.nodes.forEach(function (n) { if (n.within) within[n.id] = n.within; });
  function opened(group) { return open[group] || (filtered() && !passes(group)); }
  function inGroup(id) { return !within[id] || opened(within[id]); }
  var shown = new vis.DataView(nodes, {
    filter: function (n) { return passes(n.id) && (filtered() || inTree(n.id)) && inGroup(n.id); }
  });
  var lines = new vis.DataView(edges, {
    filter: function (e) { return !(e.closed || []).some(opened); }
  });
  var container = document.getElementById("network");
  var status = document.getElementById("status");
  var network = new vis.Network(container, { nodes: shown, edges: lines }, data.options);
  var page = { nodes: nodes, edges: edges, shown: shown, lines: lines, network: network,
               settled: false, language: data.language };
  window.plankg = page;

  /* the first settled layout is the layout: each node keeps its place in the data set, so a
     node a filter hid comes back where it was, and physics stays off so no kept node moves */
  function settle() {
    network.setOptions({ physics: { enabled: false } });
    var at = network.getPositions();
    nodes.update(Object.keys(at).sort().map(function (id) {
      return { id: id, x: at[id].x, y: at[id].y };
    }).concat(ringed(at)));
    page.layout = at;
    legible();
    if (data.min_label_px && !tree) {  /* fit again, to the labels at the size now drawn */
      network.fit({ animation: false });
      legible();
    }
    page.view = { position: network.getViewPosition(), scale: network.getScale() };
    page.first = shown.length;
    network.on("zoom", legible);
    page.settled = true;
    document.body.setAttribute("data-settled", "true");
    count();
    if (page.pick) fromHash();
  }
  /* index.html links a name it found here as page.html#node=<IRI>; an agency's page opens
     with the agency's details */
  function fromHash() {
    var m = /^#node=(.+)$/.exec(window.location.hash);
    if (m) page.pick(decodeURIComponent(m[1]));
    else if (data.focus) {
      network.selectNodes([data.focus]);
      showDetail(data.focus);
      side.scrollTop = 0;  /* the page's own title and description first */
    }
  }
  /* a group's members the view has not placed, placed once the layout has settled: on a ring
     around the group's node,
     in the order of the data (so every load puts them in the same places) */
  var SPACING = 110;  /* canvas px between two members on the ring */
  function ringed(at) {
    var members = {};
    data.nodes.forEach(function (n) {
      if (n.within && at[n.within] && n.x === undefined) (members[n.within] = members[n.within] || []).push(n.id);
    });
    var out = [];
    Object.keys(members).sort().forEach(function (group) {
      var ids = members[group], centre = at[group];
      var radius = Math.max(110, (ids.length * SPACING) / (2 * Math.PI));
      ids.forEach(function (id, i) {
        var angle = (2 * Math.PI * i) / ids.length - Math.PI / 2;
        out.push({ id: id, x: centre.x + radius * Math.cos(angle),
                   y: centre.y + radius * Math.sin(angle) });
      });
    });
    return out;
  }
  /* labels that stay legible: at whatever zoom, each label is drawn at least data.min_label_px
     screen pixels high (the canvas font grows as the drawing is zoomed out, up to four times
     its size); the page's own agency half as large again as the rest */
  var BASE = data.options.nodes.font.size;
  var WIDEST = data.options.nodes.widthConstraint.maximum;
  var FOCUS_FONT = data.focus ? nodes.get(data.focus).font : null;
  function legible() {
    if (!data.min_label_px) return;
    var size = Math.min(4 * BASE, Math.max(BASE, data.min_label_px / network.getScale()));
    size = Math.ceil(size * 10) / 10;
    if (size === page.fontSize) return;
    page.fontSize = size;
    /* and as wide, for the same lines at any zoom; a white edge keeps lines off the letters */
    network.setOptions({ nodes: { font: { size: size, strokeWidth: 3, strokeColor: "#ffffff" },
                                  widthConstraint: { maximum: Math.round(WIDEST * size / BASE) } } });
    if (FOCUS_FONT) {
      nodes.update({ id: data.focus, font: Object.assign({}, FOCUS_FONT, {
        size: Math.max(FOCUS_FONT.size, Math.round(1.5 * size)) }) });
    }
  }
  page.legible = legible;
  function count() {
    status.textContent = "showing " + shown.length + " of " + nodes.length + " nodes";
  }
  network.on("stabilizationProgress", function (p) {
    status.textContent = "laying out… " + Math.round((100 * p.iterations) / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  if (!data.nodes.length || !data.options.physics.enabled) {  /* a tree is placed, not settled */
    network.fit({ animation: false });
    if (tree && network.getScale() < 0.6) {
      network.moveTo({ scale: 0.6, position: network.getViewPosition(), animation: false });
    }
    settle();
  }

  /* what a node is: labels in both languages, numbers, and for a task its source passages */
  function describe(id, full) {
    var entry = info[id];
    var box = el("div", null, "about");
    box.appendChild(el("p", entry.en, "name"));
    if (entry.zh) box.appendChild(el("p", entry.zh, "name zh"));
    box.appendChild(el("p", entry.kind, "kind"));
    if (full && entry.names.length) {
      box.appendChild(el("p", "also: " + entry.names.slice(0, 12).join("; "), "names"));
    }
    var table = el("table", null, "numbers");
    entry.numbers.forEach(function (pair) {
      var row = el("tr");
      row.appendChild(el("th", pair[0]));
      row.appendChild(el("td", pair[1]));
      table.appendChild(row);
    });
    box.appendChild(table);
    if (full) {
      entry.roles.forEach(function (pair) {
        box.appendChild(el("p", pair[0] + ": " + pair[1].join("; "), "role"));
      });
    }
    entry.passages.forEach(function (p) {
      var where = p.lang + " · " + p.source + ", characters " + p.start + "–" + p.end;
      box.appendChild(el("p", where, "where"));
      box.appendChild(el("blockquote", full ? p.text : cut(p.text, TIP_CHARS), "passage"));
    });
    if (full) {
      entry.notes.forEach(function (n) {
        box.appendChild(el("p", "responsibility note (" + n.lang + ")", "where"));
        box.appendChild(el("blockquote", n.text, "note"));
      });
      entry.remarks.forEach(function (r) { box.appendChild(el("p", r, "remark")); });
      if (entry.page && data.here !== entry.page) {
        var link = el("a", "open this agency's page", "page-link");
        link.href = data.root + entry.page;
        box.appendChild(link);
      }
    }
    return box;
  }

  var tip = document.getElementById("tooltip");
  var pointer = { x: 0, y: 0 };
  function place() {
    var x = Math.min(pointer.x + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = pointer.y + 14;
    if (y + tip.offsetHeight > window.innerHeight - 8) y = Math.max(8, pointer.y - tip.offsetHeight - 14);
    tip.style.left = Math.max(8, x) + "px";
    tip.style.top = y + "px";
  }
  function showTip(content, id) {
    tip.replaceChildren(content);
    tip.setAttribute("data-node", id || "");
    tip.hidden = false;
    place();
  }
  function hideTip() { tip.hidden = true; }
  container.addEventListener("mousemove", function (ev) {
    pointer = { x: ev.clientX, y: ev.clientY };
    if (!tip.hidden) place();
  });
  container.addEventListener("mouseleave", hideTip);
  network.on("hoverNode", function (p) { showTip(describe(p.node, false), p.node); });
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    showTip(el("p", info[e.from].en + " — " + e.note + " — " + info[e.to].en, "edge"), "");
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);

  var detail = document.getElementById("detail");
  var side = detail.parentNode;
  function showDetail(id) {
    hideTip();
    detail.replaceChildren(describe(id, true));
    detail.setAttribute("data-node", id);
    /* the panel scrolls to the details, under a long legend too: the heading at its top */
    side.scrollTop = document.getElementById("details").offsetTop - side.offsetTop;
  }
  var under = {};  /* tree: node -> the nodes right under it; a group: its members */
  Object.keys(tree || {}).sort().forEach(function (id) {
    tree[id].forEach(function (up) { (under[up] = under[up] || []).push(id); });
  });
  Object.keys(within).sort().forEach(function (id) {
    (under[within[id]] = under[within[id]] || []).push(id);
  });
  var LEGIBLE = 0.7;  /* the smallest zoom at which a tree's labels can be read */
  function redraw() {
    shown.refresh();
    lines.refresh();
    count();
  }
  function branch(id) {
    open[id] = !open[id];
    redraw();
    if (!tree) return;  /* a group opens where it is, the drawing left as it was */
    network.fit({ animation: false });
    if (network.getScale() < LEGIBLE) network.focus(id, { scale: LEGIBLE, animation: false });
    legible();
  }
  page.branch = branch;
  network.on("click", function (p) {
    if (!p.nodes.length) return;
    showDetail(p.nodes[0]);
    if (under[p.nodes[0]]) branch(p.nodes[0]);
  });
  function everyBranch(how) {
    Object.keys(under).forEach(function (id) { open[id] = how; });
    redraw();
    network.fit({ animation: false });
    legible();
  }
  page.everyBranch = everyBranch;
  Array.prototype.forEach.call(document.querySelectorAll("button[data-branches]"), function (b) {
    b.addEventListener("click", function () { everyBranch(b.getAttribute("data-branches") === "open"); });
  });

  /* search: every node by its names, and every agency, sector and city the filters list
     (picking one of those that is not drawn here sets its filter) */
  var others = data.others;
  var records = Object.keys(info).sort().map(function (id) {
    var e = info[id];
    return { id: id, en: e.en, text: e.en + (e.zh ? " · " + e.zh : "") + " (" + e.kind + ")",
             names: [e.en, e.zh].concat(e.names, e.aliases) };
  }).concat(Object.keys(others).sort().map(function (id) {
    var o = others[id];
    return { id: id, en: o.en, text: o.en + (o.zh ? " · " + o.zh : "") + " (filter: " + o.facet + ")",
             names: [o.en, o.zh].concat(o.aliases), later: true };
  }));
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var form = document.getElementById("controls");
  function pick(id) {
    if (!info[id] && !others[id]) {
      status.textContent = "not drawn on this page: " + id;
      return;
    }
    if (others[id]) {
      var select = document.getElementById("filter-" + others[id].facet);
      clearFilters();
      select.value = id;
      chosen[others[id].facet] = id;
      refilter();
      return;
    }
    if (!passes(id)) clearFilters();
    if (!shown.get(id)) {
      reveal(id);
      redraw();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: false });
    legible();
    showDetail(id);
  }
  var box = plankgSearch.attach(form, input, results, plankgSearch.catalogue(records), pick,
    function (text) { status.textContent = text; });
  page.pick = pick;
  if (page.settled) fromHash();

  var languages = document.getElementById("labels");
  languages.addEventListener("change", function () {
    page.language = languages.value;
    nodes.update(nodes.getIds().sort().map(function (id) {
      return { id: id, label: labelled(id, page.language) };
    }));
  });

  /* filters: a node stays when it is tied to the chosen agency, sector and city */
  function refilter() {
    redraw();
    if (page.settled) {
      network.fit({ animation: false });
      legible();
    }
  }
  function clearFilters() {
    open = {};
    Object.keys(chosen).forEach(function (key) {
      chosen[key] = "";
      var select = document.getElementById("filter-" + key);
      if (select) select.value = "";
    });
    redraw();
    if (page.settled) {  /* the first view again, exactly: a fit would also count label boxes */
      network.moveTo({ position: page.view.position, scale: page.view.scale, animation: false });
      legible();
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-facet]"), function (select) {
    select.addEventListener("change", function () {
      chosen[select.getAttribute("data-facet")] = select.value;
      refilter();
    });
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { clearFilters(); box.close(); }, 0);
  });
})();
