"""The map page: the plans' jurisdictions drawn from shipped boundary data, the places their
tasks name at their coordinates, labelled without overlap, and the tasks listed by place.

Server-side and deterministic: boundaries.json (data/registries/, made by
scripts/make_boundaries.py from a package's boundary data, see BOUNDARIES.md) holds each
province's and prefecture's rings, simplified; this module projects them and the places
(equirectangular, longitudes squeezed by the cosine of the middle latitude, north up) into an
SVG viewBox, and places each label greedily at the first of eight spots round its marker that
hits no marker, no label placed before it and no edge of the map, else at the same eight spots
further out with a leader line that crosses none of them either. A place whose label fits
nowhere gets a number, listed beside the map; one whose number fits nowhere is listed there
too, so nothing is hidden without a word.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..io import shipped
from ..namespace import PK
from .model import View
from .records import Facts

BOUNDARIES = "boundaries.json"
NATIONAL_CODE = "100000"  # the code boundaries.json files China under
NATIONAL_ID = "china"  # the place id of the national jurisdiction (graph/resolve.py)
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}  # their districts stand for prefectures
WIDTH = 1000.0  # the viewBox's longer side
MARGIN = 24.0  # viewBox units kept free round the drawing
FONT_SIZE = 16.0  # a label's font size, in viewBox units (map.css says the same)
PADDING = 2.0  # kept free round each label's estimated box
Point = tuple[float, float]
Ring = list[Point]


# --- geometry -------------------------------------------------------------------------------


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    """How far p lies from the segment a-b (planar)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(points: Sequence[Point], tolerance: float) -> Ring:
    """Douglas-Peucker: the fewest of points, first and last kept, that stay within tolerance
    of the line through all of them. The same input gives the same output."""
    n = len(points)
    if n < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        far, index = -1.0, -1
        for i in range(first + 1, last):
            d = distance_to_segment(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: Sequence[Point], tolerance: float) -> Ring | None:
    """A closed ring simplified, split at its point farthest from its first (so the closing
    point is no fixed corner); None when what is left is smaller than the tolerance."""
    if len(ring) < 4:
        return None
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    if max(max(xs) - min(xs), max(ys) - min(ys)) < 2 * tolerance:
        return None
    start = ring[0]
    split = max(
        range(len(ring)), key=lambda i: (ring[i][0] - start[0]) ** 2 + (ring[i][1] - start[1]) ** 2
    )
    half = simplify(ring[: split + 1], tolerance) + simplify(ring[split:], tolerance)[1:]
    return half if len(half) >= 4 else None


def encode(ring: Sequence[Point], unit: int) -> list[int]:
    """A ring as integers: the first point in 1/unit degrees, then each step from the one
    before (most steps are small numbers: a compact file)."""
    out: list[int] = []
    last = (0, 0)
    for lon, lat in ring:
        here = (round(lon * unit), round(lat * unit))
        if out and here == last:
            continue
        out += [here[0] - last[0], here[1] - last[1]]
        last = here
    return out


def decode(flat: Sequence[int], unit: int) -> Ring:
    x = y = 0
    ring = []
    for i in range(0, len(flat), 2):
        x, y = x + flat[i], y + flat[i + 1]
        ring.append((x / unit, y / unit))
    return ring


@dataclass(frozen=True)
class Extent:
    west: float
    south: float
    east: float
    north: float

    @classmethod
    def around(cls, points: Iterable[Point]) -> Extent:
        pts = list(points)
        return cls(
            min(p[0] for p in pts),
            min(p[1] for p in pts),
            max(p[0] for p in pts),
            max(p[1] for p in pts),
        )

    def holds(self, lon: float, lat: float, slack: float = 0.0) -> bool:
        dx, dy = (self.east - self.west) * slack, (self.north - self.south) * slack
        return self.west - dx <= lon <= self.east + dx and self.south - dy <= lat <= self.north + dy


