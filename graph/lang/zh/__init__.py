"""Chinese: plans as issued (一、 parts, （一） sections, 1. tasks, notes such as
"（省发展改革委牵头，省有关部门按职责分工负责）"), in simplified characters (a traditional text is
read in a simplified copy by the pipeline)."""

from __future__ import annotations

import re

from .ingest import ingest
from .notes import find_quantities, find_years, fused_notes, parse_note

CODE = "zh"
CJK = re.compile(r"[\u3400-\u9fff]")
__all__ = ["CODE", "detect", "find_quantities", "find_years", "fused_notes", "ingest", "parse_note"]


def detect(text: str) -> float:
    """The share of the text's letters that are Chinese characters."""
    letters = sum(1 for ch in text if ch.isalpha())
    return len(CJK.findall(text)) / letters if letters else 0.0
