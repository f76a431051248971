"""Every printed body becomes an agency: the kind classifier, slugs, minting, the report's
"Bodies not in the registry", --strict, and the real Tianjin plan end to end."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from graph.bodies import body_kind, is_national, normalise
from graph.build import agency_iri, build_graph
from graph.cli import main
from graph.io import read_plan
from graph.namespace import PK, kind_concept, mint
from graph.pipeline import analyse, unregistered_bodies
from graph.registry import Registry, load_registry
from graph.report import unregistered
from graph.resolve import Resolver, body_slug, is_printed
from graph.validate import validate

from .conftest import TESTS

REAL = TESTS / "data" / "real"

# invented names, one group per kind the genre prints
KINDS = {
    "department": ["省文化和旅游厅", "市外办", "自治区民政厅", "盟教育部门办公室"],
    "bureau": ["省畜牧局", "自治区乡村振兴局", "州林草局", "省地方金融监管局", "市场监管总局"],
    "commission": ["州民宗委", "县卫健委", "证监会", "银保监会", "市住房城乡建设委"],
    "vertical office": [
        "人民银行石家庄中心支行",
        "中国人民银行河北省分行",
        "河北银保监局",
        "国家金融监督管理总局河北监管局",
        "河北证监局",
        "连云港海事局",
        "市邮政管理局",
        "石家庄海关",
        "国家税务总局河北省税务局",
        "省税务局",
        "郑州铁路局",
        "中国铁路上海局集团有限公司",
        "国网河北省电力有限公司",
        "市气象局",
        "上海环境能源交易所",
    ],
    "party organ": ["省委宣传部", "市委组织部", "自治区党委网信办", "中共某某县委", "区委"],
    "government": [
        "各市人民政府",
        "各区政府",
        "各州、市有关部门",
        "各县（市、区）政府",
        "珠三角各地级以上市政府",
        "滨海新区",
        "和平区人民政府",
        "高新区管委会",
    ],
    "collective": [
        "各有关部门",
        "各相关部门",
        "相关市级部门",
        "有关单位",
        "市有关部门",
        "省碳达峰碳中和工作领导小组成员单位",
    ],
    "enterprise": ["天津港集团", "首都国际机场", "某某能源集团有限公司"],
    "bank": ["国家开发银行"],
    "leading group": ["省大气污染防治工作领导小组办公室"],
    "other": ["中国工程院", "省科学院", "市总工会", "10"],
}


@pytest.mark.parametrize(
    ("name", "kind"), [(n, k) for k, names in KINDS.items() for n in names], ids=str
)
def test_body_kind(name: str, kind: str) -> None:
    assert body_kind(name) == kind


@pytest.mark.parametrize(
    "name",
    [
        "生态环境部",
        "国家发展改革委",
        "国管局",
        "工业和信息化部",
        "市场监管总局",
        "人民银行",
        "银保监会",
        "证监会",
        "海关总署",
        "税务总局",
        "人力资源社会保障部",
    ],
)
def test_national_bodies(name: str) -> None:
    assert is_national(name)


@pytest.mark.parametrize(
    "name", ["省委宣传部", "各有关部门", "省生态环境厅", "人民银行天津分行", "市场监管局", "市教委"]
)
def test_local_bodies(name: str) -> None:
    assert not is_national(name)


def test_normalise() -> None:
    assert normalise("市发展改革 委") == "市发展改革委"
    assert normalise("自治区生态环境 厅") == "自治区生态环境厅"
    assert normalise("生态环境厅", carried="省") == "省生态环境厅"
    assert normalise("  Provincial   Tax  Service ") == "Provincial Tax Service"


@pytest.fixture
def reg() -> Registry:
    """A registry of its own: minted agencies are remembered in its cache."""
    return load_registry()


def test_slugs_are_readable_ascii_and_stable() -> None:
    assert body_slug("天津海事局") == "tian-jin-hai-shi-ju"
    assert body_slug("各县（市、区）政府") == "ge-xian-shi-qu-zheng-fu"
    assert body_slug("Tianjin Port Group Co., Ltd.") == "tianjin-port-group-co-ltd"
    for name in ("人民银行天津分行", "各州、市有关部门", "省十大新兴产业推进组工作专班成员单位"):
        slug = body_slug(name)
        assert slug == body_slug(name) and slug.isascii()
        assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


def test_homophones_get_their_own_agencies(reg: Registry) -> None:
    shanxi = Resolver(reg, "shanxi")
    first = shanxi.identify("市实验局").agency
    second = shanxi.identify("市试验局").agency  # same pinyin, another body
    assert body_slug("市实验局") == body_slug("市试验局") == first.id
    assert second.id.startswith(first.id + "-") and len(second.id) == len(first.id) + 7
    # each name keeps its slug, asked again or from another plan of the same jurisdiction
    assert shanxi.identify("市试验局").agency is second
    assert Resolver(reg, "shanxi").identify("市实验局").agency is first


def test_minting(reg: Registry) -> None:
    shanxi = Resolver(reg, "shanxi")
    found = shanxi.identify("省畜牧 局")
    assert found.method == "printed"
    agency = found.agency
    assert (agency.jurisdiction, agency.id, agency.kind) == ("shanxi", "sheng-xu-mu-ju", "bureau")
    assert (agency.name_zh, agency.name_en, agency.function) == ("省畜牧局", "Sheng Xu Mu Ju", "")
    assert is_printed(agency) and not agency.curated
    # the same name after normalisation is the same agency; a carried prefix is applied
    assert shanxi.identify("省畜牧局").agency is agency
    assert shanxi.identify("畜牧局", carried="省").agency is agency
    # the jurisdiction a body belongs to
    where = {
        "证监会": "china",
        "人力资源社会保障部": "china",
        "太原海事局": "taiyuan",
        "国家金融监督管理总局山西监管局": "shanxi",
        "中国铁路北京局集团有限公司天津铁路办事处": "tianjin",
        "各有关部门": "shanxi",
    }
    assert {n: shanxi.identify(n).agency.jurisdiction for n in where} == where


def test_named_division(reg: Registry) -> None:
    """A body that names a division belongs to it: prefectures anywhere, counties inside the
    plan's jurisdiction only (和平区 is in Tianjin and in Shenyang)."""
    xinjiang = Resolver(reg, "xinjiang")
    assert xinjiang.identify("乌鲁木齐海关").agency.jurisdiction == "wulumuqi"
    assert Resolver(reg, "shandong").identify("青岛银保监局").agency.jurisdiction == "qingdao"
    heping = "和平区人民政府"
    assert (
        Resolver(reg, "tianjin").identify(heping).agency.jurisdiction == "tianjin-heping-district"
    )
    assert Resolver(reg, "shandong").identify(heping).agency.jurisdiction == "shandong"


