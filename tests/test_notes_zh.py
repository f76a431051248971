"""Chinese responsibility notes, every printed form (issue 11 items 2-5).

Small invented notes check one form each by hand; a property test joins invented names with
every closing verb; the real plans' hand-read links (tests/data/real/*.expected.tsv) are compared
link by link with what the parser reads from each note.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.lang.zh.notes import fused_notes, note_at
from graph.lang.zh.notes import parse_note as parse_note_zh

REAL = Path(__file__).parent / "data" / "real"
STEMS = sorted(p.name.removesuffix(".expected.tsv") for p in REAL.glob("*.expected.tsv"))


def read(note: str, before: str = "推进某项工作。"):
    """(printed, role) pairs, the bodies, open list? and ungoverned? of one invented note."""
    text = before + note
    bodies, open_list, ungoverned = parse_note_zh(text, note_at(text, len(before)))
    for b in bodies:  # every span points at the printed characters, stray spaces included
        assert "".join(text[b.start : b.end].split()) == b.printed
    return [(b.printed, b.role) for b in bodies], bodies, open_list, ungoverned


# ---- roles per group ------------------------------------------------------------------------


def test_each_group_takes_the_verb_that_closes_it() -> None:
    pairs, _, _, ungoverned = read("（省粮食局牵头，省商务厅、省财政厅，省档案局、省人防办配合）")
    assert pairs == [
        ("省粮食局", "Lead"),
        ("省商务厅", "Cooperating"),
        ("省财政厅", "Cooperating"),
        ("省档案局", "Cooperating"),
        ("省人防办", "Cooperating"),
    ]
    assert not ungoverned


@pytest.mark.parametrize(
    ("verb", "one", "several"),
    [
        ("牵头", "Lead", "Lead"),
        ("牵头负责", "Lead", "Lead"),
        ("负总责", "Lead", "Lead"),
        ("统筹协调", "Lead", "Lead"),
        ("负责", "Lead", "CoResponsible"),
        ("按职责分工负责", "CoResponsible", "CoResponsible"),
        ("按职能分工负责", "CoResponsible", "CoResponsible"),
        ("按职责分工落实", "CoResponsible", "CoResponsible"),
        ("配合", "Cooperating", "Cooperating"),
        ("协助", "Cooperating", "Cooperating"),
        ("参与", "Cooperating", "Cooperating"),
        ("参加", "Cooperating", "Cooperating"),
        ("支持", "Supporting", "Supporting"),
        ("负责落实", "Implementer", "Implementer"),
    ],
)
def test_closing_verbs(verb: str, one: str, several: str) -> None:
    assert read(f"（省粮食局{verb}）")[0] == [("省粮食局", one)]
    assert read(f"（省粮食局、省商务厅{verb}）")[0] == [
        ("省粮食局", several),
        ("省商务厅", several),
    ]


def test_together_with_leads_with_the_bodies_after_it() -> None:
    pairs = read("（省粮食局会同省商务厅、省财政厅负责）")[0]
    assert pairs == [
        ("省粮食局", "Lead"),
        ("省商务厅", "CoResponsible"),
        ("省财政厅", "CoResponsible"),
    ]


def test_bare_list_is_co_responsible_and_says_so() -> None:
    pairs, _, _, ungoverned = read("（省粮食局、省商务厅）")
    assert pairs == [("省粮食局", "CoResponsible"), ("省商务厅", "CoResponsible")]
    assert ungoverned


def test_clauses_keep_their_own_verbs() -> None:
    pairs = read("（省粮食局牵头；省商务厅配合，省财政厅支持）")[0]
    assert pairs == [("省粮食局", "Lead"), ("省商务厅", "Cooperating"), ("省财政厅", "Supporting")]


def test_labels_are_not_names_and_give_their_role() -> None:
    assert read("（责任单位：省粮食局牵头，省商务厅配合）")[0] == [
        ("省粮食局", "Lead"),
        ("省商务厅", "Cooperating"),
    ]
    for between in "；，":
        assert read(f"（牵头单位：省粮食局{between}配合单位：省商务厅、省财政厅）")[0] == [
            ("省粮食局", "Lead"),
            ("省商务厅", "Cooperating"),
            ("省财政厅", "Cooperating"),
        ]


def test_verbs_broken_by_spaces_and_page_numbers() -> None:
    pairs, bodies, _, _ = read("（省粮食局、。12。省商务厅、省财政 厅按职责。分工负 责）")
    assert pairs == [(n, "CoResponsible") for n in ("省粮食局", "省商务厅", "省财政厅")]
    assert bodies[2].end - bodies[2].start == len("省财政 厅")


def test_a_note_broken_across_lines_and_pages() -> None:
    pairs = read("（省粮食局、\n- 7 -\n省商务厅按职责分工\n负责）")[0]
    assert pairs == [("省粮食局", "CoResponsible"), ("省商务厅", "CoResponsible")]


def test_a_full_stop_between_clauses_still_breaks_them() -> None:
    assert read("（省粮食局负责。省商务厅配合）")[0] == [
        ("省粮食局", "Lead"),
        ("省商务厅", "Cooperating"),
    ]


# ---- prefixes carried along a list ----------------------------------------------------------


def test_a_level_prefix_printed_once_is_carried() -> None:
    _, bodies, _, _ = read(
        "（自治区粮食局、商务厅、市场监管局、海关总署、乌鲁木齐海关按职责分工负责）"
    )
    assert [(b.printed, b.carried) for b in bodies] == [
        ("自治区粮食局", ""),
        ("商务厅", "自治区"),
        ("市场监管局", "自治区"),  # 市场 is no 市 prefix
        ("海关总署", ""),  # national
        ("乌鲁木齐海关", ""),  # vertically managed, its own place
    ]


def test_prefixes_of_their_own_and_collectives() -> None:
    _, bodies, _, _ = read("（市粮食局、市市场监管委、工业和信息化部、天津港集团、文旅局）")
    assert [b.carried for b in bodies] == ["", "", "", "", "市"]
    _, bodies, _, _ = read("（各有关部门、单位）")
    assert [(b.printed, b.carried) for b in bodies] == [("各有关部门", ""), ("单位", "各有关")]


# ---- brackets -------------------------------------------------------------------------------


@pytest.mark.parametrize("pair", ["（）", "()", "[]", "〔〕", "【】"])
def test_every_bracket_shape_delimits_a_note(pair: str) -> None:
    note = f"{pair[0]}省粮食局牵头，省商务厅配合{pair[1]}"
    assert read(note)[0] == [("省粮食局", "Lead"), ("省商务厅", "Cooperating")]


def test_brackets_inside_a_note() -> None:
    pairs = read("（各市（含甲县、乙县）政府、省发展改革委（省能源局）按职责分工负责）")[0]
    assert pairs == [
        ("各市（含甲县、乙县）政府", "CoResponsible"),
        ("省发展改革委", "CoResponsible"),
        ("省能源局", "CoResponsible"),
    ]


def test_glued_words_are_not_part_of_the_name() -> None:
    pairs, bodies, open_list, _ = read("（省粮食局牵头，省商务厅、省档案局等部门按职能）")
    assert pairs == [
        ("省粮食局", "Lead"),
        ("省商务厅", "CoResponsible"),
        ("省档案局", "CoResponsible"),
    ]
    assert open_list and [b.open_list for b in bodies] == [False, True, True]


def test_conjunctions_split_only_between_bodies() -> None:
    assert read("（省工业和信息化厅、省粮食局与省商务厅牵头）")[0] == [
        ("省工业和信息化厅", "Lead"),
        ("省粮食局", "Lead"),
        ("省商务厅", "Lead"),
    ]


def test_single_bodies_with_separators_inside() -> None:
    assert read("（省某某工作专班成员单位、各州、市有关部门按职责分工负责）")[0] == [
        ("省某某工作专班成员单位", "CoResponsible"),
        ("各州、市有关部门", "CoResponsible"),
    ]


# ---- blanket clauses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "applies_here"),
    [
        ("以下均需各县政府负责落实，不再单独列出", False),
        ("以下各项任务均需各县政府落实，不再一一列出", False),
        ("均需各县政府负责，下同", True),
        ("本项及以下各项任务均需各县政府落实", True),
    ],
)
def test_blanket_clauses(clause: str, applies_here: bool) -> None:
    pairs, bodies, _, _ = read(f"（省粮食局牵头，{clause}）")
    assert pairs == [("省粮食局", "Lead"), ("各县政府", "Implementer")]
    assert [(b.blanket, b.applies_here) for b in bodies] == [(False, True), (True, applies_here)]


def test_blanket_inside_a_nested_bracket() -> None:
    pairs, bodies, _, _ = read(
        "（省粮食局牵头，各县政府负责落实〔以下各项任务均需各地政府落实，不再列出〕）"
    )
    assert pairs == [("省粮食局", "Lead"), ("各县政府", "Implementer"), ("各地政府", "Implementer")]
    assert [b.blanket for b in bodies] == [False, False, True]


# ---- any list of names with any verb --------------------------------------------------------

VERB_ROLES = {
    "牵头": "Lead",
    "按职责分工负责": "CoResponsible",
    "按职能分工负责": "CoResponsible",
    "配合": "Cooperating",
    "协助": "Cooperating",
    "参与": "Cooperating",
    "支持": "Supporting",
}
NAME = st.tuples(
    st.sampled_from(["粮食", "海洋渔业", "文旅", "体育", "地震", "档案", "人防", "水文", "气候"]),
    st.sampled_from(["厅", "局", "委", "办", "中心"]),
).map("".join)


@given(
    prefix=st.sampled_from(["省", "市", "自治区"]),
    names=st.lists(NAME, min_size=1, max_size=8),
    verb=st.sampled_from(sorted(VERB_ROLES)),
    spaces=st.lists(st.booleans(), min_size=8, max_size=8),
    etc=st.booleans(),
)
def test_any_list_with_any_verb(
    prefix: str, names: list[str], verb: str, spaces: list[bool], etc: bool
) -> None:
    printed = [prefix + names[0], *names[1:]]
    raw = [" ".join(n) if space else n for n, space in zip(printed, spaces, strict=False)]
    _, bodies, open_list, _ = read("（" + "、".join(raw) + ("等" if etc else "") + verb + "）")
    assert [b.printed for b in bodies] == printed
    assert {b.role for b in bodies} == {VERB_ROLES[verb]}
    assert [b.carried for b in bodies] == ["", *[prefix] * (len(names) - 1)]
    assert open_list == etc


# ---- the real plans, link by link -----------------------------------------------------------


def expected_notes(stem: str) -> tuple[str, dict[tuple[int, int], list[dict[str, str]]]]:
    text = (REAL / f"{stem}.txt").read_text(encoding="utf-8")
    with (REAL / f"{stem}.expected.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    notes: dict[tuple[int, int], list[dict[str, str]]] = {}
    for row in rows:
        notes.setdefault((int(row["note_line"]), int(row["note_col"])), []).append(row)
    return text, notes


def line_starts(text: str) -> list[int]:
    """Offsets of the lines of text: note (line, column) -> offset."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


