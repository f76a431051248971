"""The languages plans are read in, one package each behind one protocol.

A language package (graph/lang/en, graph/lang/zh), named by its code, exposes at module level
the functions of `Language`; `LANGUAGES` holds one `Language` per package found here. What
every language shares lives outside: graph/reading.py (page noise, brackets, parts into
sections and tasks) and graph/extract.py (blanket clauses, mentions, defects). Adding a
language is a new package here and its tests; nothing else names the languages.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from ..model import Ingested, IsAgency, NamedBody, Note, Quantity, Source


@dataclass(frozen=True)
class Language:
    """What the shared skeleton asks of a language."""

    code: str  # the tag of its literals and the suffix of its files (henan-2023.zh.txt)
    detect: Callable[[str], float]  # how much of a text reads as this language; highest wins
    # the copy of a text its readers match, of the same length (offsets carry over unchanged)
    readable: Callable[[str], str]
    ingest: Callable[[Source], Ingested]  # front matter, parts, sections, tasks and their notes
    # (bodies with roles in printed order, open list?, names left with no role phrase?)
    parse_note: Callable[[str, Note, IsAgency], tuple[list[NamedBody], bool, bool]]
    fused_notes: Callable[[str, int, int], list[Note]]  # notes printed inside a task's text
    find_quantities: Callable[[str, int, int], list[Quantity]]
    find_years: Callable[[str, int, int], list[int]]
    # places printed coordinated: (the words naming one, the span of the whole phrase)
    coordinated_places: Callable[[str, int, int], list[tuple[str, int, int]]]


def language_of(package: ModuleType) -> Language:
    return Language(
        code=package.__name__.rsplit(".", 1)[-1],
        detect=package.detect,
        readable=package.readable,
        ingest=package.ingest,
        parse_note=package.parse_note,
        fused_notes=package.fused_notes,
        find_quantities=package.find_quantities,
        find_years=package.find_years,
        coordinated_places=package.coordinated_places,
    )


CODES = tuple(sorted(found.name for found in pkgutil.iter_modules(__path__) if found.ispkg))
LANGUAGES = {code: language_of(importlib.import_module(f"{__name__}.{code}")) for code in CODES}


def detect_language(text: str) -> str:
    """The code of the language that claims the text most; on a tie the code first in
    alphabetical order (English, whose claim is a constant 0.3, reads what no other claims)."""
    return max(LANGUAGES.values(), key=lambda language: language.detect(text)).code
