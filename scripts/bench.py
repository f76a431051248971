"""Every speed target of issue 14, measured side by side in one run, each as a ratio with
PASS or FAIL: the bundled build against rdflib parsing the graph it wrote, the commands
against their CPU target, builds of 10 and 1000 synthetic plans, every named query through
plankg against raw pyoxigraph and against rdflib's engine.

    python scripts/bench.py                      # every target (several minutes on 2 cores)
    python scripts/bench.py --corpus 100 --rdflib-plans 10   # a quicker look, smaller corpora
    python scripts/bench.py --out bench.md       # also write the report as Markdown
    python scripts/bench.py --suite              # and time `make test` (wall, 5 minute target)

CPU seconds are those of a fresh process, read with os.wait4 (user + system, interpreter
start included): what `time` would print, and steadier than wall time on a shared machine.
A command is timed as the user types it (`plankg rank --graph out/graph.ttl`), so the number
shows whatever the command does to answer (parse the Turtle, or read what the build left).
Each ratio's target is in the row; rdflib's engine is run up to --rdflib-plans plans only,
since it cannot hold the 1000-plan graph in reasonable time and memory.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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


def run_child(command: list[str], cwd: Path = ROOT) -> dict[str, Any]:
    """Run command to its end; its CPU seconds (user + system), wall seconds, peak MB, output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8"), err.read().decode("utf-8")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return {
        "cpu": usage.ru_utime + usage.ru_stime,
        "wall": wall,
        "peak_mb": usage.ru_maxrss / 1024,
        "stdout": stdout,
    }


def plankg(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "plankg"  # what a user types, where installed
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "graph", *args]


def median_cpu(command: list[str], repeat: int) -> float:
    return statistics.median(run_child(command)["cpu"] for _ in range(repeat))


PARSE = "import sys\nfrom rdflib import Graph\nGraph().parse(sys.argv[1], format='turtle')\n"


def rdflib_parse_cpu(graph: Path, repeat: int = 3) -> tuple[float, float]:
    """CPU seconds of rdflib parsing the file: in a fresh process timed like the build
    (interpreter start and rdflib's import included), and in this process (the parse alone,
    rdflib already imported); medians."""
    process = median_cpu([sys.executable, "-c", PARSE, str(graph)], repeat)
    from rdflib import Graph

    times = []
    for _ in range(repeat):
        start = time.process_time()
        Graph().parse(graph, format="turtle")
        times.append(time.process_time() - start)
    return process, statistics.median(times)


def oxigraph_load_cpu(graph: Path) -> float:
    import pyoxigraph as ox

    start = time.process_time()
    ox.Store().bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
    return time.process_time() - start


COMMANDS = [
    ("rank", ["rank"]),
    ("agency", ["agency", "Department of Ecology and Environment"]),
    ("clusters", ["clusters"]),
    ("centrality", ["centrality"]),
    ("query", ["query", "most-burdened-agencies"]),
]