# the level prefix a row without its own takes from its list (README: role table, levels)
CARRIED = {"province": "省", "autonomous-region": "自治区", "city": "市"}
# README doubtful cases: 气象局 carried 自治区 is a vertical office, the carry is still right
DOUBTFUL_CARRY = {("xinjiang-pollution-carbon-2023.zh", "气象局")}


def expected_carried(stem: str, row: dict[str, str]) -> str:
    prefix = CARRIED.get(row["level"], "")
    if (stem, row["printed"]) in DOUBTFUL_CARRY:
        return "自治区"
    if row["level"] == "collective" and row["printed"] == "单位":
        return "各有关"
    return "" if row["printed"].startswith(prefix) else prefix


@pytest.mark.parametrize("stem", STEMS)
def test_real_notes_link_by_link(stem: str) -> None:
    text, notes = expected_notes(stem)
    starts = line_starts(text)
    for (line, col), rows in notes.items():
        bodies, _, _ = parse_note_zh(text, note_at(text, starts[line - 1] + col - 1))
        got = [(b.printed, b.role, b.open_list, b.blanket, b.carried) for b in bodies]
        want = [
            (
                r["printed"],
                r["role"],
                r["open"] == "yes",
                r["blanket"] == "yes",
                expected_carried(stem, r),
            )
            for r in rows
        ]
        assert got == want, f"{stem} note at line {line} column {col}"
        assert [text[b.start : b.end] for b in bodies] == [r["raw"] or r["printed"] for r in rows]


