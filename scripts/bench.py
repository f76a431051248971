"""Benchmarks, measured side by side in one run: corpus build speed and memory, and every
named query on rdflib, through plankg's chosen engine, and on raw pyoxigraph.

    python scripts/bench.py                    # N = 1, 100, 1000 synthetic plans (a few minutes)
    python scripts/bench.py --sizes 1 20       # a quick look
    python scripts/bench.py --out bench.md     # also write the tables as Markdown

Targets on a 2-core machine (issue 6): 1000 plans build in at most 60 s and 2 GB peak; at
1000 plans the named queries through plankg within 1.5x of raw pyoxigraph and at least 50x
faster than rdflib's engine; `plankg query NAME` on the Henan graph under 1 s end to end.
rdflib cannot hold the 1000-plan graph in reasonable time and memory, so its column there is
left out unless --rdflib-up-to allows it (and said so in the table).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNNER = (
    "import resource, runpy, sys\n"
    "sys.argv = ['plankg', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('graph', run_name='__main__')\n"
    "finally:\n"
    "    print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def build(n: int, work: Path) -> dict[str, object]:
    """Write n synthetic plans and build them in a fresh process; time and peak memory."""
    plans = work / f"plans-{n}"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "synth_corpus.py"), str(n), str(plans)],
        check=True,
        capture_output=True,
    )
    files = sorted(str(p) for p in plans.glob("*.txt"))
    out = work / f"out-{n}"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "build", *files, "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build of {n} plans failed:\n{done.stderr[-2000:]}")
    peak_kb = int(done.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    summary = next(line for line in done.stdout.splitlines() if " tasks, " in line)
    tasks = int(summary.split(" tasks, ")[0].rsplit(" ", 1)[1])
    triples = int(summary.split(" triples")[0].rsplit(" ", 1)[1])
    return {
        "plans": n,
        "files": len(files),
        "tasks": tasks,
        "triples": triples,
        "seconds": seconds,
        "tasks_per_s": tasks / seconds,
        "peak_mb": peak_kb / 1024,
        "graph": out / "graph.ttl",
    }


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def parameters(store) -> dict[str, object]:
    """Values for the named queries' required parameters, taken from the graph itself."""
    from graph.query import Term

    row = next(
        iter(
            store.query(
                "PREFIX pk: <https://w3id.org/plankg/def#> SELECT ?a WHERE { ?t pk:ledBy ?a } "
                "GROUP BY ?a ORDER BY DESC(COUNT(?t)) ?a LIMIT 1"
            )
        )
    )
    return {"agency": Term.iri(row[0].value)}


def time_queries(graph: Path, with_rdflib: bool) -> list[dict[str, object]]:
    import pyoxigraph as ox
    from rdflib import Graph

    from graph.engines import OxigraphEngine, RdflibEngine
    from graph.named import named_queries
    from graph.query import bind, prefix_map, run_query

    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
    plankg_engine = OxigraphEngine(store) if graph.stat().st_size >= 250_000 else None
    rdf = Graph().parse(graph) if with_rdflib or plankg_engine is None else None
    if plankg_engine is None:
        plankg_engine = RdflibEngine(rdf)
    values = parameters(store)
    rows = []
    for named in named_queries():
        params = {p.name: values[p.name] for p in named.params if p.required}
        bindings = bind(named.text, named, {k: v.value for k, v in params.items()})
        subs = {ox.Variable(k): ox.NamedNode(v.value) for k, v in bindings.items()}

        def raw(named=named, subs=subs) -> None:
            list(store.query(named.text, prefixes=prefix_map(), substitutions=subs))

        def through_plankg(named=named, params=params) -> None:
            run_query(named.name, plankg_engine, {k: v.value for k, v in params.items()})

        row = {
            "query": named.name,
            "engine": plankg_engine.name,
            "raw": best(raw),
            "plankg": best(through_plankg),
            "rdflib": None,
        }
        if rdf is not None:
            rdf_engine = RdflibEngine(rdf)
            row["rdflib"] = best(
                lambda n=named, p=params, e=rdf_engine: run_query(
                    n.name, e, {k: v.value for k, v in p.items()}
                ),
                repeat=1,
            )
        rows.append(row)
    return rows


def henan_end_to_end(work: Path) -> float:
    out = work / "henan"
    subprocess.run(
        [sys.executable, "-m", "graph", "build", "-o", str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    script = Path(sys.executable).parent / "plankg"  # what a user types
    command = [str(script)] if script.exists() else [sys.executable, "-m", "graph"]
    return best(
        lambda: subprocess.run(
            [*command, "query", "most-burdened-agencies", "--graph", str(out / "graph.ttl")],
            check=True, capture_output=True, cwd=ROOT,
        )
    )  # fmt: skip


def ms(value: object) -> str:
    return "not run" if value is None else f"{float(value) * 1000:.1f}"  # type: ignore[arg-type]


def ratio(a: object, b: object) -> str:
    return "-" if a is None or b is None or not b else f"{float(a) / float(b):.2f}x"  # type: ignore[arg-type]


def tables(builds: list[dict], queries: dict[int, list[dict]], henan: float) -> str:
    lines = [
        "| plans | files | tasks | triples | build s | tasks/s | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in builds:
        lines.append(
            f"| {b['plans']} | {b['files']} | {b['tasks']} | {b['triples']} | {b['seconds']:.1f} "
            f"| {b['tasks_per_s']:.0f} | {b['peak_mb']:.0f} |"
        )
    for n, rows in queries.items():
        lines += [
            "",
            f"Named queries at {n} plans, best of 3, milliseconds (plankg's engine: {rows[0]['engine']}):",
            "",
            "| query | rdflib | plankg | raw pyoxigraph | plankg / raw | rdflib / plankg |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in rows:
            lines.append(
                f"| {r['query']} | {ms(r['rdflib'])} | {ms(r['plankg'])} | {ms(r['raw'])} | "
                f"{ratio(r['plankg'], r['raw'])} | {ratio(r['rdflib'], r['plankg'])} |"
            )
    lines += [
        "",
        f"`plankg query most-burdened-agencies` on the Henan graph, end to end: {henan:.2f} s",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--rdflib-up-to", type=int, default=100, help="largest N run on rdflib")
    parser.add_argument("--out", type=Path, help="also write the tables to this Markdown file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as tmp:
        work = Path(tmp)
        builds, queries = [], {}
        for n in sorted(args.sizes):
            print(f"building {n} plans ...", file=sys.stderr)
            b = build(n, work)
            builds.append(b)
            print(f"timing named queries at {n} plans ...", file=sys.stderr)
            queries[n] = time_queries(b["graph"], with_rdflib=n <= args.rdflib_up_to)
        henan = henan_end_to_end(work)
    text = tables(builds, queries, henan)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(
        json.dumps({"builds": [{k: v for k, v in b.items() if k != "graph"} for b in builds]}),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
