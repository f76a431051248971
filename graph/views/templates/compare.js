/* plankg compare page: the heatmap's role choice, the tasks behind a cell, the lineage of the
   chosen plan. Plan text reaches the page through textContent only, never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("plankg-compare").textContent);
  var tasksOf = {};
  data.plans.forEach(function (p) { tasksOf[p.id] = p.tasks; });
  var fnName = {};
  data.functions.forEach(function (f) { fnName[f.id] = f.en + (f.zh ? " · " + f.zh : ""); });
  var roleSelect = document.getElementById("role");
  var cellBox = document.getElementById("cell");
  var buttons = Array.prototype.slice.call(document.querySelectorAll("#heatmap button[data-function]"));
  var page = { role: roleSelect.value, cell: null };
  window.plankgCompare = page;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function listed(fn, plan) { return data.cells[fn + "\t" + plan][page.role]; }
  /* the same steps and words as graph/views/compare.py heat() and cell_text() */
  function heat(n, total) { return n && total ? Math.min(data.levels, Math.ceil((n / total) * data.levels)) : 0; }
  function text(n, total) { return n ? n + " · " + Math.round((100 * n) / total) + "%" : "–"; }

  function redraw() {
    buttons.forEach(function (b) {
      var fn = b.getAttribute("data-function"), plan = b.getAttribute("data-plan");
      var n = listed(fn, plan).length, total = tasksOf[plan];
      b.textContent = text(n, total);
      b.parentNode.className = "num heat-" + heat(n, total);
    });
    if (page.cell) show(page.cell[0], page.cell[1]);
  }
  function link(text, href) {
    if (!href) return el("span", text);
    var a = el("a", text);
    a.href = href;
    return a;
  }
  function show(fn, plan) {
    page.cell = [fn, plan];
    var ids = listed(fn, plan);
    cellBox.replaceChildren();
    var roleWords = data.roles[page.role];
    cellBox.appendChild(el("h3", fnName[fn] + " in " + plan));
    cellBox.appendChild(el("p", ids.length + " of the plan's " + tasksOf[plan] + " tasks name a body of this function " + (page.role === "any" ? "in any role" : "as " + roleWords) + "."));
    var list = el("ol", null, "cell-list");
    ids.forEach(function (i) {
      var t = data.tasks[i];
      var item = el("li");
      item.setAttribute("data-task", t.href);
      var head = el("p", null, "task-head");
      head.appendChild(link("task " + t.number, t.href));
      head.appendChild(el("span", " · " + t.plan + (t.where ? " · " + t.where : ""), "hint"));
      item.appendChild(head);
      item.appendChild(el("blockquote", t.text));
      var who = el("p", null, "bodies");
      t.bodies.forEach(function (pair) {
        var body = data.bodies[pair[0]];
        if (body.function !== fn) return;
        if (who.childNodes.length) who.appendChild(document.createTextNode("; "));
        who.appendChild(link(body.en + (body.zh ? " · " + body.zh : ""), body.href));
        who.appendChild(document.createTextNode(" (" + pair[1] + ")"));
      });
      item.appendChild(who);
      list.appendChild(item);
    });
    cellBox.appendChild(list);
    buttons.forEach(function (b) {
      var on = b.getAttribute("data-function") === fn && b.getAttribute("data-plan") === plan;
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      show(b.getAttribute("data-function"), b.getAttribute("data-plan"));
      cellBox.scrollIntoView({ block: "start" });
    });
  });
  roleSelect.addEventListener("change", function () { page.role = roleSelect.value; redraw(); });
  page.show = show;

  var chooser = document.getElementById("lineage-plan");
  if (chooser) {
    chooser.addEventListener("change", function () {
      Array.prototype.forEach.call(document.querySelectorAll("section.lineage"), function (s) {
        s.hidden = s.getAttribute("data-child") !== chooser.value;
      });
    });
  }
  document.body.setAttribute("data-ready", "true");
})();