# ---- several notes in one paragraph ---------------------------------------------------------


def test_fused_notes_in_one_paragraph() -> None:
    text = (
        "推进甲。（责任单位：省粮食局牵头，省商务厅配合）推进乙（含丙、丁）。"
        "（省档案局、省人防办按职责分工负责）推进戊。（各有关部门、单位）"
    )
    notes = fused_notes(text, 0, len(text))
    assert [text[n.start + 1 : n.start + 3] for n in notes] == ["责任", "省档", "各有"]
    # a bare list is a note only where it closes the text; （含丙、丁） is none
    assert len(fused_notes(text, 0, text.index("推进戊"))) == 2


def test_no_real_bracket_is_taken_for_a_note_it_is_not() -> None:
    for stem in STEMS:
        text, notes = expected_notes(stem)
        starts = line_starts(text)
        expected = {starts[line - 1] + col - 1 for line, col in notes}
        found = {n.start for n in fused_notes(text, 0, len(text))}
        assert found <= expected, stem


def test_a_level_does_not_carry_past_a_name_for_each() -> None:
    _, bodies, _, _ = read("（市粮食局牵头，各区县（市）政府、管委会负责落实）")
    assert [(b.printed, b.role, b.carried) for b in bodies] == [
        ("市粮食局", "Lead", ""),
        ("各区县（市）政府", "Implementer", ""),
        ("管委会", "Implementer", ""),
    ]


def test_a_duty_after_the_verb_is_not_part_of_the_name() -> None:
    assert read("（省粮食局负责统筹协调，各县政府负责组织实施）")[0] == [
        ("省粮食局", "Lead"),
        ("各县政府", "Implementer"),
    ]


@given(
    groups=st.lists(
        st.tuples(st.lists(NAME, min_size=1, max_size=4), st.sampled_from(sorted(VERB_ROLES))),
        min_size=1,
        max_size=4,
    ),
    breaks=st.lists(st.sampled_from(["，", "；", ","]), min_size=4, max_size=4),
)
def test_any_groups_each_with_its_verb(
    groups: list[tuple[list[str], str]], breaks: list[str]
) -> None:
    words = [
        ("省" if i == 0 else "") + "、".join(names) + verb for i, (names, verb) in enumerate(groups)
    ]
    note = "（" + "".join(w + b for w, b in zip(words, breaks, strict=False))[:-1] + "）"
    pairs = read(note)[0]
    want = [(name, VERB_ROLES[verb]) for names, verb in groups for name in names]
    want[0] = ("省" + want[0][0], want[0][1])
    assert pairs == want
