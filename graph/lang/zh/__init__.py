"""Chinese: plans as issued (一、 parts, （一） sections, 1. tasks, notes such as
"（省发展改革委牵头，省有关部门按职责分工负责）"), in simplified characters (a text in traditional ones is
read in its simplified copy: `readable`)."""

from __future__ import annotations

import re

from .ingest import ingest
from .notes import find_quantities, find_years, fused_notes, parse_note
from .traditional import is_traditional, simplified

CJK = re.compile(r"[\u3400-\u9fff]")
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
    """The share of the text's letters that are Chinese characters."""
    letters = sum(1 for ch in text if ch.isalpha())
    return len(CJK.findall(text)) / letters if letters else 0.0


def readable(text: str) -> str:
    """A plan in traditional characters is read in a simplified copy of the same length; the
    pipeline quotes the original characters back into everything read."""
    return simplified(text) if is_traditional(text) else text


def coordinated_places(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """No coordinated form is read in Chinese: each place a plan prints is matched as a registry
    spelling."""
    return []