class Report:
    """The targets, one row each: what, measured, target, ratio to the target, PASS/FAIL."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(self, what: str, measured: str, target: str, ratio: float | None, ok: bool | None):
        verdict = (
            ("info" if target == "-" else "not run") if ok is None else "PASS" if ok else "FAIL"
        )
        shown = "-" if ratio is None else f"{ratio:.2f}"
        self.rows.append([what, measured, target, shown, verdict])
        print(f"{verdict:>7}  {what}: {measured} (target {target})", file=sys.stderr)

    def table(self) -> str:
        lines = ["| target | measured | target | ratio | verdict |", "|---|---:|---:|---:|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def bundled(work: Path, report: Report, repeat: int) -> Path:
    """The bundled build (both Henan versions, site, no figures) and its commands."""
    out = work / "bundled"
    build = plankg("build", "-o", str(out))
    cpu = median_cpu(build, repeat)
    graph = out / "graph.ttl"
    parse, bare = rdflib_parse_cpu(graph, repeat)
    report.add("bundled build, CPU s", f"{cpu:.2f} s", "<= 3 s", cpu / 3, cpu <= 3)
    report.add(
        "bundled build / a process of rdflib parsing its graph.ttl (both fresh processes)",
        f"{cpu:.2f} s / {parse:.2f} s",
        "<= 4x",
        cpu / parse,
        cpu / parse <= 4,
    )
    report.add(
        "bundled build / rdflib's parse alone, rdflib imported (no target)",
        f"{cpu:.2f} s / {bare:.2f} s",
        "-",
        cpu / bare,
        None,
    )
    drawn = median_cpu(plankg("build", "--figures", "-o", str(work / "drawn")), 1)
    report.add("bundled build --figures, CPU s (no target)", f"{drawn:.2f} s", "-", None, None)
    for name, args in COMMANDS:
        spent = median_cpu(plankg(*args, "--graph", str(graph)), repeat)
        report.add(
            f"`plankg {name}` on the bundled build, CPU s",
            f"{spent:.2f} s",
            "<= 0.3 s",
            spent / 0.3,
            spent <= 0.3,
        )
    return out


def synthetic(n: int, work: Path) -> dict[str, Any]:
    """n synthetic plans (English and Chinese each) built in a fresh process."""
    plans = work / f"plans-{n}"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "synth_corpus.py"), str(n), str(plans)],
        check=True,
        capture_output=True,
    )
    files = sorted(str(p) for p in plans.glob("*.txt"))
    out = work / f"out-{n}"
    done = run_child(plankg("build", *files, "-o", str(out)))
    counted = re.search(r"(\d+) tasks from \d+ source\(s\), (\d+) triples", done["stdout"])
    if counted is None:
        raise SystemExit(f"no summary line in the output of the {n}-plan build")
    site = out / "site"
    pages = [p.stat().st_size for p in site.rglob("*.html")] if site.is_dir() else []
    return {
        "plans": n,
        "files": len(files),
        "tasks": int(counted.group(1)),
        "triples": int(counted.group(2)),
        "cpu": done["cpu"],
        "seconds": done["wall"],
        "peak_mb": done["peak_mb"],
        "largest_page_mb": max(pages) / 2**20 if pages else None,
        "graph": out / "graph.ttl",
    }


def ms(value: object) -> str:
    return "not run" if value is None else f"{float(value) * 1000:.1f}"  # type: ignore[arg-type]


def ratio(a: object, b: object) -> str:
    return "-" if a is None or b is None or not b else f"{float(a) / float(b):.2f}x"  # type: ignore[arg-type]


def tables(builds: list[dict], queries: dict[int, list[dict]]) -> str:
    lines = [
        "| plans | files | tasks | triples | build CPU s | wall s | tasks/CPU s | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in builds:
        lines.append(
            f"| {b['plans']} | {b['files']} | {b['tasks']} | {b['triples']} | {b['cpu']:.1f} "
            f"| {b['seconds']:.1f} | {b['tasks'] / b['cpu']:.0f} | {b['peak_mb']:.0f} |"
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
    return "\n".join(lines)


def corpus_targets(report: Report, small: dict, large: dict, queries: dict[int, list]) -> None:
    n = large["plans"]
    for name, shown, value, limit in (
        (
            f"{small['plans']} plans ({small['files']} files), build CPU s",
            "{:.1f} s",
            small["cpu"],
            5,
        ),
        (f"{n} plans, build CPU s", "{:.1f} s", large["cpu"], 60),
        (f"{n} plans, peak memory", "{:.0f} MB", large["peak_mb"], 2048),
    ):
        unit = shown.split()[-1]
        report.add(name, shown.format(value), f"<= {limit} {unit}", value / limit, value <= limit)
    page = large["largest_page_mb"]
    report.add(
        f"{n} plans, largest site page",
        "no site written" if page is None else f"{page:.2f} MB",
        "< 5 MB",
        None if page is None else page / 5,
        None if page is None else page < 5,
    )
    rows = queries[n]
    plankg_sum, raw_sum = sum(r["plankg"] for r in rows), sum(r["raw"] for r in rows)
    worst = max(rows, key=lambda r: r["plankg"] / r["raw"])
    report.add(
        f"{n} plans, named queries through plankg / raw pyoxigraph (all {len(rows)} summed)",
        f"{plankg_sum * 1000:.0f} ms / {raw_sum * 1000:.0f} ms",
        "<= 1.3x",
        plankg_sum / raw_sum,
        plankg_sum / raw_sum <= 1.3,
    )
    report.add(
        f"{n} plans, slowest query against raw (no target)",
        f"{worst['query']}: {worst['plankg'] * 1000:.1f} ms / {worst['raw'] * 1000:.1f} ms",
        "-",
        worst["plankg"] / worst["raw"],
        None,
    )
    with_rdflib = [k for k, rows in queries.items() if all(r["rdflib"] is not None for r in rows)]
    if with_rdflib:
        k = max(with_rdflib)
        rows = queries[k]
        rdf_sum, ours = sum(r["rdflib"] for r in rows), sum(r["plankg"] for r in rows)
        least = min(rows, key=lambda r: r["rdflib"] / r["plankg"])
        report.add(
            f"{k} plans, rdflib's engine / plankg (all {len(rows)} queries summed)",
            f"{rdf_sum:.1f} s / {ours:.2f} s",
            ">= 50x",
            rdf_sum / ours,
            rdf_sum / ours >= 50,
        )
        report.add(
            f"{k} plans, rdflib's engine / plankg, least gained (no target)",
            f"{least['query']}: {least['rdflib'] / least['plankg']:.0f}x",
            "-",
            least["rdflib"] / least["plankg"],
            None,
        )
    graph = large["graph"]
    load = oxigraph_load_cpu(graph)
    query = plankg("query", "most-burdened-agencies", "--graph", str(graph))
    first = run_child(query)["cpu"]  # may write the graph's Oxigraph store beside it
    report.add(
        f"first `plankg query most-burdened-agencies` at {n} plans (no target)",
        f"{first:.1f} s",
        "-",
        None,
        None,
    )
    spent = median_cpu(query, 1)
    report.add(
        f"`plankg query most-burdened-agencies` at {n} plans / loading its Turtle into Oxigraph",
        f"{spent:.1f} s / {load:.1f} s",
        "< 1x (no reload)",
        spent / load,
        spent < load,
    )


def suite(report: Report) -> None:
    start = time.perf_counter()
    subprocess.run(["make", "test"], cwd=ROOT, check=False, capture_output=True)
    wall = time.perf_counter() - start
    report.add("`make test`, wall", f"{wall / 60:.1f} min", "<= 5 min", wall / 300, wall <= 300)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10, help="plans of the small corpus")
    parser.add_argument("--corpus", type=int, default=1000, help="plans of the large corpus")
    parser.add_argument("--rdflib-plans", type=int, default=100, help="corpus run on rdflib too")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--suite", action="store_true", help="also time `make test` (wall)")
    parser.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    args = parser.parse_args(argv)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="plankg-bench-") as tmp:
        work = Path(tmp)
        print("the bundled build and its commands ...", file=sys.stderr)
        bundled(work, report, args.repeat)
        builds, queries = [], {}
        for n in sorted({args.small, args.rdflib_plans, args.corpus}):
            print(f"building {n} plans ...", file=sys.stderr)
            b = synthetic(n, work)
            builds.append(b)
            if n != args.small or n == args.rdflib_plans:
                print(f"timing named queries at {n} plans ...", file=sys.stderr)
                queries[n] = time_queries(b["graph"], with_rdflib=n <= args.rdflib_plans)
        by_size = {b["plans"]: b for b in builds}
        corpus_targets(report, by_size[args.small], by_size[args.corpus], queries)
        if args.suite:
            suite(report)
    passed = sum(row[-1] == "PASS" for row in report.rows)
    failed = sum(row[-1] == "FAIL" for row in report.rows)
    text = "\n\n".join(
        [report.table(), f"{passed} targets met, {failed} missed", tables(builds, queries)]
    )
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