@dataclass(frozen=True)
class Projection:
    """lon/lat -> viewBox x/y: x = (lon - west) * cos(middle latitude) * scale, y down from the
    north edge; the longer side WIDTH, MARGIN free round it."""

    extent: Extent
    squeeze: float
    scale: float
    width: float
    height: float

    @classmethod
    def fit(cls, extent: Extent, longer: float = WIDTH, margin: float = MARGIN) -> Projection:
        squeeze = math.cos(math.radians((extent.north + extent.south) / 2))
        wide = max((extent.east - extent.west) * squeeze, 1e-6)
        tall = max(extent.north - extent.south, 1e-6)
        scale = (longer - 2 * margin) / max(wide, tall)
        return cls(extent, squeeze, scale, wide * scale + 2 * margin, tall * scale + 2 * margin)

    def __call__(self, lon: float, lat: float) -> Point:
        return (
            MARGIN + (lon - self.extent.west) * self.squeeze * self.scale,
            MARGIN + (self.extent.north - lat) * self.scale,
        )

    def degrees(self, units: float) -> float:
        """How many degrees of latitude `units` of the viewBox span."""
        return units / self.scale


def svg_path(rings: Iterable[Ring], project: Projection) -> str:
    """The rings as one SVG path ("M x y L … Z" per ring), to a tenth of a unit."""
    parts = []
    for ring in rings:
        pts = [project(lon, lat) for lon, lat in ring]
        steps = " ".join(f"{x:.1f} {y:.1f}" for x, y in pts[1:])
        parts.append(f"M{pts[0][0]:.1f} {pts[0][1]:.1f}L{steps}Z")
    return "".join(parts)


# --- labels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: Box) -> bool:
        return (
            other.x0 <= self.x0
            and self.x1 <= other.x1
            and other.y0 <= self.y0
            and self.y1 <= other.y1
        )


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of how wide text is drawn at size: a full em for CJK and other wide
    characters, more for capitals than for lower case, little for spaces and dots."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F", "A"):  # "A": —, … drawn wide in CJK
            width += 1.0
        elif ch in " .,'·-":
            width += 0.34
        elif ch.isupper() or ch in "mwMW@":
            width += 0.74
        else:
            width += 0.58
    return width * size


# where a label may stand round its marker, in order of preference: (dx, dy) direction and the
# text-anchor it needs; dy 0 centres the label on the marker's height
SPOTS = [
    (1, 0, "start"),
    (-1, 0, "end"),
    (0, -1, "middle"),
    (0, 1, "middle"),
    (1, -1, "start"),
    (1, 1, "start"),
    (-1, -1, "end"),
    (-1, 1, "end"),
]


@dataclass(frozen=True)
class Marker:
    id: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Label:
    """A label as drawn: its text, the anchor point (SVG x/y of the baseline), its box, and the
    line from its marker to it when it stands off (x1, y1, x2, y2)."""

    id: str
    text: str
    x: float
    y: float
    anchor: str
    box: Box
    leader: tuple[float, float, float, float] | None = None


OFF = (
    1.5 * FONT_SIZE
)  # how much further a label stands off its marker when no spot beside it is free


def label_box(
    x: float, y: float, r: float, text: str, dx: int, dy: int, anchor: str, off: float = 0.0
) -> Label:
    """The label beside a marker at (x, y) of radius r in direction (dx, dy), `off` further out
    (then with a leader line from the marker's edge to the label)."""
    w, h = text_width(text), FONT_SIZE * 1.25
    gap = r + 3.0 + off
    cx = x + dx * gap
    cy = y + dy * (gap + h / 2)  # the label's vertical middle
    x0 = cx if anchor == "start" else cx - w if anchor == "end" else cx - w / 2
    box = Box(x0 - PADDING, cy - h / 2 - PADDING, x0 + w + PADDING, cy + h / 2 + PADDING)
    baseline = cy + FONT_SIZE * 0.36  # an em box's middle sits about 0.36 em above its baseline
    leader = None
    if off:
        norm = math.hypot(dx, dy)
        start = (x + dx / norm * r, y + dy / norm * r)
        if anchor == "start":
            end = (box.x0, cy)
        elif anchor == "end":
            end = (box.x1, cy)
        else:
            end = (cx, box.y1 if dy < 0 else box.y0)
        leader = (start[0], start[1], end[0], end[1])
    return Label("", text, cx, baseline, anchor, box, leader)


def along(leader: tuple[float, float, float, float], steps: int = 12) -> list[Box]:
    """Small boxes along a leader line, what it keeps free of other labels."""
    x1, y1, x2, y2 = leader
    out = []
    for i in range(1, steps):
        t = i / steps
        x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        out.append(Box(x - 1.0, y - 1.0, x + 1.0, y + 1.0))
    return out


