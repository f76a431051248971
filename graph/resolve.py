"""Resolve every printed spelling of an agency to one canonical agency: aliases first, then rules."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .bodies import (
    LEVEL_PREFIXES,
    MERGED,
    NO_FUNCTION_KINDS,
    NOT_FUNCTION_FORMS,
    VERTICAL_FUNCTIONS,
    body_kind,
    function_forms,
    is_national,
    normalise,
)
from .registry import CJK, Agency, Function, Registry, fold

# Variants machine translation produces for the same body, folded onto one wording.
SYNONYMS: list[tuple[str, str]] = [
    (r"\bsasasac\b", "sasac"),
    (r"\bstate-owned assets supervision and administration commission\b", "sasac"),
    (r"\bstate owned assets supervision and administration commission\b", "sasac"),
    (r"\becological environment\b", "ecology and environment"),
    (r"\becology and environmental\b", "ecology and environment"),
    (r"\burban-rural construction\b", "urban-rural development"),
    (r"\burban and rural (?:construction|development)\b", "urban-rural development"),
    (r"\bagricultural and rural\b", "agriculture and rural"),
    (r"\bagriculture and rural (?:areas|affairs)\b", "agriculture and rural affairs"),
    (r"\bstatistical bureau\b", "bureau of statistics"),
    (r"\bstatistics bureau\b", "bureau of statistics"),
    (r"\borganizational\b", "organization"),
    (r"\borganisation\b", "organization"),
    (r"\bmarket supervision (?:and (?:administration|management) )?bureau\b", "market regulation"),
    (r"\badministration (?:for|of) market regulation\b", "market regulation"),
    (r"\bmarket supervision and (?:administration|management)\b", "market regulation"),
    (r"\btransport\b", "transportation"),
    (r"&", "and"),
]
PARTY = re.compile(
    r"^(?:(?P<a>organization|publicity|propaganda) department of the (?:cpc )?(?:\w+ )?"
    r"(?:party )?committee|(?:\w+ )?party committee (?P<b>organization|publicity|propaganda) department)$"
)
HEAD_FIRST = re.compile(r"^(?:department|bureau|commission|office|administration) (?:of|for) ")
HEAD_LAST = re.compile(r" (?:department|bureau|commission|office|administration|service)$")
# national bodies (ministries, "National ..." commissions) are not the provincial departments
# of the same function: they belong to the national jurisdiction
NATIONAL = re.compile(r"^(?:ministry of |national |state (?!grid|-owned|council))")
NATIONAL_ID = "china"
ZH_HEADS = {
    "",
    "厅",
    "局",
    "委",
    "委员会",
    "部",
    "办",
    "办公室",
    "公司",
    "管委会",
    "集团",
    "中心",
    "总局",
    "署",
    "行",
}
PRINTED_HEADS = sorted(ZH_HEADS | {"分局"}, key=lambda h: (-len(h), h))  # 县生态环境分局
ZH_NATIONAL_HEADS = {"部", "总局", "署"}
NATIONAL_BODIES = {"国务院": "people-government", "中央": "people-government"}
LOCAL_MARKERS = [
    r"\bof the (?:provincial|municipal) (?:people's )?government\b",
    r"^(?:provincial|municipal) (?:people's )?government (?=sasac\b)",
    r"\bof the province\b",
    r"\bof the city\b",
    r"\bprovincial\b",
    r"\bmunicipal\b",
    r"\bprovince\b",
]


@dataclass(frozen=True)
class Resolution:
    agency: Agency
    # "alias" (registry spelling), "rule" (normalisation rules) or "printed" (neither knows
    # the name: the agency is minted from it and reported)
    method: str


class Resolver:
    """Resolves names within one plan's jurisdiction (a place id such as "henan")."""

    def __init__(self, registry: Registry, jurisdiction: str):
        self.registry = registry
        self.jurisdiction = jurisdiction
        self.by_alias: dict[tuple[str, str], Agency] = {}
        self.by_function: dict[tuple[str, str], Agency] = {}
        for agency in sorted(registry.agencies.values(), key=lambda a: (a.jurisdiction, a.id)):
            for spelling in (agency.name_en, agency.name_zh, *agency.aliases):
                if spelling:
                    self.by_alias.setdefault((agency.jurisdiction, fold(spelling)), agency)
            if agency.function:
                self.by_function.setdefault((agency.jurisdiction, agency.function), agency)
        self.function_keys: dict[str, str] = {}
        for function in registry.functions.values():
            for key in function.keys_en:
                self.function_keys.setdefault(fold(key), function.id)
        self.keys_zh = sorted(
            ((key, f.id) for f in registry.functions.values() for key in f.keys_zh),
            key=lambda x: (-len(x[0]), x[0]),
        )
        # keys that name a function by themselves, not the governments' (地方, 政府, 各地)
        self.office_keys_zh = [
            (key, fid) for key, fid in self.keys_zh if registry.functions[fid].kind != "government"
        ]
        self.places_zh = sorted(
            (
                (name, p.id)
                for p in registry.places.values()
                if p.type in ("Region", "City") and p.id != NATIONAL_ID
                for name in {p.name_zh, p.name_zh.rstrip("省市")}
                if len(name) >= 2
            ),
            key=lambda x: (-len(x[0]), x[0]),
        )
        self.divisions_zh = named_divisions(registry, jurisdiction)
        self.provinces = sorted(
            [
                (re.sub(r"\s+province$", "", p.name_en.casefold()), p.id)
                for p in registry.provinces()
            ]
            + [(p.name_en.casefold(), p.id) for p in registry.places.values() if p.type == "City"],
            key=lambda x: (-len(x[0]), x[0]),
        )

    def resolve(self, name: str) -> Resolution | None:
        folded = fold(name)
        if not folded:
            return None
        jurisdiction, core = self.english_core(name)
        for jur in dict.fromkeys([self.jurisdiction, jurisdiction or self.jurisdiction]):
            agency = self.by_alias.get((jur, folded))
            if agency:
                return Resolution(agency, "alias")
        if CJK.search(name):
            found = self.chinese_core(name)
            if found is None:
                return None
            return Resolution(self.agency_for(*found), "rule")
        function_id = self.function_keys.get(core)
        if function_id is None:
            return None
        return Resolution(self.agency_for(jurisdiction or self.jurisdiction, function_id), "rule")

    def identify(self, printed: str, carried: str = "") -> Resolution:
        """Always an agency for a printed body: the registry's or the rules' where they know
        carried + printed, else one minted from the normalised name (method "printed")."""
        name = normalise(printed, carried)
        for candidate in dict.fromkeys([carried + printed, name]):
            found = self.resolve(candidate)
            if found:
                return found
        return Resolution(self.printed_agency(name), "printed")

    def printed_agency(self, name: str) -> Agency:
        """The agency of a normalised name no registry row or rule knows, in the jurisdiction
        the name belongs to; one per name and jurisdiction for the whole build."""
        jurisdiction = self.body_jurisdiction(name)
        minted = self.registry.cache.setdefault("printed agencies", {})
        if (jurisdiction, name) in minted:
            return minted[(jurisdiction, name)]
        taken: dict[tuple[str, str], str] = self.registry.cache.setdefault("printed slugs", {})
        slug = body_slug(name)
        if (
            taken.get((jurisdiction, slug), name) != name
            or (jurisdiction, slug) in self.registry.agencies
            or slug in self.registry.functions
        ):
            # a homophone or an id the registry uses: the name's own digest tells them apart
            slug = f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"
        taken[(jurisdiction, slug)] = name
        zh = bool(CJK.search(name))
        agency = Agency(
            id=slug,
            jurisdiction=jurisdiction,
            function=self.printed_function(name),
            kind=body_kind(name),
            name_en=pinyin_label(name) if zh else name,
            name_zh=name if zh else "",
            aliases=(),
            curated=False,
        )
        minted[(jurisdiction, name)] = agency
        return agency

    def printed_function(self, name: str) -> str:
        """The function (an id of functions.csv) a Chinese name the registry lacks shows, else
        "": the longest key of a function before an office head ends the name (县生态环境分局,
        市城市管理局; not 市生态环境局滨海分局), or a form of bodies.FUNCTION_FORMS gives
        it; and no other function's key is in the name, nor is the key the second half of a
        merged body (工业信息化和商务局), nor is it a body bodies.NOT_FUNCTION_FORMS names
        (省地方金融监管局). Collectives, leading groups, governments, party
        organs and other bodies (academies, associations) show none."""
        s = re.sub(r"\s+", "", name)
        if not CJK.search(s) or body_kind(s) in NO_FUNCTION_KINDS or NOT_FUNCTION_FORMS.search(s):
            return ""
        shown = set(function_forms(s))
        for key, function_id in self.office_keys_zh:
            at = next((len(s) - len(key + h) for h in PRINTED_HEADS if s.endswith(key + h)), -1)
            if at >= 0:
                if not s[:at].endswith(MERGED):
                    shown.add(function_id)
                else:
                    return ""
                break
        named = {fid for key, fid in self.office_keys_zh if key in s}
        return shown.pop() if len(shown) == 1 and named <= shown else ""

    def body_jurisdiction(self, name: str) -> str:
        """The place a printed body belongs to: the division it names (the last one: 中国铁路
        北京局集团有限公司天津铁路办事处 is Tianjin's), else the country for a national body, else
        the plan's jurisdiction (省/市/自治区… departments, collective references)."""
        if CJK.search(name):
            named = [
                (name.rfind(place) + len(place), len(place), pid)
                for place, pid in self.divisions_zh
                if place in name
            ]
            if named:
                return max(named)[2]
        else:
            explicit, _ = self.english_core(name)
            if explicit:
                return explicit
        if is_national(name) and NATIONAL_ID in self.registry.places:
            return NATIONAL_ID
        return self.jurisdiction

    def agency_for(self, jurisdiction: str, function_id: str) -> Agency:
        """The registry's agency of that function there, or one minted from the function."""
        known = self.by_function.get((jurisdiction, function_id))
        if known:
            return known
        return mint_agency(self.registry, jurisdiction, self.registry.functions[function_id])

    def chinese_core(self, name: str) -> tuple[str, str] | None:
        """(jurisdiction, function id) of a Chinese name: 省生态环境厅 -> (plan's, ecology-
        environment); 山西省发展改革委 -> (shanxi, ...); 生态环境部, 国家能源局 -> (china, ...)."""
        s = re.sub(r"\s+", "", name).removeprefix("中共")
        if s in NATIONAL_BODIES and NATIONAL_ID in self.registry.places:
            return NATIONAL_ID, NATIONAL_BODIES[s]
        readings: list[tuple[str | None, str]] = [(None, s)]
        if s.startswith(("国家", "国务院", "中国", "中央")):
            readings.insert(0, (NATIONAL_ID, re.sub(r"^(?:国家|国务院|中国|中央)", "", s)))
        for place_name, pid in self.places_zh:
            if s.startswith(place_name):
                readings.insert(0, (pid, s[len(place_name) :]))
                break
        prefix = next((p for p in LEVEL_PREFIXES if s.startswith(p)), "")
        if prefix:
            readings.append((None, s[len(prefix) :]))
        for jurisdiction, rest in readings:
            rest = re.sub(r"^(?:人民政府|政府)(?=\S)", "", rest) or rest
            for key, function_id in self.keys_zh:
                head = rest[len(key) :] if rest.startswith(key) else None
                if head is None or head not in ZH_HEADS:
                    continue
                national = head in ZH_NATIONAL_HEADS and not function_id.startswith("party-")
                if jurisdiction is None and (national or function_id == "central-bank"):
                    jurisdiction = NATIONAL_ID if NATIONAL_ID in self.registry.places else None
                return (jurisdiction or self.jurisdiction, function_id)
        return None

    def english_core(self, name: str) -> tuple[str | None, str]:
        """(explicit jurisdiction or None, the name's core) - 'Shanxi Provincial Department of
        Ecological Environment' -> ('shanxi', 'ecology and environment')."""
        s = fold(name)
        jurisdiction = None
        for province, pid in self.provinces:
            pattern = (
                rf"\b(?:of )?{re.escape(province)}(?: provincial| province| municipal| city)?\b"
            )
            if re.search(pattern, s):
                jurisdiction = pid
                s = re.sub(pattern, " ", s, count=1)
                break
        if re.fullmatch(r"(?:the )?(?:provincial |municipal )?people's government", s.strip()):
            return jurisdiction, "people's government"
        if jurisdiction is None and NATIONAL.match(s.strip()):
            if NATIONAL_ID not in self.registry.places:
                return None, ""
            jurisdiction, s = NATIONAL_ID, NATIONAL.sub("", s.strip())
        for marker in LOCAL_MARKERS:
            s = re.sub(marker, " ", s)
        s = re.sub(r"\s+", " ", s).strip()
        s = re.sub(r"^the ", "", s)
        for pattern, replacement in SYNONYMS:
            s = re.sub(pattern, replacement, s)
        party = PARTY.match(s)
        if party:
            kind = party.group("a") or party.group("b")
            return jurisdiction, "party " + ("publicity" if kind == "propaganda" else kind)
        for _ in range(2):
            s = HEAD_FIRST.sub("", s)
            s = HEAD_LAST.sub("", s)
        return jurisdiction, s.strip()


