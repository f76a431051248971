"""The two records the views are made of: an `Entry` per node (what its tooltip, detail panel
and search box say) and the `Facts` read once from the graph (the entries and the relations
the views are drawn from). A leaf: `facts` fills them, `entries` builds each entry, and both
read these types from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Entry:
    id: str
    kind: str
    en: str
    zh: str
    names: list[str] = field(default_factory=list)
    numbers: list[tuple[str, str]] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    roles: list[tuple[str, list[str]]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    page: str = ""
    short: str = ""  # the label drawn on the canvas, when shorter than `en`
    short_zh: str = ""  # the Chinese label drawn on the canvas, when shorter than `zh`
    aliases: list[str] = field(default_factory=list)  # names the registry knows, for search
    _json: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def json(self) -> dict[str, Any]:
        """The entry as the page's script reads it (facets left to the page, which numbers
        them); computed once, as every page that draws the node carries it."""
        if self._json is None:
            self._json = {
                "id": self.id,
                "kind": self.kind,
                "en": self.en,
                "zh": self.zh,
                "names": self.names,
                "aliases": self.aliases,
                "numbers": [list(pair) for pair in self.numbers],
                "passages": self.passages,
                "notes": self.notes,
                "roles": [[role, names] for role, names in self.roles],
                "remarks": self.remarks,
                "page": self.page,
            }
        return self._json


@dataclass
class Facts:
    """The entries, and the relations the views are drawn from (IRIs as strings, sorted)."""

    entries: dict[str, Entry]
    roles: dict[str, dict[str, list[str]]]  # task -> agency -> its roles, strongest first
    places: dict[str, list[str]]  # task -> the places it names
    sectors: dict[str, list[str]]  # task -> the sectors it concerns
    broader: dict[str, str]  # sector -> its broader sector
    coordinates: dict[str, tuple[float, float]]  # place -> (latitude, longitude)
    cities: set[str]
    ranking: list[dict[str, Any]]  # the burden table, as the analysis ranks it
    burden: dict[str, dict[str, Any]]  # agency -> its row of that table
    cluster: dict[str, tuple[int, str]]  # agency -> (cluster number, its name in words)
    plans: int = 1
    modularity: float | None = None  # of the clusters' partition
    language: str = "en"  # the plans' own: Chinese where a source is Chinese
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # facet value -> (en, zh)
    section_of: dict[str, str] = field(default_factory=dict)  # task -> the section it is in
    sections: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # -> (number, en, zh)

    def tasks_of(self, agency: str) -> list[str]:
        return [t for t, held in self.roles.items() if agency in held]

    def tasks_naming(self, relation: dict[str, list[str]], node: str) -> list[str]:
        return [t for t, targets in relation.items() if node in targets]

    def tasks_under(self, sector: str) -> list[str]:
        """The tasks that concern the sector or a narrower one (their facets hold it)."""
        return [t for t in self.roles if sector in self.entries[t].facets.get("sector", [])]