def reach(m: Marker, markers: Sequence[Marker]) -> float:
    """How far from m's centre the markers touching it reach (m's radius when none does): a
    label clears them all, so two places on one spot can both be labelled."""
    out = m.r
    for other in markers:
        d = math.hypot(other.x - m.x, other.y - m.y)
        if d < m.r + other.r:
            out = max(out, d + other.r)
    return out


def fit_label(
    m: Marker, text: str, markers: Sequence[Marker], taken: list[Box], frame: Box
) -> Label | None:
    """The first spot for m's label, beside it, else standing off with a leader, that stays in
    frame and overlaps nothing taken (nor does its leader); what it takes is added to taken."""
    own = Box(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r)
    r = reach(m, markers)
    for off in (0.0, OFF):
        for dx, dy, anchor in SPOTS:
            label = label_box(m.x, m.y, r, text, dx, dy, anchor, off)
            if not label.box.inside(frame) or any(label.box.overlaps(b) for b in taken):
                continue
            line = along(label.leader) if label.leader else []
            if any(dot.overlaps(b) for dot in line for b in taken if b != own):
                continue
            taken += [label.box, *line]
            return Label(m.id, text, label.x, label.y, anchor, label.box, label.leader)
    return None


def place_labels(
    markers: Sequence[Marker], texts: dict[str, str], frame: Box
) -> dict[str, Label | None]:
    """A label per marker (in the order given: most important first) at the first spot that
    overlaps no marker, no label or leader already placed and stays within frame; None where
    no spot is free."""
    taken = [Box(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r) for m in markers]
    return {m.id: fit_label(m, texts[m.id], markers, taken, frame) for m in markers}


def labels_with_numbers(
    markers: Sequence[Marker], texts: dict[str, str], frame: Box
) -> tuple[dict[str, Label], dict[str, int]]:
    """Labels by place_labels; a marker none fits gets its number (1, 2, … in marker order)
    as a label where one fits. Returns the labels drawn and the numbers given (a number in the
    second dict with no label in the first: listed beside the map only)."""
    taken = [Box(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r) for m in markers]
    placed = {m.id: fit_label(m, texts[m.id], markers, taken, frame) for m in markers}
    drawn = {k: v for k, v in placed.items() if v is not None}
    numbers: dict[str, int] = {}
    for m in markers:
        if placed[m.id] is None:
            numbers[m.id] = len(numbers) + 1
    for m in markers:
        if m.id in numbers:
            label = fit_label(m, str(numbers[m.id]), markers, taken, frame)
            if label is not None:
                drawn[m.id] = label
    return drawn, numbers


# --- boundary data --------------------------------------------------------------------------


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: (
        str  # country, province, prefecture (a municipality's districts count as its prefectures)
    )
    parent: str
    rings: tuple[Ring, ...]


@dataclass(frozen=True)
class Boundaries:
    divisions: dict[str, Division]
    about: dict[str, Any]

    def under(self, code: str) -> list[Division]:
        return sorted(
            (d for d in self.divisions.values() if d.parent == code), key=lambda d: d.code
        )


def read_boundaries(text: str) -> Boundaries:
    raw = json.loads(text)
    unit = int(raw["unit"])
    divisions = {
        code: Division(
            code,
            d["name"],
            d["level"],
            d["parent"],
            tuple(decode(r, unit) for r in d["rings"]),
        )
        for code, d in raw["divisions"].items()
    }
    return Boundaries(divisions, {k: v for k, v in raw.items() if k != "divisions"})


@cache
def boundaries() -> Boundaries:
    return read_boundaries((shipped("data/registries") / BOUNDARIES).read_text(encoding="utf-8"))


# --- the page -------------------------------------------------------------------------------


@dataclass
class MapPlace:
    """A place the tasks name, as the page shows it."""

    id: str
    en: str
    zh: str
    kind: str
    tasks: list[str]
    x: float | None = None  # None: not drawn (no coordinates, outside the map, the jurisdiction)
    y: float | None = None
    r: float = 5.0
    why: str = ""  # why it is not drawn
    number: dict[str, int] = field(default_factory=dict)  # language -> its number in the legend
    labelled: dict[str, bool] = field(default_factory=dict)  # language -> a label (or number) drawn


@dataclass
class MapDrawing:
    """What map.html.j2 draws: the viewBox, the boundary paths, the markers and labels, and
    what the page says about what it could not draw."""

    width: float
    height: float
    outlines: list[dict[str, str]]
    areas: list[dict[str, str]]
    places: list[MapPlace]
    labels: dict[str, list[Label]]  # language -> labels
    notices: list[str]
    drawn_as: str  # "prefecture" or "province": what the areas are
    source: str


