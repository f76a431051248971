"""The languages plans are read in, one package each behind one protocol.

A language package (graph/lang/en, graph/lang/zh) exposes module-level `CODE`, `detect`,
`ingest`, `parse_note`, `fused_notes`, `find_quantities` and `find_years`; `LANGUAGES` holds one
`Language` per package. What every language shares lives outside: graph/reading.py (page noise,
brackets, parts into sections and tasks) and graph/extract.py (blanket clauses, mentions,
defects). Adding a language is a new package here and one entry in `PACKAGES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from ..model import Ingested, IsAgency, NamedBody, Note, Quantity, Source
from . import en, zh


@dataclass(frozen=True)
class Language:
    """What the shared skeleton asks of a language."""

    code: str  # the tag of its literals and the suffix of its files (henan-2023.zh.txt)
    detect: Callable[[str], float]  # how much of a text reads as this language; highest wins
    ingest: Callable[[Source], Ingested]  # front matter, parts, sections, tasks and their notes
    # (bodies with roles in printed order, open list?, names left with no role phrase?)
    parse_note: Callable[[str, Note, IsAgency], tuple[list[NamedBody], bool, bool]]
    fused_notes: Callable[[str, int, int], list[Note]]  # notes printed inside a task's text
    find_quantities: Callable[[str, int, int], list[Quantity]]
    find_years: Callable[[str, int, int], list[int]]


def language_of(package: ModuleType) -> Language:
    return Language(
        code=package.CODE,
        detect=package.detect,
        ingest=package.ingest,
        parse_note=package.parse_note,
        fused_notes=package.fused_notes,
        find_quantities=package.find_quantities,
        find_years=package.find_years,
    )


PACKAGES = (en, zh)  # in order of preference where two languages score the same
LANGUAGES = {package.CODE: language_of(package) for package in PACKAGES}


def detect_language(text: str) -> str:
    """The code of the language that claims the text most (the first one on a tie)."""
    return max(LANGUAGES.values(), key=lambda language: language.detect(text)).code