def test_registry_and_rules_come_first(reg: Registry) -> None:
    henan = Resolver(reg, "henan")
    assert henan.identify("省生态环境厅").method == "alias"
    assert (
        henan.identify("生态环境厅", carried="省").agency
        == reg.agencies[("henan", "ecology-environment")]
    )
    xinjiang = Resolver(reg, "xinjiang")
    for printed, carried in [
        ("自治区生态环境厅", ""),
        ("生态环境厅", "自治区"),
        ("自治区生态环境 厅", ""),
    ]:
        found = xinjiang.identify(printed, carried)
        assert found.method == "rule"
        assert (found.agency.jurisdiction, found.agency.function) == (
            "xinjiang",
            "ecology-environment",
        )
    # a vertically managed function outside the capital is typed as such
    tax = Resolver(reg, "shaanxi").identify("省税务局")
    assert (tax.method, tax.agency.function, tax.agency.kind) == (
        "rule",
        "taxation",
        "vertical office",
    )


# an invented provincial plan: three notes naming registry, rule and unknown bodies
PLAN = """山西省绿色航运协同实施方案

一、总体要求
（一）指导思想
以绿色发展为指导，推进港航协同降碳。

二、重点任务
（一）推进港口绿色发展
1.推进岸电建设
加快港口岸电设施建设。（省交通运输厅牵头，太原海事局、省港航集团按职责分工负责）
2.加强金融支持
创新绿色金融产品。（人民银行太原中心支行、省发展改革委、各有关部门按职责分工负责）
3.做好统计监测
完善港航能耗统计。（太原海事局、省统计局按职责分工负责）
"""


