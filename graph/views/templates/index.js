/* plankg index: the search box finds any node of the site by name and opens the page that
   draws it, with the node picked (page.html#node=<IRI>). */
(function () {
  "use strict";
  var names = JSON.parse(document.getElementById("plankg-names").textContent);
  var href = {};
  names.forEach(function (r) { href[r.id] = r.href; });
  var said = document.getElementById("status");
  plankgSearch.attach(
    document.getElementById("controls"),
    document.getElementById("search"),
    document.getElementById("results"),
    plankgSearch.catalogue(names),
    function (id) { window.location.href = href[id]; },
    function (text) { said.textContent = text; }
  );
})();
