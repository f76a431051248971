"""Lineage: the documents a plan cites (graph/lineage.py), on invented snippets and on the
real plans, and the citations and parents in the built graph."""

from __future__ import annotations

import pytest
from rdflib import Graph

from graph.io import CORPUS
from graph.lineage import (
    ALIGNMENT_THRESHOLD,
    Citation,
    align,
    citations,
    cited_plans,
    document_numbers,
    task_text,
    title_key,
)
from graph.namespace import PK, mint

# ------------------------------------------------------------------ invented snippets


def test_a_title_and_its_number_in_brackets_are_one_citation() -> None:
    text = "根据《关于印发某某行业实施方案的通知》（某部联原〔2022〕7号），制定本方案。"
    (c,) = citations(text)
    assert (c.title, c.number) == ("关于印发某某行业实施方案的通知", "某部联原〔2022〕7号")
    assert text[c.start : c.end] == "《关于印发某某行业实施方案的通知》（某部联原〔2022〕7号"


def test_titles_printed_together_are_each_a_citation() -> None:
    text = "结合《甲省碳达峰方案》《甲省工业方案》等要求。"
    found = citations(text)
    assert [c.title for c in found] == ["甲省碳达峰方案", "甲省工业方案"]
    assert [text[c.start : c.end] for c in found] == ["《甲省碳达峰方案》", "《甲省工业方案》"]
    assert all(c.number is None for c in found)


def test_a_number_alone_is_a_citation_without_its_lead_in_words() -> None:
    text = "按照国发［2021］ 23号要求，落实乙环发(2020)5号。"
    found = citations(text)
    assert [c.number for c in found] == ["国发〔2021〕23号", "乙环发〔2020〕5号"]
    assert text[found[0].start : found[0].end] == "国发［2021］ 23号"
    assert all(c.title is None for c in found)


def test_a_number_not_after_its_title_stays_apart() -> None:
    text = "《丙方案》提出。丙办〔2023〕1号"
    assert [(c.title, c.number) for c in citations(text)] == [
        ("丙方案", None),
        (None, "丙办〔2023〕1号"),
    ]


def test_comment_lines_of_a_file_are_not_plan_text() -> None:
    text = "# source: the entry cites 《丁方案》（丁发〔2022〕3号）\n丁省方案\n根据《戊方案》。"
    assert [c.title for c in citations(text)] == ["戊方案"]


def test_a_bracket_that_is_no_number_is_no_citation() -> None:
    assert document_numbers("各地政府落实〔以下各项任务均需落实〕") == []


def test_title_key_takes_off_the_notice_wrapper_brackets_and_stray_stops() -> None:
    assert title_key("关于印发〈减污降碳协同增效实施方案〉的通知") == "减污降碳协同增效实施方案"
    assert title_key("自治区减污降碳协同增效。实施方案") == "自治区减污降碳协同增效实施方案"
    assert title_key("国务院关于印发2030年前碳达峰行动方案的通知") != "2030年前碳达峰行动方案"


def test_a_citation_names_another_plan_of_the_graph_never_itself() -> None:
    cites = [Citation(0, 9, "关于印发某方案的通知"), Citation(10, 15, "本方案"), Citation(16, 20)]
    titles = {"parent": "某方案", "child": "本方案"}
    assert cited_plans(cites, titles, "child") == [(cites[0], "parent")]


