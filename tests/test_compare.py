"""`plankg compare`: function x plan counts, on an invented two-plan graph and on real plans."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, Graph, Literal
from rdflib.namespace import SKOS

from graph.analysis.compare import function_table
from graph.cli import main
from graph.io import CORPUS
from graph.namespace import PK, mint


def invented() -> Graph:
    """Plan a: task 1 led by a's industry office, co-run by its two environment offices;
    task 2 by a's environment office alone (co-responsible). Plan b: one task, led by b's
    environment office. Industry is absent from b."""
    g = Graph()
    for fid, zh in (("industry-it", "工业和信息化"), ("ecology-environment", "生态环境")):
        g.add((mint("function", fid), SKOS.prefLabel, Literal(zh, lang="zh")))
    named = {
        "a": [
            ("1", "ind", "industry-it", PK.Lead),
            ("1", "env", "ecology-environment", PK.CoResponsible),
        ]
        + [("1", "env2", "ecology-environment", PK.CoResponsible)]
        + [("2", "env", "ecology-environment", PK.CoResponsible)],
        "b": [("1", "env", "ecology-environment", PK.Lead)],
    }
    for plan, rows in named.items():
        g.add((mint(plan), RDF.type, PK.Plan))
        section = mint(plan, "section", "1")
        g.add((section, PK.inPlan, mint(plan)))
        for i, (number, agency, function, role) in enumerate(rows):
            task, who = mint(plan, "task", number), mint(plan, "agency", agency)
            g.add((task, RDF.type, PK.Task))
            g.add((task, PK.inSection, section))
            g.add((who, PK.function, mint("function", function)))
            node = mint(plan, "task", number, "responsibility", f"zh-{i}")
            g.add((node, RDF.type, PK.Responsibility))
            g.add((node, PK.task, task))
            g.add((node, PK.agency, who))
            g.add((node, PK.role, role))
    return g


def test_each_function_counts_each_task_once_per_role_and_absence_is_said() -> None:
    rows = {(r["function"], r["plan"]): r for r in function_table(invented())}
    assert sorted(rows) == [
        ("ecology-environment", "a"),
        ("ecology-environment", "b"),
        ("industry-it", "a"),
        ("industry-it", "b"),
    ]
    env_a = rows["ecology-environment", "a"]
    assert (env_a["tasks"], env_a["led"], env_a["co-responsible"], env_a["involved"]) == (
        2,
        0,
        2,
        2,
    )
    assert (env_a["involved_share"], env_a["function_zh"], env_a["present"]) == (
        1.0,
        "生态环境",
        "yes",
    )
    assert rows["industry-it", "a"]["led_share"] == 0.5
    env_b = rows["ecology-environment", "b"]
    assert (env_b["tasks"], env_b["led"], env_b["led_share"]) == (1, 1, 1.0)
    absent = rows["industry-it", "b"]
    assert absent["present"] == "absent" and absent["involved"] == absent["led"] == 0


def test_compare_prints_the_table_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    invented().serialize(path, format="turtle")
    table = CliRunner().invoke(main, ["compare", "--graph", str(path)])
    assert table.exit_code == 0, table.output
    assert "absent" in table.output and "工业和信息化" in table.output
    csv = CliRunner().invoke(main, ["compare", "--graph", str(path), "--format", "csv"])
    assert csv.output.splitlines()[0].startswith("function,function_zh,plan,tasks,led,")
    assert len(csv.output.splitlines()) == 5
    missing = CliRunner().invoke(main, ["compare", "--graph", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 1 and "no such graph file" in missing.output


def test_the_lead_counts_agree_with_the_lead_shortcuts_on_real_plans() -> None:
    """Every plan's led counts, read from the Responsibility nodes, agree with a plain walk
    over pk:ledBy: two routes through the same graph."""
    from graph.build import build_graph
    from graph.registry import load_registry
    from graph.workflow import analyse_files

    registry = load_registry()
    names = ["yunnan-nonferrous-carbon-peak-2023", "national-nonferrous-carbon-peak-2022"]
    g = build_graph(analyse_files([CORPUS / f"{n}.zh.txt" for n in names], registry), registry)
    rows = function_table(g)
    assert {r["plan"] for r in rows} == set(names)
    for plan in names:
        walked: dict[str, set] = {}
        for task, agency in g.subject_objects(PK.ledBy):
            if str(task).startswith(str(mint(plan, "task"))):
                function = str(g.value(agency, PK.function) or "none").rsplit("/", 1)[-1]
                walked.setdefault(function, set()).add(task)
        counted = {r["function"]: r["led"] for r in rows if r["plan"] == plan and r["led"]}
        assert counted == {f: len(t) for f, t in walked.items()}
        assert counted  # every plan of the genre names leads


def test_the_summary_counts_bodies_and_concentration_by_hand() -> None:
    from graph.analysis.compare import plan_summary

    a, b = plan_summary(invented())
    # plan a: ind on 1 task, env on 2, env2 on 1: 4 namings by 3 bodies
    assert (a["plan"], a["tasks"], a["bodies"], a["tasks_per_body"]) == ("a", 2, 3, 1.33)
    assert a["herfindahl"] == 0.375  # (1/4)^2 + (2/4)^2 + (1/4)^2
    assert (a["leads_most"], a["leads_most_tasks"], a["environment_led_share"]) == (
        "industry-it",
        1,
        0.0,
    )
    # plan b: one body carries everything
    assert (b["bodies"], b["herfindahl"], b["leads_most"], b["environment_led_share"]) == (
        1,
        1.0,
        "ecology-environment",
        1.0,
    )


def test_summary_from_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    invented().serialize(path, format="turtle")
    done = CliRunner().invoke(
        main, ["compare", "--graph", str(path), "--summary", "--format", "tsv"]
    )
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[1].split("\t")[:5] == ["a", "2", "3", "1.33", "0.375"]


def test_bodies_minted_from_their_names_count_under_the_function_they_show() -> None:
    """Tianjin names 人民银行天津分行 (the finance note), 市教委 (the public-awareness note) and
    中国铁路北京局集团有限公司天津铁路办事处 (the freight note), each once and 按职责分工负责:
    none is in the registry, so each is minted with the function its name shows."""
    from graph.build import build_graph
    from graph.registry import load_registry
    from graph.workflow import analyse_files

    registry = load_registry()
    plan = "tianjin-pollution-carbon-2022"
    g = build_graph(analyse_files([CORPUS / f"{plan}.zh.txt"], registry), registry)
    rows = {r["function"]: r for r in function_table(g) if r["plan"] == plan}
    for function in ("central-bank", "education", "railway"):
        assert (rows[function]["co-responsible"], rows[function]["present"]) == (1, "yes")
    branch = mint("tianjin", "agency", "ren-min-yin-hang-tian-jin-fen-hang")
    assert g.value(branch, PK.function) == mint("function", "central-bank")
    assert "financial-regulation" not in rows  # 市金融局 shows no function by itself