@pytest.fixture
def invented(tmp_path: Path, reg: Registry):
    path = tmp_path / "shanxi-port-2024.zh.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path, analyse(str(path), read_plan(path), reg, "shanxi-port-2024")


def test_every_printed_body_is_linked(invented, reg: Registry) -> None:
    _, a = invented
    assert a.jurisdiction == "shanxi"
    bodies = [b for f in a.facts for b in f.bodies]
    assert len(bodies) == 8
    g = build_graph([a], reg)
    assert validate(g).conforms
    responsibilities = set(g.subjects(RDF.type, PK.Responsibility))
    assert len(responsibilities) == len(bodies)
    printed = {r for r in responsibilities if (r, PK.resolvedBy, Literal("printed")) in g}
    assert {str(g.value(r, PK.printedName)) for r in printed} == {
        "太原海事局",
        "省港航集团",
        "人民银行太原中心支行",
        "各有关部门",
    }
    for r in printed:
        assert g.value(r, PK.resolutionMethod) == kind_concept("resolved-by", "printed")
    office = mint("taiyuan", "agency", "tai-yuan-hai-shi-ju")
    assert (office, RDF.type, PK.Agency) in g
    assert g.value(office, PK.agencyType) == kind_concept("agency-kind", "vertical office")
    assert set(g.objects(office, SKOS.prefLabel)) == {
        Literal("太原海事局", lang="zh"),
        Literal("Tai Yuan Hai Shi Ju", lang="en"),
    }
    assert g.value(office, PK.function) is None and g.value(office, RDFS.comment) is not None
    task = mint("shanxi-port-2024", "task", "1")
    assert (task, PK.coResponsible, office) in g
    assert (mint("shanxi-port-2024", "task", "3"), PK.coResponsible, office) in g


def test_report_section(invented) -> None:
    path, a = invented
    bodies = unregistered_bodies([a])
    assert [(b.agency.kind, b.names, b.links) for b in bodies] == [
        ("collective", ("各有关部门",), 1),
        ("enterprise", ("省港航集团",), 1),
        ("vertical office", ("太原海事局",), 2),
        ("vertical office", ("人民银行太原中心支行",), 1),
    ]
    line = PLAN.splitlines().index(next(x for x in PLAN.splitlines() if "太原海事局、省港航" in x))
    column = PLAN.splitlines()[line].index("太原海事局") + 1
    assert bodies[2].first == f"{path.name}:{line + 1}:{column}"
    summary = unregistered([a])
    assert (summary["bodies"], summary["links"]) == (4, 5)
    offices = next(k for k in summary["kinds"] if k["kind"] == "vertical office")
    assert (len(offices["rows"]), offices["links"]) == (2, 3)
    assert offices["rows"][0] == {
        "agency": "太原海事局",
        "jurisdiction": "taiyuan",
        "printed": "太原海事局",
        "links": 2,
        "first": f"{path.name}:{line + 1}:{column}",
    }
    assert unregistered([]) == {"bodies": 0, "links": 0, "kinds": []}


def test_report_section_in_report_md(invented, reg: Registry) -> None:
    from graph.corpus import rdflib_select
    from graph.report import render

    path, a = invented
    g = build_graph([a], reg)
    report = render(rdflib_select(g), [a], validate(g))
    section = report.split("## Bodies not in the registry", 1)[1].split("\n## ", 1)[0]
    assert section.lstrip().startswith("4 bodies (5 links) that neither")
    assert "### vertical office: 2 bodies, 3 links" in section
    assert "### collective: 1 body, 1 link" in section
    assert "| 人民银行太原中心支行 | taiyuan | 人民银行太原中心支行 | 1 |" in section
    assert "Unresolved agency names" not in report


def test_strict_fails_once_per_name(invented, tmp_path: Path) -> None:
    path, _ = invented
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "--strict", "-o", str(out)])
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    names = ["太原海事局", "省港航集团", "人民银行太原中心支行", "各有关部门", "太原海事局"]
    assert len(lines) == len(names)
    assert lines[0].startswith(f"Error: {path}:10:")
    for line, name in zip(lines, names, strict=True):
        assert f"{path}:" in line and f"agency name {name!r} is not in the registry" in line
    assert not out.exists()


