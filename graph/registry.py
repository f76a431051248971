"""The curated registries (agencies, agency functions, places, sectors) as plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TypeVar

from .errors import PlanError
from .io import REGISTRIES, read_csv
from .namespace import KINDS

CJK = re.compile(r"[\u3400-\u9fff]")
T = TypeVar("T")


def split_list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|") if item.strip()]


def fold(name: str) -> str:
    """The form names are compared in: case-folded, one space, no leading article or end marks."""
    s = name.replace("\u2019", "'").replace("\u2018", "'").casefold()
    s = re.sub(r"\s+", " ", s).strip(" ,.;:，。；、")
    return re.sub(r"^the ", "", s)


@dataclass(frozen=True)
class Function:
    id: str
    label_en: str
    label_zh: str
    kind: str
    name_en: str  # the body's name without its jurisdiction, used to mint agencies
    name_zh: str
    national_en: str  # the national body of that function ("Ministry of ...")
    national_zh: str
    keys_en: tuple[str, ...]
    keys_zh: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    id: str
    jurisdiction: str
    function: str
    kind: str
    name_en: str
    name_zh: str
    aliases: tuple[str, ...]
    curated: bool = True  # False: minted by rule for a jurisdiction the registry lacks


@dataclass(frozen=True)
class Place:
    id: str
    type: str
    name_en: str
    name_zh: str
    aliases: tuple[str, ...]
    parent: str
    geonames_id: str
    lat: str
    long: str
    source: str
    code: str = ""  # the administrative division code, for a place from divisions.csv


@dataclass(frozen=True)
class Division:
    """One administrative division of China (divisions.csv): province, prefecture or county."""

    id: str
    code: str
    level: str  # province | prefecture | county
    type: str  # the place class: Region | City | County
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]  # short forms: 天津, 新疆, 甘孜州
    parent: str
    lat: str
    long: str
    sources: str

    def as_place(self) -> Place:
        return Place(
            id=self.id,
            type=self.type,
            name_en=self.name_en,
            name_zh=self.name_zh,
            aliases=(self.name_zh, *self.aliases),
            parent=self.parent,
            geonames_id="",
            lat=self.lat,
            long=self.long,
            source=f"divisions.csv ({self.sources.replace('|', ', ')})",
            code=self.code,
        )


# The jurisdiction of a plan that names none: an explicit place, so pk:jurisdiction is never
# missing and never a guess.
UNKNOWN_ID = "unknown-jurisdiction"
UNKNOWN_PLACE = Place(
    id=UNKNOWN_ID,
    type="",
    name_en="Jurisdiction not stated",
    name_zh="未注明辖区",
    aliases=(),
    parent="",
    geonames_id="",
    lat="",
    long="",
    source="plankg: the plan's title, letterhead and notes name no jurisdiction",
)


@dataclass(frozen=True)
class Sector:
    id: str
    broader: str
    label_en: str
    label_zh: str
    aliases_en: tuple[str, ...]
    aliases_zh: tuple[str, ...]


@dataclass
class Registry:
    functions: dict[str, Function] = field(default_factory=dict)
    agencies: dict[tuple[str, str], Agency] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    divisions: dict[str, Division] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # derived indexes

    def provinces(self) -> list[Place]:
        return [p for p in self.places.values() if p.type == "Region" and p.parent == "china"]

    def place(self, pid: str) -> Place | None:
        """A place id's place: the curated row of places.csv, else its division, else the
        unknown jurisdiction for its id; None for an id that is none of them."""
        if pid in self.places:
            return self.places[pid]
        if pid in self.divisions:
            return self.divisions[pid].as_place()
        return UNKNOWN_PLACE if pid == UNKNOWN_ID else None


def from_row(cls: type[T], row: dict[str, str]) -> T:
    """A registry row as its dataclass: each field from the column of its name, a tuple field
    split at " | ", a field with a default left to it where the column is absent."""
    values: dict[str, object] = {}
    for f in fields(cls):
        if f.name in row:
            cell = row[f.name]
            values[f.name] = tuple(split_list(cell)) if str(f.type).startswith("tuple") else cell
    return cls(**values)


def load_registry(directory: Path = REGISTRIES) -> Registry:
    reg = Registry()
    for row in read_csv(directory / "functions.csv"):
        reg.functions[row["id"]] = Function(
            id=row["id"],
            label_en=row["label_en"],
            label_zh=row["label_zh"],
            kind=row["kind"],
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            national_en=row.get("national_en", ""),
            national_zh=row.get("national_zh", ""),
            keys_en=tuple(split_list(row["keys_en"])),
            keys_zh=tuple(split_list(row["keys_zh"])),
        )
    for row in read_csv(directory / "agencies.csv"):
        agency = Agency(
            id=row["id"],
            jurisdiction=row["jurisdiction"],
            function=row["function"],
            kind=row["kind"],
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            aliases=tuple(split_list(row["aliases"])),
        )
        reg.agencies[(agency.jurisdiction, agency.id)] = agency
    places_csv = directory / "places.csv"
    if places_csv.exists():
        for row in read_csv(places_csv):
            reg.places[row["id"]] = from_row(Place, row)
    divisions_csv = directory / "divisions.csv"
    if divisions_csv.exists():
        for row in read_csv(divisions_csv):
            reg.divisions[row["id"]] = from_row(Division, row)
    for pid, division in reg.divisions.items():  # a curated place that is a division: its code
        if pid in reg.places:
            reg.places[pid] = replace(reg.places[pid], code=division.code)
    sectors_csv = directory / "sectors.csv"
    if sectors_csv.exists():
        for row in read_csv(sectors_csv):
            reg.sectors[row["id"]] = Sector(
                id=row["id"],
                broader=row["broader"],
                label_en=row["label_en"],
                label_zh=row["label_zh"],
                aliases_en=tuple(split_list(row["aliases_en"])),
                aliases_zh=tuple(split_list(row["aliases_zh"])),
            )
    check_kinds(directory, reg)
    return reg


def check_kinds(directory: Path, reg: Registry) -> None:
    """Every agency kind is a concept of pk:AgencyKindScheme, which the graph links it to."""
    known = KINDS["agency-kind"]
    for name, rows in (
        ("functions.csv", reg.functions.values()),
        ("agencies.csv", reg.agencies.values()),
    ):
        for row in rows:
            if row.kind not in known:
                raise PlanError(
                    str(directory / name),
                    f"{row.id}: kind {row.kind!r} is none of {', '.join(known)} "
                    "(add it to pk:AgencyKindScheme in ontology/plan.ttl and graph/namespace.py)",
                )
