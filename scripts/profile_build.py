"""Where a build's CPU time goes, stage by stage, as a plain table.

    python scripts/profile_build.py                  # the bundled plans, median of 3 fresh runs
    python scripts/profile_build.py --figures        # the same build drawing figures/ too
    python scripts/profile_build.py --runs 5 a.txt   # other plans, more runs

Each run is a fresh process that imports the CLI and the build workflow (the "imports" row:
interpreter start included), then runs the real `build_outputs` with a CPU timer
(`time.process_time`, all threads) wrapped around the library functions it calls. A stage's
time is exclusive: the figures drawn inside the analysis stage count as figures only. A module
imported lazily by a stage (pyshacl by validation, matplotlib by figures) counts in that stage.
Whatever no wrapped function covers is the "other" row, so the rows add up to the total.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# (stage, module, function): every library function the build workflow calls, by stage.
# "workflow" is graph.workflow, or graph.service where it still has its old name.
STAGES = [
    ("read", "workflow", "load_registry"),
    ("read", "workflow", "read_plan"),
    ("resolve", "workflow", "analyse"),
    ("resolve", "workflow", "reconcile"),
    ("graph", "workflow", "build_graph"),
    ("validation", "workflow", "turtle_store"),
    ("validation", "workflow", "check_store"),
    ("analysis", "graph.analysis.results", "analysis_files"),
    ("figures", "graph.analysis.figures", "figure_files"),
    ("site", "graph.views.site", "site_files"),
    ("report", "workflow", "render"),
    ("write", "workflow", "serialize"),
    ("write", "workflow", "replace_folder"),
    ("cache", "graph.cache", "write_cache"),  # the commands' answers, kept beside the graph
]
ORDER = [
    "imports",
    "read",
    "resolve",
    "graph",
    "validation",
    "analysis",
    "figures",
    "site",
    "report",
    "write",
    "cache",
    "other",
]


def workflow_module() -> Any:
    """The module holding build_outputs, under its new name or its old one."""
    try:
        return importlib.import_module("graph.workflow")
    except ModuleNotFoundError:
        return importlib.import_module("graph.service")


class StageTimer:
    """Exclusive CPU seconds per stage: time spent in a nested stage is taken off its caller."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.stack: list[list[Any]] = []  # [stage, start, seconds in nested stages]

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.stack.append([stage, time.process_time(), 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                _, start, nested = self.stack.pop()
                spent = time.process_time() - start
                self.seconds[stage] += spent - nested
                if self.stack:
                    self.stack[-1][2] += spent

        return timed


def profile_once(plans: list[Path], output: Path, figures: bool = False) -> dict[str, float]:
    """One build in this process, its CPU seconds per stage (call first thing in a process)."""
    import graph.cli  # noqa: F401  (what `plankg build` imports before it builds)

    workflow = workflow_module()
    imports = time.process_time()
    timer = StageTimer()
    for stage, module_name, name in STAGES:
        module = workflow if module_name == "workflow" else importlib.import_module(module_name)
        if not hasattr(module, name):
            print(f"warning: {module.__name__}.{name} not found; counted as other", file=sys.stderr)
            continue
        setattr(module, name, timer.wrap(stage, getattr(module, name)))
    start = time.process_time()
    workflow.build_outputs(plans, output, figures=figures)
    total = time.process_time() - start
    seconds = {"imports": imports, **timer.seconds}
    seconds["other"] = total - sum(timer.seconds.values())
    return seconds


def table(runs: list[dict[str, float]]) -> str:
    """Median CPU seconds and share per stage, in build order."""
    medians = {s: statistics.median(r.get(s, 0.0) for r in runs) for s in ORDER}
    total = sum(medians.values())
    lines = [f"{'stage':<12}{'CPU s':>8}{'share':>8}"]
    for stage in ORDER:
        lines.append(f"{stage:<12}{medians[stage]:>8.2f}{medians[stage] / total:>8.1%}")
    lines.append(f"{'total':<12}{total:>8.2f}{1:>8.1%}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plans", nargs="*", type=Path, help="plan files (default: bundled)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes; medians shown")
    parser.add_argument("--figures", action="store_true", help="draw figures/ too (--figures)")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:  # the child: one build, its stage times as JSON on stdout
        sys.path.insert(0, str(ROOT))
        times = profile_once(args.plans, args.output, args.figures)
        print(json.dumps(times))
        return
    plans = [str(p) for p in args.plans]
    if not plans:
        sys.path.insert(0, str(ROOT))
        from graph.io import bundled_plans

        plans = [str(p) for p in bundled_plans()]
    figures = ["--figures"] if args.figures else []
    runs = []
    with tempfile.TemporaryDirectory() as work:
        for n in range(args.runs):
            out = Path(work) / f"out-{n}"
            done = subprocess.run(
                [sys.executable, __file__, "--once", "-o", str(out), *figures, *plans],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"build failed:\n{done.stderr[-2000:]}")
            sys.stderr.write(done.stderr)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    drawn = ", figures drawn" if args.figures else ""
    print(f"{len(plans)} file(s){drawn}, median of {len(runs)} fresh run(s), CPU seconds per stage")
    print(table(runs))


if __name__ == "__main__":
    main()