def named_divisions(registry: Registry, jurisdiction: str) -> list[tuple[str, str]]:
    """Every Chinese name of a place below the country, longest first, to read the division a
    body names: curated places, provinces and prefectures of divisions.csv, and the counties
    inside the plan's jurisdiction (和平区 is a district of Tianjin and of Shenyang). A name
    two places share is kept only where one of them is inside the plan's jurisdiction."""

    def inside(pid: str) -> bool:
        for _ in range(4):
            if pid == jurisdiction:
                return True
            division = registry.divisions.get(pid)
            pid = division.parent if division else ""
        return False

    places: dict[str, set[str]] = {}
    for p in registry.places.values():
        if p.type in ("Region", "City", "County") and p.id != NATIONAL_ID:
            for name in (p.name_zh, p.name_zh.rstrip("省市"), *p.aliases):
                places.setdefault(name, set()).add(p.id)
    for d in registry.divisions.values():
        if d.level != "county" or inside(d.id):
            for name in (d.name_zh, *d.aliases):
                places.setdefault(name, set()).add(d.id)
    named = []
    for name, pids in places.items():
        if len(name) < 2 or not CJK.search(name):
            continue
        if len(pids) > 1:
            pids = {pid for pid in pids if inside(pid)}
        if len(pids) == 1:
            named.append((name, pids.pop()))
    return sorted(named, key=lambda x: (-len(x[0]), x[0]))


