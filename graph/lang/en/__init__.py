"""English: plans as translated or published in English (numbered parts, "(n)" sections,
"1." tasks, notes such as "(The Provincial Department of X takes the lead, ... cooperate)")."""

from __future__ import annotations

from ...model import Note
from .ingest import ingest
from .notes import coordinated_places, find_quantities, find_years, parse_note

__all__ = [
    "coordinated_places",
    "detect",
    "find_quantities",
    "find_years",
    "fused_notes",
    "ingest",
    "parse_note",
    "readable",
]


def detect(text: str) -> float:
    """English is the fallback: it reads any text no other language claims for more than 30%
    of its letters."""
    return 0.3


def fused_notes(text: str, start: int, end: int) -> list[Note]:
    """English paragraphs end in one note, the one ingest took: none inside the text."""
    return []


def readable(text: str) -> str:
    """English is matched as printed."""
    return text