# ------------------------------------------------------------------ the real plans, by hand
# Each plan's 《titles》 read off the file (preamble and tasks), in order; the numbers too.
REAL = {
    "anhui-industry-carbon-peak-2022": [
        ("工业领域碳达峰实施方案", None),
        ("安徽省碳达峰实施方案", None),
    ],
    "national-building-materials-carbon-peak-2022": [
        ("关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见", None),
        ("2030年前碳达峰行动方案", None),
        ("工业领域碳达峰实施方案", None),
        ("产业结构调整指导目录", None),
    ],
    "national-nonferrous-carbon-peak-2022": [
        ("关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见", None),
        ("2030年前碳达峰行动方案", None),
        ("工业领域碳达峰实施方案", None),
        ("产业结构调整指导目录", None),
    ],
    "shaanxi-building-materials-carbon-peak-2023": [
        ("国务院关于印发2030年前碳达峰行动方案的通知", "国发〔2021〕23号"),
        ("关于印发建材行业碳达峰实施方案的通知", "工信部联原〔2022〕149号"),
        ("陕西省工业领域碳达峰实施方案", None),
        ("水泥玻璃行业产能置换实施办法", None),
        ("产业结构调整指导目录", None),
    ],
    "shandong-pollution-carbon-2022": [
        ("减污降碳协同增效实施方案", "环综合〔2022〕42号"),
        ("公民生态环境行为规范（试行）", None),
        ("山东省碳普惠体系建设工作方案", None),
    ],
    "tianjin-pollution-carbon-2022": [
        ("关于印发〈减污降碳协同增效实施方案〉的通知", "环综合〔2022〕42号"),
        ("天津市碳达峰实施方案", "津政发〔2022〕18号"),
        ("天津市碳达峰碳中和促进条例", None),
        ("推进快递绿色包装标准化工作有关措施", None),
    ],
    "yunnan-nonferrous-carbon-peak-2023": [
        ("关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见", None),
        ("2030年前碳达峰行动方案", None),
        ("有色金属行业碳达峰实施方案", None),
        ("云南省碳达峰实施方案", None),
        ("云南省工业领域碳达峰实施方案", None),
    ],
}


@pytest.mark.parametrize("plan", sorted(REAL))
def test_the_citations_of_each_real_plan(plan: str) -> None:
    text = (CORPUS / f"{plan}.zh.txt").read_text(encoding="utf-8")
    found = citations(text)
    assert [(c.title, c.number) for c in found] == REAL[plan]
    for c in found:  # the span is the printed citation
        assert text[c.start] == "《" and c.title in text[c.start : c.end]


def test_every_bundled_plan_cites_at_least_one_document() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        assert citations(path.read_text(encoding="utf-8")), path.name


# ------------------------------------------------------------------ in the graph


def build_families() -> Graph:
    """The two national plans and their provincial children, built as one graph."""
    from graph.build import build_graph
    from graph.registry import load_registry
    from graph.workflow import analyse_files

    registry = load_registry()
    names = ["national-nonferrous-carbon-peak-2022", "yunnan-nonferrous-carbon-peak-2023"]
    names += ["national-building-materials-carbon-peak-2022"]
    names += ["shaanxi-building-materials-carbon-peak-2023"]
    analyses = analyse_files([CORPUS / f"{n}.zh.txt" for n in names], registry)
    return build_graph(analyses, registry)


@pytest.fixture(scope="module")
def families() -> Graph:
    return build_families()


def test_each_provincial_plan_cites_its_national_parent_and_no_other(families: Graph) -> None:
    q = """SELECT ?child ?parent ?title WHERE {
        ?child pk:cites ?c . ?c pk:citedPlan ?parent ; pk:citedTitle ?title }"""
    rows = sorted((str(r[0]), str(r[1]), str(r[2])) for r in families.query(q, initNs={"pk": PK}))
    assert rows == [
        (
            str(mint("shaanxi-building-materials-carbon-peak-2023")),
            str(mint("national-building-materials-carbon-peak-2022")),
            "关于印发建材行业碳达峰实施方案的通知",
        ),
        (
            str(mint("yunnan-nonferrous-carbon-peak-2023")),
            str(mint("national-nonferrous-carbon-peak-2022")),
            "有色金属行业碳达峰实施方案",
        ),
    ]


def test_a_citation_node_carries_its_number_and_span(families: Graph) -> None:
    node = mint("shaanxi-building-materials-carbon-peak-2023", "citation", "zh-2")
    assert str(families.value(node, PK.documentNumber)) == "工信部联原〔2022〕149号"
    text = (CORPUS / "shaanxi-building-materials-carbon-peak-2023.zh.txt").read_text()
    start = int(families.value(node, PK.sourceStart))
    end = int(families.value(node, PK.sourceEnd))
    assert text[start:end] == "《关于印发建材行业碳达峰实施方案的通知》（工信部联原〔2022〕149号"


# ------------------------------------------------------------------ alignment


