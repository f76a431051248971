"""Score what plankg builds from the hand-checked real plans (tests/data/real/) link by link.

    python scripts/score_real.py                      # the per-plan table
    python scripts/score_real.py --format tsv         # or json
    python scripts/score_real.py --details tianjin    # every wrong, missing and extra link
    python scripts/score_real.py --update-floors      # record the scores in scores.tsv

A link is matched by where its name is printed and by its role (graph/scoring.py says how).
Each plan is built first without a jurisdiction; the `jurisdiction` column of scores.tsv (or
--jurisdiction STEM=ID) is used only when the tool cannot tell it, and the `detected` column
says whether it could. tests/test_real_scores.py fails when a plan scores below its floor in
scores.tsv, and when it scores above it (then run --update-floors and commit the table).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.errors import PlanError  # noqa: E402
from graph.io import read_hand_checked  # noqa: E402
from graph.registry import load_registry  # noqa: E402
from graph.scoring import (  # noqa: E402
    format_details,
    format_floors,
    format_scores,
    raised_floors,
    read_floors,
    score_hand_checked,
)

REAL = ROOT / "tests" / "data" / "real"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=REAL, help="hand-checked plans")
    parser.add_argument("--floors", type=Path, help="the floors table (default FOLDER/scores.tsv)")
    parser.add_argument("--format", choices=["text", "tsv", "json"], default="text")
    parser.add_argument("--details", metavar="PLAN", help="a plan's stem, or a unique part of it")
    parser.add_argument(
        "--jurisdiction",
        action="append",
        default=[],
        metavar="STEM=ID",
        help="a plan's known jurisdiction (a place id), used when the tool cannot tell it",
    )
    parser.add_argument("--update-floors", action="store_true", help="rewrite the floors table")
    args = parser.parse_args(argv)
    floors_path = args.floors or args.folder / "scores.tsv"
    try:
        plans, blankets = read_hand_checked(args.folder)
        floors = (
            read_floors(floors_path.read_text(encoding="utf-8")) if floors_path.exists() else {}
        )
        jurisdictions = {stem: f.jurisdiction for stem, f in floors.items()}
        for given in args.jurisdiction:
            stem, _, place = given.partition("=")
            jurisdictions[stem] = place
        if args.details:
            chosen = [s for s in plans if args.details == s] or [
                s for s in plans if args.details in s
            ]
            if len(chosen) != 1:
                raise PlanError(args.details, f"names {len(chosen)} plans of {sorted(plans)}")
            plans = {chosen[0]: plans[chosen[0]]}
        scores = score_hand_checked(plans, blankets, load_registry(), jurisdictions)
    except PlanError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.details:
        sys.stdout.write(format_details(scores[0]))
        return 0
    sys.stdout.write(format_scores(scores, args.format))
    if args.update_floors:
        floors_path.write_text(format_floors(raised_floors(scores, floors)), encoding="utf-8")
        print(f"wrote {floors_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
