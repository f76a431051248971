"""The lineage report (graph.analysis.compare.lineage): what a plan took from its parent, on an
invented pair of plans and on Yunnan against the national non-ferrous plan, read by hand."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal

from graph.analysis.adapted import adapted_tasks
from graph.analysis.compare import (
    LINEAGE_COLUMNS,
    lead_change,
    lineage,
    lineage_summary,
    parents,
)
from graph.analysis.scope import AnalysisError
from graph.cli import main
from graph.io import CORPUS
from graph.namespace import PK, mint

YUNNAN = "yunnan-nonferrous-carbon-peak-2023"
NATIONAL = "national-nonferrous-carbon-peak-2022"


def invented() -> Graph:
    """Parent p: tasks 1 (led by industry), 2 (led by industry), 3 (no lead), 10.
    Child c cites p: 1 adapts p/1 (led by industry: same), 2 adapts p/2 (led by environment:
    changed), 10 adapts p/1 too (no lead in c), 3 adapts nothing (added). p/3, p/10 dropped."""
    g = Graph()
    tasks = {"p": ["1", "2", "3", "10"], "c": ["1", "2", "10", "3"]}
    leads = {("p", "1"): "industry-it", ("p", "2"): "industry-it"}
    leads |= {("c", "1"): "industry-it", ("c", "2"): "ecology-environment"}
    for plan, numbers in tasks.items():
        g.add((mint(plan), RDF.type, PK.Plan))
        section = mint(plan, "section", "1")
        g.add((section, PK.inPlan, mint(plan)))
        for number in numbers:
            task = mint(plan, "task", number)
            g.add((task, RDF.type, PK.Task))
            g.add((task, PK.inSection, section))
            g.add((task, PK.taskNumber, Literal(number)))
            g.add((task, RDFS.label, Literal(f"{plan}任务{number}", lang="zh")))
            if (plan, number) in leads:
                who = mint(plan, "agency", leads[plan, number])
                g.add((who, PK.function, mint("function", leads[plan, number])))
                node = mint(plan, "task", number, "responsibility", "zh-1")
                g.add((node, RDF.type, PK.Responsibility))
                g.add((node, PK.task, task))
                g.add((node, PK.agency, who))
                g.add((node, PK.role, PK.Lead))
    citation = mint("c", "citation", "zh-1")
    g.add((mint("c"), PK.cites, citation))
    g.add((citation, PK.citedPlan, mint("p")))
    for child, parent, score in (("1", "1", "0.9"), ("2", "2", "0.5"), ("10", "1", "0.25")):
        task, target = mint("c", "task", child), mint("p", "task", parent)
        node = mint("c", "task", child, "alignment", "p")
        g.add((task, PK.adapts, target))
        g.add((task, PK.hasAlignment, node))
        g.add((node, PK.alignedTo, target))
        g.add((node, PK.alignmentScore, Literal(Decimal(score))))
    return g


def test_lineage_lists_adopted_added_and_dropped_tasks_in_printed_order() -> None:
    got = [
        (r["status"], r["task"], r["parent_task"], r["score"], r["lead"])
        for r in lineage(invented(), "c")
    ]
    assert got == [
        ("adopted", "1", "1", 0.9, "same"),
        ("adopted", "2", "2", 0.5, "changed from industry-it to ecology-environment"),
        ("added", "3", "", None, ""),
        ("adopted", "10", "1", 0.25, "no lead in plan"),
        ("dropped", "", "3", None, ""),
        ("dropped", "", "10", None, ""),
    ]
    assert lineage(invented(), "c")[2]["heading"] == "c任务3"


def test_the_adapted_table_is_the_adopted_rows_of_the_lineage_most_alike_first() -> None:
    rows = adapted_tasks(invented(), "c")
    assert [(r["task"], r["parent_task"], r["score"]) for r in rows] == [
        ("1", "1", 0.9),
        ("2", "2", 0.5),
        ("10", "1", 0.25),
    ]
    adopted = [r for r in lineage(invented(), "c") if r["status"] == "adopted"]
    assert sorted((r["score"], r["lead"]) for r in adopted) == sorted(
        (r["score"], r["lead"]) for r in rows
    )
    assert all({k: r[k] for k in LINEAGE_COLUMNS} in adopted for r in rows)


def test_the_summary_counts_tasks_once_and_parent_tasks_once() -> None:
    (row,) = lineage_summary(invented())
    assert row == {
        "plan": "c",
        "parent": "p",
        "tasks": 4,
        "parent_tasks": 4,
        "adopted": 3,
        "added": 1,
        "dropped": 2,
        "parent_tasks_adopted": 2,  # p/1 is adapted twice
        "lead_same": 1,
        "lead_changed": 1,
        "no_lead": 1,
    }


def test_lead_change_names_both_sides() -> None:
    assert lead_change(("a", "b"), ("a", "b")) == "same"
    assert lead_change(("b",), ("a",)) == "changed from a to b"
    assert lead_change((), ()) == "no lead"
    assert lead_change((), ("a",)) == "no lead in plan"
    assert lead_change(("a",), ()) == "no lead in parent"


def test_a_plan_without_a_parent_in_the_graph_has_no_lineage() -> None:
    g = invented()
    assert parents(g) == [("c", "p")]
    with pytest.raises(AnalysisError, match="cites no plan of the graph.*plans with a parent"):
        lineage(g, "p")
    with pytest.raises(AnalysisError, match="no plan 'q'"):
        lineage(g, "q")


# ------------------------------------------------------------------ Yunnan, read by hand


@pytest.fixture(scope="module")
def yunnan_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("yunnan")
    files = [str(CORPUS / f"{name}.zh.txt") for name in (NATIONAL, YUNNAN)]
    result = CliRunner().invoke(main, ["build", *files, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def yunnan_rows(yunnan_graph: Path) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        main, ["compare", "--graph", str(yunnan_graph), "--lineage", YUNNAN, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


def printed_tasks(name: str) -> int:
    """Tasks counted in the file: the numbered ones (`1. `) and the six guarantees
    (（一）… under 三、保障措施)."""
    text = (CORPUS / f"{name}.zh.txt").read_text(encoding="utf-8")
    numbered = len(re.findall(r"^\d+\. ", text, re.MULTILINE))
    guarantees = text[text.index("保障措施") :]
    return numbered + len(re.findall(r"^（[一二三四五六七八九十]+）", guarantees, re.MULTILINE))


# pairs read side by side in the two files, each with the words both print:
#   Yunnan 4 严格落实行业准入门槛 / national 3 提高行业准入门槛: 严格落实项目备案、环境影响评价、节能审查
#   Yunnan 8 优化能源消费结构 / national 9 控制化石能源消费: 燃煤窑炉以电代煤，提升用能电气化水平
#   Yunnan 10 推进资源综合利用 / national 11 发展再生金属产业: 布局区域回收预处理配送中心
#   Yunnan 7 推广绿色低碳技术 / national 8 推广绿色低碳技术: the same heading, 大力推动…工艺技术改造
#   Yunnan G6 / national G6 加强示范引导: 支持具有典型代表性的企业和园区开展碳达峰试点建设
BY_HAND = {("4", "3"), ("8", "9"), ("10", "11"), ("7", "8"), ("G6", "G6")}
# Yunnan's own: 2 着力延伸产业链 (精深加工, 铜基新材料 ...) and 9 着力提升能效水平 (动态用能机制)
ADDED_BY_HAND = {"2", "9"}
# national 4 引导行业高效集约发展 (行业自律公约, 兼并重组): Yunnan prints neither
DROPPED_BY_HAND = "4"


def test_yunnan_adopts_the_pairs_read_by_hand(yunnan_rows: list[dict[str, str]]) -> None:
    adopted = {(r["task"], r["parent_task"]): r for r in yunnan_rows if r["status"] == "adopted"}
    assert set(adopted) >= BY_HAND
    assert all(0.2 <= float(adopted[pair]["score"]) <= 1 for pair in BY_HAND)
    assert adopted["4", "3"]["heading"] == "严格落实行业准入门槛"
    assert adopted["4", "3"]["parent_heading"] == "提高行业准入门槛"
    assert {r["task"] for r in yunnan_rows if r["status"] == "added"} >= ADDED_BY_HAND
    assert DROPPED_BY_HAND in {r["parent_task"] for r in yunnan_rows if r["status"] == "dropped"}


def test_yunnan_counts_add_up_to_the_tasks_of_both_texts(yunnan_rows: list[dict]) -> None:
    yunnan, national = printed_tasks(YUNNAN), printed_tasks(NATIONAL)
    assert (yunnan, national) == (18, 19)  # 12 + 6 and 13 + 6 in the files
    adopted = [r for r in yunnan_rows if r["status"] == "adopted"]
    added = [r for r in yunnan_rows if r["status"] == "added"]
    dropped = [r for r in yunnan_rows if r["status"] == "dropped"]
    assert len({r["task"] for r in adopted}) + len(added) == yunnan
    assert len({r["parent_task"] for r in adopted}) + len(dropped) == national
    assert not {r["task"] for r in adopted} & {r["task"] for r in added}


def test_yunnan_lead_functions_as_the_notes_print_them(yunnan_rows: list[dict]) -> None:
    rows = {r["task"]: r for r in yunnan_rows if r["status"] == "adopted"}
    # G1: （工业和信息化部、发展改革委牵头…） / （省工业和信息化厅、省发展改革委、省生态环境厅牵头…）
    assert rows["G1"]["lead"] == (
        "changed from development-reform + industry-it"
        " to development-reform + ecology-environment + industry-it"
    )
    # G6: （工业和信息化部牵头…） / （省工业和信息化厅、省发展改革委、省生态环境厅按职责分工负责）
    assert (rows["G6"]["parent_lead_function"], rows["G6"]["lead"]) == (
        "industry-it",
        "no lead in plan",
    )


def test_the_lineage_summary_from_the_cli(yunnan_graph: Path) -> None:
    args = ["compare", "--graph", str(yunnan_graph), "--lineage", "all", "--summary"]
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"adopted": 15' in result.output and '"dropped": 4' in result.output
    wrong = CliRunner().invoke(
        main, ["compare", "--graph", str(yunnan_graph), "--lineage", NATIONAL]
    )
    assert wrong.exit_code != 0 and "cites no plan of the graph" in wrong.output
