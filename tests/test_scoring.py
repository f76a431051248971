"""The scoring harness (graph/scoring.py) on a tiny hand-made graph and hand-written rows,
so that each of its counts can be checked by hand and can fail."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.errors import PlanError
from graph.namespace import PK, mint
from graph.scoring import (
    EXPECTED_HEADER,
    Floor,
    agency_level,
    expected_links,
    floor_problems,
    format_details,
    format_floors,
    format_scores,
    found_links,
    read_floors,
    score,
    score_plan,
)

# Two tasks; task 1 has two notes that both name 省生态环境厅 as lead (as Anhui does).
TEXT = (
    "# provenance\n"
    "（一）推进治理（省生态环境厅牵头，省发展改革委、省财政厅按职责分工负责）。"
    "强化监测（省生态环境厅牵头）。\n"
    "（二）加强保障（各市人民政府负责落实，下同）。\n"
)
LINE2 = TEXT.index("\n") + 1
LINE3 = TEXT.index("（二）")
NOTE1 = TEXT.index("（省生态环境厅牵头，")
NOTE2 = TEXT.index("（省生态环境厅牵头）")
NOTE3 = TEXT.index("（各市")
SOURCE = mint("p", "source", "zh")


def row(task: str, printed: str, role: str, note: int, line_start: int, **extra: str) -> dict:
    values = dict.fromkeys(EXPECTED_HEADER, "")
    line = 2 if line_start == LINE2 else 3
    values.update(task=task, printed=printed, role=role, level="province")
    values.update(note_line=str(line), note_col=str(note - line_start + 1), **extra)
    return values


ROWS = [
    row("1", "省生态环境厅", "Lead", NOTE1, LINE2),
    row("1", "省发展改革委", "CoResponsible", NOTE1, LINE2),
    row("1", "省财政厅", "CoResponsible", NOTE1, LINE2),
    row("1", "省生态环境厅", "Lead", NOTE2, LINE2),
]


def span_of(name: str, after: int) -> tuple[int, int]:
    start = TEXT.index(name, after)
    return start, start + len(name)


def new_plan_graph() -> Graph:
    """A graph with the source, two tasks with their passages, and one provincial agency."""
    g = Graph()
    g.add((SOURCE, RDF.type, PK.SourceText))
    for number, (start, end) in {"1": (LINE2, LINE3), "2": (LINE3, len(TEXT))}.items():
        task, passage = mint("p", "task", number), mint("p", "task", number, "zh")
        g.add((task, RDF.type, PK.Task))
        g.add((task, PK.taskNumber, Literal(number)))
        g.add((task, PK.passage, passage))
        g.add((task, PK.openList, Literal(False)))
        g.add((passage, PK.statedIn, SOURCE))
        g.add((passage, PK.sourceStart, Literal(start)))
        g.add((passage, PK.sourceEnd, Literal(end)))
    province = mint("place", "anhui")
    g.add((province, RDF.type, PK.Region))
    g.add((province, SKOS.prefLabel, Literal("安徽省", lang="zh")))
    return g


def responsibility(
    g: Graph, task: str, key: str, spans: list[tuple[int, int]], role: str, agency: str = "a"
) -> URIRef:
    node = mint("p", "task", task, "responsibility", key)
    agency_iri = mint("anhui", "agency", agency)
    g.add((agency_iri, PK.jurisdiction, mint("place", "anhui")))
    g.add((node, RDF.type, PK.Responsibility))
    g.add((node, PK.task, mint("p", "task", task)))
    g.add((node, PK.agency, agency_iri))
    g.add((node, PK.role, PK[role]))
    g.add((node, PK.statedIn, SOURCE))
    for start, end in spans:
        g.add((node, PK.sourceStart, Literal(start)))
        g.add((node, PK.sourceEnd, Literal(end)))
    return node


def test_expected_rows_are_placed_in_their_own_note_in_order():
    links = expected_links(TEXT, ROWS)
    assert [TEXT[e.start : e.end] for e in links] == [r["printed"] for r in ROWS]
    assert links[0].start == NOTE1 + 1 and links[3].start == NOTE2 + 1
    wrong = dict(ROWS[2], printed="省教育厅")
    with pytest.raises(PlanError, match="'省教育厅' is not in the note at 2:"):
        expected_links(TEXT, [wrong])


def test_a_correct_link_a_wrong_role_a_missing_one_and_an_extra_one():
    g = new_plan_graph()
    responsibility(g, "1", "zh-1", [span_of("省生态环境厅", NOTE1)], "Lead")
    responsibility(g, "1", "zh-2", [span_of("省发展改革委", NOTE1)], "Cooperating")
    # 省财政厅 is not in the graph: missing (read by the tool, but not resolved)
    responsibility(g, "1", "zh-4", [span_of("推进治理", LINE2)], "Lead")  # not a name: extra
    responsibility(g, "1", "zh-5", [span_of("省生态环境厅", NOTE2)], "Lead")
    unresolved = [("省财政厅", TEXT.index("省财政厅"))]
    s = score(g, TEXT, ROWS, plan="p", unresolved=unresolved)
    assert (s.expected, s.found, s.correct, s.wrong_role, s.missing, s.extra) == (4, 4, 2, 1, 1, 1)
    assert (s.unresolved, s.exact, s.matched) == (1, 2, 3)
    assert s.precision == pytest.approx(2 / 4) and s.recall == pytest.approx(2 / 4)
    kinds = {d.kind: d for d in s.details}
    assert kinds["wrong role"].printed == "省发展改革委"
    assert (kinds["wrong role"].expected, kinds["wrong role"].found) == (
        "CoResponsible",
        "Cooperating (省发展改革委)",
    )
    assert kinds["missing"].found == "read as '省财政厅', not resolved"
    assert kinds["extra"].printed == "推进治理" and kinds["extra"].where.startswith("2:4 ")
    text = format_details(s)
    assert "wrong role: 省发展改革委 expected CoResponsible" in text
    assert "extra: 推进治理" in text


def test_a_printing_twice_in_one_task_is_two_links_whichever_way_the_graph_keeps_them():
    first, second = span_of("省生态环境厅", NOTE1), span_of("省生态环境厅", NOTE2)
    both = [ROWS[0], ROWS[3]]
    apart = new_plan_graph()
    responsibility(apart, "1", "zh-1", [first], "Lead")
    responsibility(apart, "1", "zh-5", [second], "Lead")
    merged = new_plan_graph()  # one IRI holding both printings
    responsibility(merged, "1", "zh-1", [first, second], "Lead")
    once = new_plan_graph()  # one link per (task, agency, role): the second printing is lost
    responsibility(once, "1", "zh-1", [first], "Lead")
    assert [(f.start, f.end) for f in found_links(merged)] == [first, second]
    assert score(apart, TEXT, both).correct == 2
    assert score(merged, TEXT, both).correct == 2
    lost = score(once, TEXT, both)
    assert (lost.correct, lost.missing, lost.extra) == (1, 1, 0)
    assert [d.where.split(" ")[0] for d in lost.details if d.kind == "missing"] == [
        f"2:{second[0] - LINE2 + 1}"
    ]


def test_an_overlapping_span_matches_and_only_once():
    g = new_plan_graph()
    # one found span from the verb before over two printed names ("牵头，省发展改革委、省财政厅"):
    # it pairs with the name it overlaps most, the other name is missing
    start = TEXT.index("牵头，省发展改革委")
    responsibility(g, "1", "zh-2", [(start, TEXT.index("按职责"))], "CoResponsible")
    s = score(g, TEXT, ROWS[1:3])
    assert (s.correct, s.exact, s.missing, s.extra) == (1, 0, 1, 0)
    assert [d.printed for d in s.details if d.kind == "missing"] == ["省财政厅"]


def test_secondary_columns_count_agreement_of_matched_links():
    g = new_plan_graph()
    responsibility(g, "1", "zh-1", [span_of("省生态环境厅", NOTE1)], "Lead")
    g.set((mint("p", "task", "1"), PK.openList, Literal(True)))
    rows = [dict(ROWS[0], task="2.1", open="", level="province")]
    s = score(g, TEXT, rows)
    assert (s.task_ids, s.open_lists, s.levels) == (0, 0, 1)
    assert {d.kind for d in s.details} == {"task id", "open list"}
    # the graph says "open" of a task: the lead, outside the group ending in 等, agrees too
    responsibility(g, "1", "zh-2", [span_of("省发展改革委", NOTE1)], "CoResponsible")
    rows = [dict(ROWS[0], task="1"), dict(ROWS[1], task="1", open="yes")]
    s = score(g, TEXT, rows)
    assert (s.task_ids, s.open_lists, s.levels) == (2, 2, 2)
    assert s.details == []


def test_blanket_copies_are_one_link_and_its_range_is_checked_by_position():
    g = new_plan_graph()
    blanket = span_of("各市人民政府", NOTE3)
    for task in ("2", "1"):  # the tool put it on task 1 too, before the clause
        node = responsibility(g, task, "zh-9", [blanket], "Implementer", "cities")
        g.add((node, PK.viaBlanketClause, Literal(True)))
    rows = [row("2", "各市人民政府", "Implementer", NOTE3, LINE3, blanket="yes")]
    structure = [
        {"id": "1", "line": "2", "kind": "item", "has_note": "yes"},
        {"id": "2", "line": "3", "kind": "item", "has_note": "yes"},
    ]
    blankets = [{"plan": "p", "task": "2", "printed": "各市人民政府"}]
    blankets[0].update(applies_from="2", applies_to="2")
    found = found_links(g)
    assert len(found) == 1 and found[0].task == "2" and found[0].blanket_tasks == ("1", "2")
    s = score(g, TEXT, rows, structure=structure, blankets=blankets)
    assert (s.correct, s.extra, s.task_ids) == (1, 0, 1)
    assert (s.blanket_tasks, s.blanket_wanted, s.blanket_extra) == (1, 1, 1)


def test_levels_from_function_kind_and_jurisdiction():
    g = Graph()
    places = {"china": ("中国", PK.Region), "tianjin": ("天津市", PK.Region)}
    places |= {"xinjiang": ("新疆维吾尔自治区", PK.Region), "anhui": ("安徽省", PK.Region)}
    places |= {"hefei": ("合肥市", PK.City)}
    for pid, (zh, cls) in places.items():
        g.add((mint("place", pid), RDF.type, cls))
        g.add((mint("place", pid), SKOS.prefLabel, Literal(zh, lang="zh")))

    def agency(place: str, function: str = "", kind: str = "department") -> URIRef:
        iri = mint(place, "agency", function or kind.replace(" ", "-"))
        g.add((iri, PK.jurisdiction, mint("place", place)))
        g.add((iri, PK.agencyKind, Literal(kind)))
        if function:
            g.add((iri, PK.function, mint("function", function)))
        return iri

    assert agency_level(g, agency("china", "ecology-environment")) == "national"
    assert agency_level(g, agency("china", "central-bank", "bank")) == "national"
    assert agency_level(g, agency("tianjin", "central-bank", "bank")) == "vertical"
    assert agency_level(g, agency("tianjin", "ecology-environment")) == "city"
    assert agency_level(g, agency("xinjiang", "finance")) == "autonomous-region"
    assert agency_level(g, agency("anhui", "finance")) == "province"
    assert agency_level(g, agency("hefei", "finance")) == "city"
    assert agency_level(g, agency("anhui", "city-governments", "government")) == "lower-governments"
    assert agency_level(g, agency("anhui", "", "party organ")) == "party"
    assert agency_level(g, agency("anhui", "power-grid", "enterprise")) == "enterprise/other"


def test_floors_fail_below_and_ask_to_be_raised_above():
    g = new_plan_graph()
    responsibility(g, "1", "zh-1", [span_of("省生态环境厅", NOTE1)], "Lead")
    s = score(g, TEXT, ROWS, plan="p")
    s.detected = "yes"
    assert floor_problems([s], {"p": Floor("p", "anhui", "yes", 1, 0)}) == []
    low = floor_problems([s], {"p": Floor("p", "anhui", "yes", 2, 0)})
    assert low == ["p: 1 correct links, below the floor of 2"]
    high = floor_problems([s], {"p": Floor("p", "anhui", "yes", 0, 3)})
    assert len(high) == 1 and "raise the floor" in high[0]
    assert "no floor" in floor_problems([s], {})[0]
    table = format_floors([Floor("p", "anhui", "no", 1, 0)])
    assert read_floors(table) == {"p": Floor("p", "anhui", "no", 1, 0)}


def test_a_plan_the_tool_refuses_scores_zero_with_its_error(registry):
    text = "# provenance\n推进治理（省生态环境厅牵头）。\n"  # no numbered item: not a plan
    rows = [dict(ROWS[0], note_line="2", note_col=str(text.index("（省") - text.index("\n")))]
    s = score_plan("nowhere.zh.txt", text, rows, registry, plan="nowhere")
    assert (s.correct, s.missing, s.expected) == (0, 1, 1)
    assert "no numbered tasks" in s.error
    table = format_scores([s])
    assert "nowhere: " in table and "no numbered tasks" in table


def test_the_known_jurisdiction_is_used_only_when_the_tool_cannot_tell_it(registry):
    text = "# provenance\n某某方案\n一、主要任务\n（一）推进治理（省生态环境厅牵头）。\n"
    rows = [
        dict(
            ROWS[0],
            note_line="4",
            note_col=str(text.index("（省") - text.rindex("\n", 0, text.index("（省"))),
        )
    ]
    alone = score_plan("x.zh.txt", text, rows, registry, plan="x")
    assert (alone.detected, alone.jurisdiction) == ("no", "unknown-jurisdiction")
    given = score_plan("x.zh.txt", text, rows, registry, plan="x", jurisdiction="anhui")
    assert (given.detected, given.jurisdiction) == ("no", "anhui")
    titled = "# provenance\n安徽省某某方案" + text[text.index("\n一") :]
    wrong = score_plan("x.zh.txt", titled, rows, registry, plan="x", jurisdiction="henan")
    assert (wrong.detected, wrong.jurisdiction) == ("wrong: anhui", "anhui")
    assert (
        score_plan("x.zh.txt", titled, rows, registry, plan="x", jurisdiction="anhui").detected
        == "yes"
    )