def is_printed(agency: Agency) -> bool:
    """Minted from its printed name: no registry row, and not minted from a function the rules
    found (those take the function's id; a printed body's id is its name's pinyin, and it may
    carry the function its name shows)."""
    return not agency.curated and agency.id != agency.function


def body_slug(name: str) -> str:
    """A readable ASCII IRI slug: the name's pinyin, one syllable per part, ASCII kept as is.

    >>> body_slug("天津海事局"), body_slug("各州、市有关部门"), body_slug("Port Group")
    ('tian-jin-hai-shi-ju', 'ge-zhou-shi-you-guan-bu-men', 'port-group')
    """
    from pypinyin import lazy_pinyin  # loads its dictionaries: only when a name needs it

    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(name)).casefold()).strip("-")
    return slug or "body"


def pinyin_label(name: str) -> str:
    """The English label of a Chinese name the registry lacks: its pinyin, capitalised.

    >>> pinyin_label("天津港集团")
    'Tian Jin Gang Ji Tuan'
    """
    from pypinyin import lazy_pinyin

    words = [w for w in lazy_pinyin(name) if re.search(r"[A-Za-z0-9]", w)]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def mint_agency(registry: Registry, jurisdiction: str, function: Function) -> Agency:
    """An agency the registry lacks, named from its function and jurisdiction."""
    place = registry.place(jurisdiction)  # a curated place, or a division of divisions.csv
    region_en = place.name_en if place else jurisdiction.title()
    region_zh = place.name_zh if place else ""
    if place and place.id == NATIONAL_ID and function.id == "city-governments":
        name_en, name_zh = "Local People's Governments", "地方各级人民政府"
    elif place and place.id == NATIONAL_ID:
        name_en = function.national_en or f"National {function.name_en}"
        name_zh = function.national_zh or f"国家{function.name_zh}"
    elif function.id == "city-governments":
        name_en = f"People's Governments of the Cities of {region_en}"
        name_zh = f"{region_zh}各市人民政府" if region_zh else ""
    elif "the Party Committee" in function.name_en:
        level = "Municipal" if place and place.type == "City" else "Provincial"
        name_en = function.name_en.replace(
            "the Party Committee", f"the CPC {region_en} {level} Committee"
        )
        name_zh = f"中共{region_zh}{function.name_zh}" if region_zh else ""
    elif place and place.type == "City":
        # a city's departments are bureaus (局) where a province's are departments (厅)
        name_en = f"{region_en} Municipal {function.name_en.replace('Department of', 'Bureau of')}"
        name_zh = f"{region_zh}{re.sub('厅$', '局', function.name_zh)}" if region_zh else ""
    else:
        name_en = f"{region_en} Provincial {function.name_en}"
        name_zh = f"{region_zh}{function.name_zh}" if region_zh else ""
    vertical = function.id in VERTICAL_FUNCTIONS and jurisdiction != NATIONAL_ID
    return Agency(
        id=function.id,
        jurisdiction=jurisdiction,
        function=function.id,
        kind="vertical office" if vertical else function.kind,
        name_en=name_en,
        name_zh=name_zh,
        aliases=(),
        curated=False,
    )
