"""The hand-written expected files for the real plans in tests/data/real/ are well-formed.

These tests check the expected files against the plan texts, not the tool: every printed name
is in its note, roles and levels come from the documented sets, ids are unique and every task
with links is an item of the document's structure. Comparing the tool with these files is a
separate test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.errors import PlanError
from graph.scoring import (
    BLANKET_HEADER,
    EXPECTED_HEADER,
    STRUCTURE_HEADER,
    note_span,
    read_table,
)

REAL = Path(__file__).parent / "data" / "real"
STEMS = sorted(p.name.removesuffix(".txt") for p in REAL.glob("*.zh.txt"))

ROLES = {"Lead", "CoResponsible", "Cooperating", "Supporting", "Implementer"}
LEVELS = {
    "national",
    "province",
    "autonomous-region",
    "city",
    "county/district",
    "vertical",
    "party",
    "collective",
    "lower-governments",
    "enterprise/other",
}
KINDS = {"part", "item", "subitem", "box"}
ID = re.compile(r"^(\d+(\.\d+){0,2}|box\d*)$")


def read_tsv(text: str, header: list[str]) -> list[dict[str, str]]:
    """Rows of a tab-separated text whose first line must be `header` (PlanError if not)."""
    return read_table(text, header)


def expected_problems(plan_text: str, rows: list[dict[str, str]]) -> list[str]:
    """What is wrong with expected rows for this plan text (empty when nothing is)."""
    lines = plan_text.split("\n")
    problems = []
    cursor: dict[tuple[int, int], int] = {}
    last_note = (0, 0)
    for n, row in enumerate(rows, 2):
        where = f"row {n} ({row['task']} {row['printed']})"
        if row["role"] not in ROLES:
            problems.append(f"{where}: role {row['role']!r} not in {sorted(ROLES)}")
        if row["level"] not in LEVELS:
            problems.append(f"{where}: level {row['level']!r} not in {sorted(LEVELS)}")
        if row["open"] not in ("", "yes") or row["blanket"] not in ("", "yes"):
            problems.append(f"{where}: open/blanket must be empty or 'yes'")
        if row["blanket"] == "yes" and row["role"] != "Implementer":
            problems.append(f"{where}: a blanket row names Implementer bodies")
        printed, raw = row["printed"], row["raw"]
        if not printed or re.search(r"\s", printed):
            problems.append(f"{where}: printed name empty or has white space")
        if raw and (raw == printed or re.sub(r"\s", "", raw) != printed):
            problems.append(f"{where}: raw {raw!r} must be printed {printed!r} with its spaces")
        if not (row["note_line"].isdigit() and row["note_col"].isdigit()):
            problems.append(f"{where}: note_line and note_col must be numbers")
            continue
        line_no, col = int(row["note_line"]), int(row["note_col"])
        if not 1 <= line_no <= len(lines):
            problems.append(f"{where}: note_line {line_no} outside the file")
            continue
        line = lines[line_no - 1]
        span = note_span(line, col - 1)
        if span is None:
            problems.append(f"{where}: no bracketed note opens at line {line_no} column {col}")
            continue
        if (line_no, col) < last_note:
            problems.append(f"{where}: notes out of printed order")
        last_note = (line_no, col)
        note = line[span[0] : span[1]]
        offset = cursor.get((line_no, col), 0)
        found = note.find(raw or printed, offset)
        if found < 0:
            problems.append(
                f"{where}: {raw or printed!r} not in the note {note!r} after offset {offset}"
            )
            continue
        cursor[(line_no, col)] = found + len(raw or printed)
    return problems


def structure_problems(plan_text: str, rows: list[dict[str, str]]) -> list[str]:
    """What is wrong with structure rows for this plan text (empty when nothing is)."""
    lines = plan_text.split("\n")
    problems = []
    seen: set[str] = set()
    for n, row in enumerate(rows, 2):
        where = f"row {n} ({row['id']})"
        if row["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(row["id"])
        if not ID.match(row["id"]):
            problems.append(f"{where}: id does not follow the README convention")
        if row["kind"] not in KINDS or row["has_note"] not in ("yes", "no"):
            problems.append(f"{where}: kind or has_note outside the allowed values")
        if not row["line"].isdigit() or not 1 <= int(row["line"]) <= len(lines):
            problems.append(f"{where}: line {row['line']!r} outside the file")
            continue
        line = lines[int(row["line"]) - 1]
        head = row["printed_number"]
        if row["kind"] == "box":
            if head + " " + row["title"] not in line:
                problems.append(f"{where}: box {head} {row['title']} not on line {row['line']}")
        elif not line.startswith(head) or row["title"] not in line[len(head) :].lstrip():
            problems.append(f"{where}: line {row['line']} does not start with {head}{row['title']}")
    return problems


def cross_problems(expected: list[dict[str, str]], structure: list[dict[str, str]]) -> list[str]:
    """Tasks with links are structure items marked has_note=yes, and the other way round."""
    ids = {r["id"] for r in structure}
    with_note = {r["id"] for r in structure if r["has_note"] == "yes"}
    tasks = {r["task"] for r in expected}
    problems = [f"task {t} is not in structure.tsv" for t in sorted(tasks - ids)]
    problems += [f"task {t} has links but has_note=no" for t in sorted(tasks & ids - with_note)]
    problems += [f"item {t} has_note=yes but no links" for t in sorted(with_note - tasks)]
    return problems


def load(stem: str) -> tuple[str, list[dict[str, str]], list[dict[str, str]]]:
    text = (REAL / f"{stem}.txt").read_text(encoding="utf-8")
    expected = read_tsv(
        (REAL / f"{stem}.expected.tsv").read_text(encoding="utf-8"), EXPECTED_HEADER
    )
    structure = read_tsv(
        (REAL / f"{stem}.structure.tsv").read_text(encoding="utf-8"), STRUCTURE_HEADER
    )
    return text, expected, structure


def test_every_plan_has_both_files_and_nothing_else_is_there():
    assert len(STEMS) == 8
    names = {p.name for p in REAL.iterdir()}
    wanted = {f"{s}.{kind}" for s in STEMS for kind in ("txt", "expected.tsv", "structure.tsv")}
    assert wanted <= names, sorted(wanted - names)
    strays = names - wanted - {"README.md", "corpus-README.md", "blankets.tsv", "scores.tsv"}
    assert not strays, f"unexpected files in {REAL}: {sorted(strays)}"


@pytest.mark.parametrize("stem", STEMS)
def test_expected_links_are_in_their_notes(stem):
    text, expected, _ = load(stem)
    assert expected, f"{stem}: no rows"
    assert expected_problems(text, expected) == []


@pytest.mark.parametrize("stem", STEMS)
def test_structure_matches_the_text(stem):
    text, _, structure = load(stem)
    assert structure_problems(text, structure) == []


@pytest.mark.parametrize("stem", STEMS)
def test_every_task_with_links_is_a_structure_item_with_a_note(stem):
    _, expected, structure = load(stem)
    assert cross_problems(expected, structure) == []


def readme_counts() -> dict[str, tuple[int, int, int]]:
    """Per plan (tasks with a note, notes, links) from the table in README.md."""
    counts = {}
    for line in (REAL / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|", line)
        if m:
            counts[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return counts


@pytest.mark.parametrize("stem", STEMS)
def test_readme_counts_are_the_files_counts(stem):
    _, expected, _ = load(stem)
    notes = {(r["note_line"], r["note_col"]) for r in expected}
    tasks = {r["task"] for r in expected}
    assert readme_counts().get(stem) == (len(tasks), len(notes), len(expected))


def test_blankets_name_rows_of_the_expected_files():
    rows = read_tsv((REAL / "blankets.tsv").read_text(encoding="utf-8"), BLANKET_HEADER)
    listed = {(r["plan"], r["task"], r["printed"]) for r in rows}
    marked = {
        (stem, r["task"], r["printed"]) for stem in STEMS for r in load(stem)[1] if r["blanket"]
    }
    assert listed == marked
    for r in rows:
        ids = [s["id"] for s in load(r["plan"])[2]]
        assert ids.index(r["task"]) <= ids.index(r["applies_from"]) <= ids.index(r["applies_to"])


# The checks above must be able to fail: each broken copy of a real file is caught.

TIANJIN = "tianjin-pollution-carbon-2022.zh"


def test_checks_catch_a_wrong_role_a_misplaced_name_and_a_lost_space():
    text, expected, _ = load(TIANJIN)
    broken = [dict(r) for r in expected]
    broken[0]["role"] = "Leader"
    broken[1]["printed"] = "市教委"  # printed in 8.23's note, not in 3.4's
    broken[2]["note_line"] = str(int(broken[2]["note_line"]) + 2)
    spaced = next(i for i, r in enumerate(broken) if r["raw"])
    broken[spaced]["raw"] = ""
    problems = expected_problems(text, broken)
    assert any("role 'Leader'" in p for p in problems)
    assert any("'市教委' not in the note" in p for p in problems)
    assert any(p.startswith("row 4 ") and "no bracketed note opens" in p for p in problems)
    assert any(broken[spaced]["printed"] in p and "not in the note" in p for p in problems)


def test_checks_catch_a_duplicate_id_and_a_task_missing_from_structure():
    text, expected, structure = load(TIANJIN)
    broken = [dict(r) for r in structure]
    broken[1]["id"] = broken[0]["id"]
    assert any("duplicate id" in p for p in structure_problems(text, broken))
    fewer = [r for r in structure if r["id"] != expected[0]["task"]]
    assert f"task {expected[0]['task']} is not in structure.tsv" in cross_problems(expected, fewer)


def test_read_tsv_refuses_a_wrong_header_and_a_short_row():
    with pytest.raises(PlanError, match="header"):
        read_tsv("task\tprinted\n", EXPECTED_HEADER)
    with pytest.raises(PlanError, match="line 2 has 2 fields"):
        read_tsv("\t".join(EXPECTED_HEADER) + "\n3.4\t市水务局\n", EXPECTED_HEADER)
