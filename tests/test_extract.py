"""Responsibility notes in every phrasing of the genre, on small hand-checkable strings."""

from __future__ import annotations

import pytest

from graph.extract import once_each
from graph.lang.en.notes import find_quantities, parse_note
from graph.model import NamedBody
from graph.reading import find_note

KNOWN = {
    "Provincial Department of Ecology and Environment",
    "Provincial Development and Reform Commission",
    "Provincial Department of Finance",
    "Provincial Department of Industry and Information Technology",
    "Provincial Bureau of Statistics",
    "Provincial Department of Commerce",
    "city governments",
}


def is_agency(name: str) -> bool:
    return name in KNOWN


def roles(note_text: str) -> tuple[list[tuple[str, str]], bool]:
    text = "1. Do the work. " + note_text
    note = find_note(text, 3, len(text))
    assert note is not None, "no note found"
    bodies, open_list, _ = parse_note(text, note, is_agency)
    for b in bodies:
        assert text[b.start : b.end] == b.printed
    return [(b.role, b.printed) for b in bodies], open_list


EE = "Provincial Department of Ecology and Environment"
DRC = "Provincial Development and Reform Commission"
FIN = "Provincial Department of Finance"
STATS = "Provincial Bureau of Statistics"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            f"(The {EE} takes the lead, and the {DRC} and the {FIN} are responsible for the division of responsibilities)",
            [("Lead", EE), ("CoResponsible", DRC), ("CoResponsible", FIN)],
        ),
        (
            f"(The {EE} shall take the lead, the {DRC} shall be responsible for the division of responsibilities)",
            [("Lead", EE), ("CoResponsible", DRC)],
        ),
        (
            f"(Led by the {EE}, the {DRC} and the {FIN} are responsible for the division of responsibilities)",
            [("Lead", EE), ("CoResponsible", DRC), ("CoResponsible", FIN)],
        ),
        (
            f"(Under the leadership of the {EE}, the {DRC} is responsible for the division of responsibilities)",
            [("Lead", EE), ("CoResponsible", DRC)],
        ),
        (
            f"({DRC}, {EE} and {FIN} are responsible for the division of responsibilities)",
            [("CoResponsible", DRC), ("CoResponsible", EE), ("CoResponsible", FIN)],
        ),
        (f"({EE} is responsible)", [("Lead", EE)]),
        (f"({EE} shall take the lead, {STATS} cooperates)", [("Lead", EE), ("Cooperating", STATS)]),
        (
            f"({EE} takes the lead, {DRC} is responsible according to the division of duties, "
            f"with the support of the {FIN})",
            [("Lead", EE), ("CoResponsible", DRC), ("Supporting", FIN)],
        ),
        (
            f"(Led by {EE}, with {DRC} and {FIN} responsible according to their duties)",
            [("Lead", EE), ("CoResponsible", DRC), ("CoResponsible", FIN)],
        ),
        (
            f"({EE} and {DRC} take the lead, {STATS} is responsible according to the division of responsibilities)",
            [("Lead", EE), ("Lead", DRC), ("CoResponsible", STATS)],
        ),
    ],
)
def test_phrasings(note: str, expected: list[tuple[str, str]]) -> None:
    assert roles(note) == (expected, False)


def test_no_lead_is_never_promoted() -> None:
    got, _ = roles(f"({STATS}, {EE} are responsible for the division of responsibilities)")
    assert [r for r, _ in got] == ["CoResponsible", "CoResponsible"]


def test_etc_opens_the_list() -> None:
    got, open_list = roles(f"({DRC}, {FIN}, {STATS}, etc.)")
    assert open_list is True
    assert got == [("CoResponsible", DRC), ("CoResponsible", FIN), ("CoResponsible", STATS)]


def test_blanket_clause_marks_implementers() -> None:
    text = (
        f"1. Work. (The {EE} takes the lead, the city governments are responsible for the "
        "implementation of the following tasks."
    )
    note = find_note(text, 3, len(text))
    assert note is not None and not note.closed
    bodies, _, ungoverned = parse_note(text, note, is_agency)
    assert [(b.role, b.printed, b.blanket) for b in bodies] == [
        ("Lead", EE, False),
        ("Implementer", "city governments", True),
    ]
    assert ungoverned is False


def test_cut_off_note_is_ungoverned() -> None:
    text = f"13. Work. ({DRC}, {FIN}, {STATS},"
    note = find_note(text, 4, len(text))
    assert note is not None and not note.closed
    _, _, ungoverned = parse_note(text, note, is_agency)
    assert ungoverned is True


def test_brackets_that_are_not_notes() -> None:
    text = "9. Use gas furnaces in foundry (10 tons/hour or less) and rock wool."
    assert find_note(text, 3, len(text)) is None


def test_lost_opening_bracket() -> None:
    text = f"19. The {FIN} and the {STATS} are responsible for the division of responsibilities)"
    note = find_note(text, 4, len(text))
    assert note is not None and not note.opened and note.start == 4
    bodies, _, _ = parse_note(text, note, is_agency)
    assert [b.printed for b in bodies] == [FIN, STATS]


def test_quantities() -> None:
    text = (
        "boilers under 35 steam tons per hour, units of 300,000 kilowatts and 1.5 million tons, 95%"
    )
    got = [(q.value, q.unit) for q in find_quantities(text, 0, len(text))]
    assert got == [
        ("35", "steam tons per hour"),
        ("300000", "kilowatts"),
        ("1500000", "tons"),
        ("95", "%"),
    ]


@pytest.mark.parametrize("is_agency", [lambda name: True, lambda name: False])
def test_and_splits_by_the_words_not_the_registry(is_agency) -> None:
    text = (
        "1. Do the work. (The Provincial Department of Housing and Urban-Rural Construction and "
        "the Provincial Development and Reform Commission take the lead, the Provincial Bureau "
        "of Statistics and Zhengzhou Bureau of China Railway Group cooperate)"
    )
    note = find_note(text, 3, len(text))
    assert note is not None and text[note.start] == "(" and note.closed
    bodies, _, _ = parse_note(text, note, is_agency)
    assert [(b.role, b.printed) for b in bodies] == [
        ("Lead", "Provincial Department of Housing and Urban-Rural Construction"),
        ("Lead", "Provincial Development and Reform Commission"),
        ("Cooperating", "Provincial Bureau of Statistics"),
        ("Cooperating", "Zhengzhou Bureau of China Railway Group"),
    ]


def test_each_printing_is_a_statement_but_a_blanket_states_nothing_twice() -> None:
    """Two notes of one task naming the same body in the same role are two statements (each
    keeps its span); a blanket clause naming a body the task already names adds none."""
    a1 = NamedBody("省发展改革委", 10, 16, "Cooperating", 1)
    a2 = NamedBody("省发展改革委", 40, 46, "Cooperating", 1)
    lead = NamedBody("省发展改革委", 50, 56, "Lead", 2)
    city = NamedBody("各市人民政府", 60, 66, "Implementer", 3)
    copy = NamedBody("各市人民政府", 90, 96, "Implementer", 1, blanket=True)
    kept = once_each([a1, a2, lead, city, copy])
    assert [(b.start, b.role, b.position) for b in kept] == [
        (10, "Cooperating", 1),
        (40, "Cooperating", 2),
        (50, "Lead", 3),
        (60, "Implementer", 4),
    ]
    assert [b.start for b in once_each([copy, city])] == [90]
