"""Resolve every printed spelling of an agency to one canonical agency: aliases first, then rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
# of the same function; they stay unresolved until a national jurisdiction is registered
NATIONAL = re.compile(r"^(?:ministry of|national |state (?!grid|-owned))")
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
    method: str  # "alias" (registry spelling) or "rule" (normalisation rules)


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
            return None
        function_id = self.function_keys.get(core)
        if function_id is None:
            return None
        return Resolution(self.agency_for(jurisdiction or self.jurisdiction, function_id), "rule")

    def agency_for(self, jurisdiction: str, function_id: str) -> Agency:
        """The registry's agency of that function there, or one minted from the function."""
        known = self.by_function.get((jurisdiction, function_id))
        if known:
            return known
        return mint_agency(self.registry, jurisdiction, self.registry.functions[function_id])

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
            return None, ""
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


def mint_agency(registry: Registry, jurisdiction: str, function: Function) -> Agency:
    """An agency the registry lacks, named from its function and jurisdiction."""
    place = registry.places.get(jurisdiction)
    region_en = place.name_en if place else jurisdiction.title()
    region_zh = place.name_zh if place else ""
    if function.id == "city-governments":
        name_en = f"People's Governments of the Cities of {region_en}"
        name_zh = f"{region_zh}各市人民政府" if region_zh else ""
    elif "the Party Committee" in function.name_en:
        level = "Municipal" if place and place.type == "City" else "Provincial"
        name_en = function.name_en.replace(
            "the Party Committee", f"the CPC {region_en} {level} Committee"
        )
        name_zh = f"中共{region_zh}{function.name_zh}" if region_zh else ""
    elif place and place.type == "City":
        name_en = f"{region_en} Municipal {function.name_en}"
        name_zh = f"{region_zh}{function.name_zh}" if region_zh else ""
    else:
        name_en = f"{region_en} Provincial {function.name_en}"
        name_zh = f"{region_zh}{function.name_zh}" if region_zh else ""
    return Agency(
        id=function.id,
        jurisdiction=jurisdiction,
        function=function.id,
        kind=function.kind,
        name_en=name_en,
        name_zh=name_zh,
        aliases=(),
        curated=False,
    )
