"""The browser views: a small static site over the graph and the analysis, offline and safe.

Every page is one HTML file that loads nothing but vis-network's script, as pyvis ships it,
from one shared `site/vis-network.min.js` (no request leaves the site), and whose plan text
travels as JSON and reaches the page through `textContent` only. The modules, in the order data flows:

- `model`: what a view is (nodes, edges, legend, notices) and how each kind and role looks;
- `facts` and `entries`: what the views are drawn from, read once from the graph, and what
  the pages say about each task, agency, place and sector (labels in both languages, key
  numbers, source passages, the facets the filters match);
- `networks` and `agency`: the views (overview, agency network, responsibilities, map,
  sectors; one page per agency);
- `limits`: what a view keeps when the graph is too large to draw;
- `markdown`: report.md as HTML (markdown-it-py, raw HTML, links and images off);
- `page` and `site`: a view as a pyvis Network and as HTML (templates/), and every file of
  `DIR/site/`.

Each view is drawn as a pyvis `Network` (nodes, edges, physics and the other options set through
pyvis); its nodes, edges and options go into our own template as JSON. pyvis's template and
`write_html` are not used: the template loads Bootstrap from a CDN, sets a popup's innerHTML
from node titles and carries no Content-Security-Policy.
"""