def test_a_task_taken_over_aligns_to_its_parent_task_and_an_added_one_to_none() -> None:
    parent = [("1", "淘汰落后产能，严格执行产能置换办法"), ("2", "推广节能降碳技术装备改造")]
    child = [("1", "大力推广节能降碳技术装备改造升级"), ("2", "建设高原特色旅游线路")]
    ((number, adapted, score),) = align(child, parent)
    assert (number, adapted) == ("1", "2") and ALIGNMENT_THRESHOLD <= score < 1


def test_the_same_text_scores_one_and_the_first_of_equal_parents_wins() -> None:
    parent = [("1", "推广节能降碳技术"), ("2", "推广节能降碳技术")]
    assert align([("7", "推广节能降碳技术")], parent) == [("7", "1", 1.0)]


def test_the_threshold_decides() -> None:
    parent, child = [("1", "推广节能降碳技术")], [("1", "推广节能降碳工艺与装备")]
    (found,) = align(child, parent, threshold=0.0)
    assert align(child, parent, threshold=found[2] + 0.001) == []


def test_no_tasks_no_alignment() -> None:
    assert align([], [("1", "任务")]) == [] and align([("1", "任务")], []) == []


def test_spaces_do_not_count() -> None:
    assert task_text("到 2025 年，达到 24%以上", 0, 17) == "到2025年，达到24%以上"


# Yunnan against the national non-ferrous plan, read side by side (docs/lineage.md): each
# Yunnan task and the national task it takes over; 2 (延伸产业链), 3 (产业集群) and 9 (提升能效)
# are the province's own.
YUNNAN = {"1": "6", "4": "3", "5": "2", "6": "7", "7": "8", "8": "9", "10": "11", "11": "12"}
YUNNAN |= {"12": "13"} | {f"G{i}": f"G{i}" for i in range(1, 7)}


def adapted(g: Graph, child: str, parent: str) -> dict[str, str]:
    found = {}
    for task, target in g.subject_objects(PK.adapts):
        if str(task).startswith(str(mint(child))) and str(target).startswith(str(mint(parent))):
            found[str(task).rsplit("/", 1)[-1]] = str(target).rsplit("/", 1)[-1]
    return found


def test_yunnan_adapts_the_national_tasks_read_by_hand(families: Graph) -> None:
    found = adapted(
        families, "yunnan-nonferrous-carbon-peak-2023", "national-nonferrous-carbon-peak-2022"
    )
    assert found == YUNNAN
    # spot checks in the texts: the same headings, reworded
    text = {
        t: str(families.value(mint("yunnan-nonferrous-carbon-peak-2023", "task", t), PK.text))
        for t in ("4", "7")
    }
    assert "准入门槛" in text["4"] and "推广绿色低碳技术" in text["7"]
    parent = mint("national-nonferrous-carbon-peak-2022", "task", "3")
    assert "准入门槛" in str(families.value(parent, PK.text))


def test_the_score_is_on_the_alignment_node(families: Graph) -> None:
    task = mint("yunnan-nonferrous-carbon-peak-2023", "task", "7")
    (node,) = families.objects(task, PK.hasAlignment)
    assert families.value(node, PK.alignedTo) == mint(
        "national-nonferrous-carbon-peak-2022", "task", "8"
    )
    assert ALIGNMENT_THRESHOLD <= float(families.value(node, PK.alignmentScore)) <= 1


def test_shaanxi_adapts_all_but_its_new_building_materials_industry_task(families: Graph) -> None:
    found = adapted(
        families,
        "shaanxi-building-materials-carbon-peak-2023",
        "national-building-materials-carbon-peak-2022",
    )
    assert "3" not in found  # 壮大新型建材产业: the province's own
    assert found["15"] == "14" and found["G4"] == "G4"  # 构建绿色(低碳)建材产品体系; 营造良好环境
    assert len(found) == 19


def test_national_plans_adapt_nothing_and_the_bytes_are_the_same_twice(families: Graph) -> None:
    from graph.build import serialize

    assert not adapted(families, "national-nonferrous-carbon-peak-2022", "")
    assert not adapted(families, "national-building-materials-carbon-peak-2022", "")
    assert serialize(families) == serialize(build_families())
