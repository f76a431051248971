"""Who carries the plan: burden, networks, centrality, clusters, places and figures.

Every function takes an rdflib Graph (the one `plankg build` writes) and returns plain, sorted,
JSON-ready data; nothing here prints or touches files. The modules:

- `scope`: what is read from the graph (each (task, agency, role) once) and the plan filter;
- `tally`: the one count of tasks by role (also the build report's);
- `burden`: tasks, tasks led, role-weighted and share-adjusted burden, rankings, Kendall's tau;
- `projection`: the task-agency, co-responsibility and lead -> co networks (networkx);
- `centrality`: degree, strength, betweenness, eigenvector, PageRank, k-core, brokers;
- `clusters`: Louvain communities, modularity, stability over seeds, cluster names;
- `places`: tasks and agencies per place, the agency x sector matrix;
- `profile` and `names`: one agency's profile, and finding it by name;
- `results`: the results as RDF (`analysis.ttl`); `figures`: PNG and SVG; `frame`: pandas.
"""