def read_expected(stem: str) -> list[dict[str, str]]:
    with open(REAL / f"{stem}.expected.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


REAL_PLANS = sorted(p.name.removesuffix(".txt") for p in REAL.glob("*.zh.txt"))
# the plan's own jurisdiction, given: detecting it is another test's business
JURISDICTION = {"national": "china"}
# what each level of the expected files says of the agency: its kind or its jurisdiction
LEVELS = {
    "vertical": lambda agency, plan: agency.kind == "vertical office",
    "collective": lambda agency, plan: agency.kind == "collective",
    "enterprise/other": lambda agency, plan: agency.kind in ("enterprise", "other"),
    "lower-governments": lambda agency, plan: agency.kind == "government",
    "national": lambda agency, plan: agency.jurisdiction == "china",
}


def own_level(agency, plan: str) -> bool:
    """A department of the plan's own government (province, region, municipality)."""
    return agency.jurisdiction == plan and agency.kind not in ("vertical office", "collective")


@pytest.fixture(scope="module")
def real(registry: Registry) -> dict:
    out = {}
    for stem in REAL_PLANS:
        path = REAL / f"{stem}.txt"
        prefix = stem.split("-")[0]
        jurisdiction = JURISDICTION.get(prefix, prefix)
        out[stem] = analyse(str(path), read_plan(path), registry, stem, jurisdiction)
    return out


@pytest.mark.parametrize("stem", REAL_PLANS)
def test_real_plan_bodies_are_typed_as_their_level(real: dict, stem: str) -> None:
    """Every body of the hand-read expected file is an agency of the kind or jurisdiction its
    level says (vertical office, collective, national, the plan's own department ...)."""
    a = real[stem]
    found = {normalise(b.printed): a.resolution(b).agency for f in a.facts for b in f.bodies}
    rows = read_expected(stem)
    wrong = [
        (row["printed"], row["level"], found[row["printed"]])
        for row in rows
        if row["printed"] in found
        and not LEVELS.get(row["level"], own_level)(found[row["printed"]], a.jurisdiction)
    ]
    assert wrong == []
    assert {row["printed"] for row in rows} <= set(found)


# Anhui names the same body in the same role in two notes of one task six times: the graph
# keeps one link per (task, body, role), so its expected rows are compared as a set
LINKED = REAL_PLANS


@pytest.mark.parametrize("stem", LINKED)
def test_real_plan_links_end_to_end(real: dict, registry: Registry, stem: str) -> None:
    """Every body the note reader finds is a responsibility, and every (name, role) of the
    expected file is among them, whether the registry knows the body or not."""
    a = real[stem]
    g = build_graph([a], registry)
    bodies = [b for f in a.facts for b in f.bodies]
    responsibilities = set(g.subjects(RDF.type, PK.Responsibility))
    assert len(responsibilities) == len(bodies)
    linked = Counter(
        (normalise(str(g.value(r, PK.printedName))), str(g.value(r, PK.role)).rsplit("#")[-1])
        for r in responsibilities
    )
    expected = Counter((row["printed"], row["role"]) for row in read_expected(stem))
    if stem.startswith("anhui"):
        expected = Counter(set(expected))
    assert expected - linked == Counter()
    printed = {r for r in responsibilities if (r, PK.resolvedBy, Literal("printed")) in g}
    assert {str(g.value(r, PK.agency)) for r in printed} == {
        str(agency_iri(a.resolution(b).agency))
        for b in bodies
        if a.resolution(b).method == "printed"
    }


def test_tianjin_counts(real: dict, registry: Registry) -> None:
    """The Tianjin plan: every link of its expected file; the bodies not in the registry by kind."""
    a = real["tianjin-pollution-carbon-2022.zh"]
    g = build_graph([a], registry)
    assert validate(g).conforms
    assert len(set(g.subjects(RDF.type, PK.Responsibility))) == len(read_expected(a.source.plan_id))
    kinds = Counter(b.agency.kind for b in unregistered_bodies([a]))
    assert kinds["vertical office"] == 4 and kinds["collective"] == 2 and kinds["enterprise"] == 2


@pytest.mark.parametrize("module", ["graph.bodies", "graph.resolve"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
