"""What plankg builds from the real plans (tests/data/real/), scored link by link against the
hand-written expected files; tests/data/real/scores.tsv records the scores.

The table is a ratchet: a plan that scores below its floor (fewer correct links, more extra
links) fails, and so does a plan that scores above it or whose jurisdiction detection
changed, so the committed table always says what the tool does now. After an improvement:
`python scripts/score_real.py --update-floors` and commit scores.tsv.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.io import read_hand_checked
from graph.scoring import floor_problems, format_scores, read_floors, score_hand_checked

REAL = Path(__file__).parent / "data" / "real"


@pytest.fixture(scope="module")
def floors():
    return read_floors((REAL / "scores.tsv").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores(registry, floors):
    plans, blankets = read_hand_checked(REAL)
    return score_hand_checked(
        plans, blankets, registry, {p: f.jurisdiction for p, f in floors.items()}
    )


def test_every_real_plan_has_a_floor_and_is_scored(scores, floors):
    assert sorted(s.plan for s in scores) == sorted(floors)
    assert sum(s.expected for s in scores) == 688  # the README's total


def test_scores_are_at_their_floors(scores, floors):
    problems = floor_problems(scores, floors)
    assert not problems, "\n".join(problems) + "\n" + format_scores(scores)


def test_the_script_scores_a_folder_of_its_own_and_records_its_floors(tmp_path, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "score_real", Path(__file__).parents[1] / "scripts" / "score_real.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    stem = "tianjin-pollution-carbon-2022.zh"
    for suffix in (".txt", ".expected.tsv"):
        (tmp_path / f"{stem}{suffix}").write_text(
            (REAL / f"{stem}{suffix}").read_text(encoding="utf-8"), encoding="utf-8"
        )
    assert script.main(["--folder", str(tmp_path), "--update-floors"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(stem)
    floors = read_floors((tmp_path / "scores.tsv").read_text(encoding="utf-8"))
    assert list(floors) == [stem] and floors[stem].detected == "yes"
    assert script.main(["--folder", str(tmp_path), "--details", "tianjin"]) == 0
    head, *lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(
        rf"{re.escape(stem)}: {floors[stem].min_correct}/102 correct, \d+ extra", head
    )
    kinds = "wrong role|missing|extra|task id|level|open list|blanket"
    assert lines and all(re.match(rf"\d+:\d+ \(offset \d+\)  (?:{kinds}): ", x) for x in lines)
    assert script.main(["--folder", str(tmp_path / "none")]) == 1
    assert "no such folder" in capsys.readouterr().err