def place_id(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def jurisdictions(g: Graph) -> list[tuple[str, str]]:
    """(place IRI, division code) of each plan's jurisdiction; national -> NATIONAL_CODE, a
    place with no code -> ""."""
    out = set()
    for plan in g.subjects(RDF.type, PK.Plan):
        place = g.value(plan, PK.jurisdiction)
        if place is None:
            continue
        code = g.value(place, PK.divisionCode)
        if place_id(str(place)) == NATIONAL_ID:
            out.add((str(place), NATIONAL_CODE))
        else:
            out.add((str(place), str(code) if code is not None else ""))
    return sorted(out)


def holds(outer: str, inner: str) -> bool:
    """Whether the division coded outer holds the one coded inner (codes share their leading
    digits: 410000 holds 410100, which holds 410122; 100000 holds every other)."""
    if outer == inner:
        return True
    if outer == NATIONAL_CODE:
        return True
    if outer.endswith("0000"):
        return inner.startswith(outer[:2])
    if outer.endswith("00"):
        return inner.startswith(outer[:4])
    return False


def drawn_division(code: str, data: Boundaries) -> Division | None:
    """The division code names, or the nearest one above it that the data holds (a county's
    prefecture, then its province)."""
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if candidate in data.divisions:
            return data.divisions[candidate]
    return None


def map_drawing(g: Graph, facts: Facts, data: Boundaries | None = None) -> MapDrawing:
    data = data or boundaries()
    notices: list[str] = []
    outlines: list[Division] = []
    areas: list[Division] = []
    drawn_as = "prefecture"
    whole: dict[str, str] = {}  # place IRI drawn as the outline -> its name
    stated = jurisdictions(g)
    if not stated:
        notices.append(
            "No plan states its jurisdiction: the places are drawn at their coordinates "
            "without a map."
        )
    for iri, code in stated:
        name = facts.names.get(iri, (place_id(iri), ""))[0]
        if iri in facts.entries:
            name = facts.entries[iri].en
        division = drawn_division(code, data) if code else None
        if division is None:
            notices.append(
                f"No boundary data for the jurisdiction {name}"
                + (f" (code {code})" if code else " (no division code)")
                + ": the places are drawn at their coordinates without a map."
            )
            continue
        if division.code != code:
            notices.append(
                f"No boundary of its own for {name} (code {code}): drawn is {division.name} "
                f"(code {division.code}), which holds it."
            )
        whole[iri] = name
        outlines.append(division)
        areas += data.under(division.code)
    if any(d.code == NATIONAL_CODE for d in outlines):
        outlines = [data.divisions[NATIONAL_CODE]]
        areas = data.under(NATIONAL_CODE)
        drawn_as = "province"
    elif outlines and all(d.code in MUNICIPALITIES for d in outlines):
        drawn_as = "district"
    areas = sorted({d.code: d for d in areas}.values(), key=lambda d: d.code)

    mentioned = sorted({p for ps in facts.places.values() for p in ps})
    places = []
    for p in mentioned:
        entry = facts.entries[p]
        kind = dict(entry.numbers).get("kind", "place")
        places.append(MapPlace(p, entry.en, entry.zh, kind, facts.tasks_naming(facts.places, p)))
    # the extent: the outlines, else the places
    ring_points = [pt for d in outlines for ring in d.rings for pt in ring]
    coords = {p: (long, lat) for p, (lat, long) in facts.coordinates.items()}
    extent: Extent | None = None
    if ring_points:
        extent = Extent.around(ring_points)
    elif coords:
        extent = Extent.around(coords.values())
        pad_x = max((extent.east - extent.west) * 0.08, 0.2)
        pad_y = max((extent.north - extent.south) * 0.08, 0.2)
        extent = Extent(
            extent.west - pad_x, extent.south - pad_y, extent.east + pad_x, extent.north + pad_y
        )
    if not mentioned:
        notices.append("No task names a place: the map shows the jurisdiction only.")
    if extent is None:
        return MapDrawing(
            WIDTH, WIDTH / 2, [], [], places, {"zh": [], "en": []}, notices, drawn_as, ""
        )
    project = Projection.fit(extent)
    tolerance = project.degrees(0.6)  # finer than a pixel or so: what the eye cannot tell

    def rings_of(d: Division) -> list[Ring]:
        return [r for ring in d.rings if (r := simplify_ring(ring, tolerance)) is not None]

    codes = {str(c): p for p in mentioned for c in [facts_code(g, p)] if c}
    outline_paths = [
        {"code": d.code, "name": d.name, "d": svg_path(rings_of(d), project)} for d in outlines
    ]
    area_paths = [
        {
            "code": d.code,
            "name": d.name,
            "d": svg_path(rings_of(d), project),
            "place": codes.get(d.code, ""),
        }
        for d in areas
    ]
    outside = []
    drawn_codes = [d.code for d in outlines]
    for place in places:
        code = NATIONAL_CODE if place_id(place.id) == NATIONAL_ID else facts_code(g, place.id)
        if place.id in whole:
            place.why = "the jurisdiction: its outline is the map"
            continue
        if code and any(holds(code, c) for c in drawn_codes):
            place.why = "holds the whole area drawn"
            continue
        if place.id not in coords:
            place.why = "no coordinates"
            continue
        lon, lat = coords[place.id]
        if ring_points and not extent.holds(lon, lat, 0.02):
            place.why = "outside the area drawn"
            outside.append(place.en)
            continue
        place.x, place.y = project(lon, lat)
        place.r = 4.0 + 1.5 * math.sqrt(len(place.tasks))
    if outside:
        notices.append(
            f"{len(outside)} place(s) lie outside the area drawn and are listed only: "
            + "; ".join(sorted(outside))
        )
    missing = sorted(p.en for p in places if p.why == "no coordinates")
    if missing:
        notices.append(
            f"{len(missing)} place(s) have no coordinates and are listed only: "
            + "; ".join(missing)
        )
    on_map = sorted(
        (p for p in places if p.x is not None), key=lambda p: (-len(p.tasks), p.en, p.id)
    )
    markers = [Marker(p.id, p.x or 0.0, p.y or 0.0, p.r) for p in on_map]
    frame = Box(2.0, 2.0, project.width - 2.0, project.height - 2.0)
    labels: dict[str, list[Label]] = {}
    for lang in ("zh", "en"):
        texts = {p.id: (p.zh or p.en) if lang == "zh" else p.en for p in on_map}
        drawn, numbers = labels_with_numbers(markers, texts, frame)
        labels[lang] = [drawn[m.id] for m in markers if m.id in drawn]
        for p in on_map:
            if p.id in numbers:
                p.number[lang] = numbers[p.id]
            p.labelled[lang] = p.id in drawn
    source = str(data.about.get("source", {}).get("summary", ""))
    return MapDrawing(
        project.width,
        project.height,
        outline_paths,
        area_paths,
        places,
        labels,
        notices,
        drawn_as,
        source,
    )


def facts_code(g: Graph, place: str) -> str:
    code = g.value(URIRef(place), PK.divisionCode)
    return str(code) if code is not None else ""


# --- the HTML -------------------------------------------------------------------------------

TITLE = "Map"
DESCRIPTION = (
    "Every place a task names, at its latitude and longitude on the map of the plan's "
    "jurisdiction with its prefecture boundaries (all of China's provinces for a national "
    "plan), and the tasks naming each place listed beside the map. Hover over a place for its "
    "tasks; click it to keep them marked."
)
MAP_FILTERS = ("agency", "sector")  # the map itself picks the city


def in_order(en: str, zh: str, language: str) -> tuple[str, str]:
    """(first, second): the name in the plan's language first, the other after it (empty when
    the same or missing)."""
    first, second = (zh or en, en) if language == "zh" else (en or zh, zh)
    return first, second if second and second not in first else ""


def task_order(facts: Facts, task: str) -> tuple[str, list[tuple[int, str]]]:
    """Tasks in the plan's order: by plan, then number read as numbers (4 before 12, G2 before
    G10)."""
    numbers = dict(facts.entries[task].numbers)
    parts = re.findall(r"\d+|\D+", numbers.get("task number", ""))
    return numbers.get("plan", ""), [(int(x), "") if x.isdigit() else (-1, x) for x in parts]


def map_filters(facts: Facts, tasks: list[str]) -> list[dict[str, Any]]:
    from .page import FILTER_NAMES

    out = []
    for key in MAP_FILTERS:
        values = {v for t in tasks for v in facts.entries[t].facets.get(key, [])}
        rows = sorted((facts.names[v][0], facts.names[v][1], v) for v in values)
        choices = [(v, f"{en} · {zh}" if zh else en) for en, zh, v in rows]
        out.append({"key": key, "label": FILTER_NAMES[key], "options": choices})
    return out


def map_data(facts: Facts, drawing: MapDrawing, choices: list[dict[str, Any]]) -> dict[str, Any]:
    """What map.js reads: places, tasks (their facets as positions in keys), the filter values
    for the search box, and the plan's language."""
    tasks = sorted({t for p in drawing.places for t in p.tasks})
    keys = sorted(
        {v for t in tasks for k in MAP_FILTERS for v in facts.entries[t].facets.get(k, [])}
    )
    position = {k: i for i, k in enumerate(keys)}
    out_tasks = {}
    for t in tasks:
        e = facts.entries[t]
        out_tasks[t] = {
            "en": e.en,
            "zh": e.short_zh or e.zh,
            "names": [e.en, e.zh, *e.names],
            "places": sorted(facts.places[t]),
            "facets": {k: [position[v] for v in e.facets.get(k, [])] for k in MAP_FILTERS},
        }
    places = {
        p.id: {
            "en": p.en,
            "zh": p.zh,
            "names": [p.en, p.zh, *facts.entries[p.id].names, *facts.entries[p.id].aliases],
            "tasks": p.tasks,
            "drawn": p.x is not None,
        }
        for p in drawing.places
    }
    others = {}
    for facet in choices:
        for value, _text in facet["options"]:
            en, zh = facts.names[value]
            entry = facts.entries.get(value)
            aliases = [*entry.names, *entry.aliases] if entry else []
            others[value] = {"facet": facet["key"], "en": en, "zh": zh, "aliases": aliases}
    return {
        "places": places,
        "tasks": out_tasks,
        "keys": keys,
        "others": others,
        "language": facts.language,
    }


def render_map(g: Graph, facts: Facts, data: Boundaries | None = None) -> str:
    """map.html: the page, whole, with the map drawn in it as SVG."""
    from markupsafe import Markup

    from .page import asset, render_page, script_json

    drawing = map_drawing(g, facts, data)
    language = facts.language
    order = ["zh", "en"] if language == "zh" else ["en", "zh"]
    listed = sorted(
        drawing.places, key=lambda p: (p.x is None, p.why != "", -len(p.tasks), p.en, p.id)
    )
    sections = []
    for number, p in enumerate(listed, 1):
        first, second = in_order(p.en, p.zh, language)
        items = []
        for t in sorted(p.tasks, key=lambda t: task_order(facts, t)):
            e = facts.entries[t]
            a, b = in_order(e.en, e.short_zh or e.zh, language)
            items.append({"id": t, "first": a, "second": b})
        sections.append(
            {
                "id": p.id,
                "anchor": f"place-{number}",
                "first": first,
                "second": second,
                "kind": p.kind,
                "why": p.why,
                "numbers": p.number,
                "tasks": items,
            }
        )
    tasks = sorted({t for p in drawing.places for t in p.tasks})
    choices = map_filters(facts, tasks)
    unlabelled = {
        lang: [
            {
                "number": p.number.get(lang, 0),
                "shown": p.labelled.get(lang, False),
                "name": in_order(p.en, p.zh, lang)[0],
                "id": p.id,
            }
            for p in sorted(drawing.places, key=lambda p: p.number.get(lang, 0))
            if lang in p.number
        ]
        for lang in order
    }
    search_js, map_js = asset("search.js"), asset("map.js")
    css = asset("style.css") + asset("map.css")
    return render_page(
        "map.html.j2",
        here="map.html",
        root="",
        body_class="view-page map-page",
        css=css,
        scripts={"search_js": search_js, "map_js": map_js},
        title=TITLE,
        description=DESCRIPTION,
        drawing=drawing,
        markers=sorted((p for p in drawing.places if p.x is not None), key=lambda p: (-p.r, p.id)),
        sections=sections,
        unlabelled=unlabelled,
        filters=choices,
        languages=order,
        language=language,
        data=Markup(script_json(map_data(facts, drawing, choices))),
    )


def map_view() -> View:
    """The map as the index lists it (drawn by render_map, not by vis-network)."""
    return View("map.html", TITLE, DESCRIPTION)
