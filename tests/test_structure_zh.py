"""The numbered structure of Chinese plans: every printed number becomes a task, a section or a
recorded defect, and task ids are unique whatever the numbering (issue 11, item 6)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.lang.en.ingest import ingest
from graph.lang.zh.ingest import ingest as ingest_zh
from graph.model import Source

REAL = Path(__file__).parent / "data" / "real"
PLANS = sorted(REAL.glob("*.zh.txt"))
TITLE = "某省减污降碳协同增效实施方案\n\n"
NUMERALS = "一二三四五六七八九十"
# the SHACL pattern of pk:taskNumber in ontology/shapes.ttl
TASK_NUMBER = re.compile(r"^G?[0-9]+(\.[0-9]+)*(-[0-9]+)?$")


def read(body: str):
    text = TITLE + body
    return ingest_zh(Source("t.txt", text, "zh", "t")), text


def tasks(doc) -> list[tuple[str, str, str]]:
    """(id, printed number, path) of every task."""
    return [(t.id, t.number, ".".join(map(str, t.path))) for t in doc.tasks]


def defects(doc, text: str) -> list[tuple[str, str]]:
    """(kind, the text of the span) of every defect of the document."""
    return [(d.kind, text[d.start : d.end]) for d in doc.defects]


def test_items_numbered_straight_through_parts_keep_their_printed_numbers() -> None:
    doc, _ = read(
        "一、总体要求\n（一）指导思想\n坚持绿色发展。\n"
        "二、重点任务\n（二）推进能源转型\n加快发展风电。（省能源局负责）\n"
        "(三) 推进工业转型\n推广绿色工艺。（省工业和信息化厅牵头）\n"
        "三、保障措施\n（四）加强组织领导\n各地要加强领导。（省生态环境厅牵头）\n"
    )
    assert tasks(doc) == [("2", "2", "2.2"), ("3", "3", "2.3"), ("G4", "G4", "3.4")]
    assert doc.defects == []


def test_a_note_in_the_general_requirements_gets_a_task_of_its_own() -> None:
    doc, _ = read(
        "一、总体要求\n（一）指导思想\n坚持绿色发展。\n（二）主要目标\n到2025年建成体系。（省发展改革委牵头）\n"
        "二、重点任务\n（三）推进能源转型\n加快发展风电。（省能源局负责）\n"
    )
    assert tasks(doc) == [("2", "2", "1.2"), ("3", "3", "2.3")]


def test_items_restarting_in_every_part_are_qualified_by_the_part() -> None:
    doc, _ = read(
        "一、推动结构调整\n（一）优化布局\n优化产业布局。（省发展改革委负责）\n"
        "（二）遏制两高\n严把准入关。（省生态环境厅负责）\n"
        "二、推进协同增效\n（一）工业领域\n推进工业协同。（省工业和信息化厅负责）\n"
    )
    assert tasks(doc) == [("1.1", "1", "1.1"), ("1.2", "2", "1.2"), ("2.1", "1", "2.1")]
    assert doc.defects == []


def test_sub_items_restarting_in_every_item_get_the_whole_path() -> None:
    doc, _ = read(
        "一、重点任务\n（一）产业结构优化\n1. 构建产业布局\n优化布局。（省经济和信息化厅负责）\n"
        "2．遏制盲目发展\n全面排查。（省发展改革委负责）\n"
        "（二）节能提效\n1.   调整用能结构\n推动煤炭清洁利用。（省能源局负责）\n"
    )
    assert tasks(doc) == [("1.1.1", "1", "1.1.1"), ("1.1.2", "2", "1.1.2"), ("1.2.1", "1", "1.2.1")]
    assert [t.section for t in doc.tasks] == ["1.1", "1.1", "1.2"]
    assert [t.title for t in doc.tasks] == ["构建产业布局", "遏制盲目发展", "调整用能结构"]


def test_sub_items_numbered_straight_keep_their_printed_numbers() -> None:
    doc, _ = read(
        "一、重点任务\n（一）调整结构\n1. 推动退出\n依法退出。（省工业和信息化厅负责）\n"
        "（二）控制产能\n2. 严格准入\n严格落实。（省发展改革委负责）\n"
        "二、保障措施\n（一）加强统筹协调\n细化任务。（省发展改革委牵头）\n"
    )
    assert tasks(doc) == [("1", "1", "1.1.1"), ("2", "2", "1.2.2"), ("G1", "G1", "2.1")]


def test_sub_paragraphs_closed_by_one_note_make_the_item_the_task() -> None:
    doc, text = read(
        "一、重点任务\n（一）推进工业绿色转型\n1.推动产业升级。加快淘汰落后产能。\n"
        "2.发展循环经济。推进资源综合利用。（省发展改革委牵头，省工业和信息化厅配合）\n"
        "（二）推进交通转型\n推广新能源车。（省交通运输厅负责）\n"
    )
    assert tasks(doc) == [("1", "1", "1.1"), ("2", "2", "1.2")]
    first = doc.tasks[0]
    assert "2.发展循环经济" in text[first.start : first.end]
    assert text[first.note.start : first.note.end].startswith("（省发展改革委牵头")


def test_a_heading_running_into_its_first_sentence_and_a_one_sentence_heading() -> None:
    doc, _ = read(
        "一、重点任务\n（一）加强组织领导。各地要切实加强领导，压实责任。（省生态环境厅牵头）\n"
        "（二）强化监督考核。\n将任务纳入考核。（省生态环境厅负责）\n"
    )
    assert [t.title for t in doc.tasks] == ["加强组织领导", "强化监督考核"]
    assert all(t.note for t in doc.tasks)


def test_a_box_between_tasks_is_a_section_not_a_task_and_not_task_text() -> None:
    doc, text = read(
        "一、重点任务\n（一）调整结构\n1. 推动退出\n依法退出。（省工业和信息化厅负责）\n"
        "专栏1 重点方向。铝产业：鼓励发展。1. 高端铝材\n"
        "（二）控制产能\n2. 严格准入\n严格落实。（省发展改革委负责）专栏 路线图。2025年前： 重点研发。\n"
    )
    assert tasks(doc) == [("1", "1", "1.1.1"), ("2", "2", "1.2.2")]
    assert all("专栏" not in text[t.start : t.end] for t in doc.tasks)
    assert not any(t.runs_into_next for t in doc.tasks)
    boxes = [(s.number, s.label, s.parent) for s in doc.sections if s.kind == "box"]
    assert boxes == [("box1", "重点方向", "1.1"), ("box", "路线图", "1.2")]
    assert doc.defects == []  # the box's own "1." is not an out-of-sequence task number


def test_a_note_inside_a_box_is_an_unattached_note_defect() -> None:
    doc, text = read(
        "一、重点任务\n（一）调整结构\n1. 推动退出\n依法退出。（省工业和信息化厅负责）\n"
        "专栏1 重点方向。推广高端铝材。（省科技厅负责）\n"
        "（二）控制产能\n2. 严格准入\n严格落实。（省发展改革委负责）\n"
    )
    assert tasks(doc) == [("1", "1", "1.1.1"), ("2", "2", "1.2.2")]
    assert defects(doc, text) == [("unattached note", "（省科技厅负责）")]


def test_a_note_on_a_parts_introduction_makes_the_part_a_task() -> None:
    doc, text = read(
        "一、重点任务\n（一）产业结构\n1. 构建布局\n优化布局。（省经济和信息化厅负责）\n"
        "二、重点行业实施路径\n在钢铁等行业推进碳达峰。（省经济和信息化厅牵头，省发展改革委等按职责分工负责）\n"
        "（一）钢铁行业\n（二）建材行业\n"
    )
    assert tasks(doc) == [("1", "1", "1.1.1"), ("2", "2", "2")]
    assert doc.tasks[1].title == "重点行业实施路径"
    assert defects(doc, text) == [("lost text", "（一）钢铁行业"), ("lost text", "（二）建材行业")]


def test_page_numbers_between_lines_are_noise_not_numbers() -> None:
    doc, _ = read(
        "一、重点任务\n（一）优化布局\n优化产业布局，\n- 5 -\n推动集聚发展。（省发展改革委负责）\n"
        "（二）遏制两高\n严把准入关。（省生态环境厅负责）\n"
    )
    assert tasks(doc) == [("1", "1", "1.1"), ("2", "2", "1.2")]
    assert doc.defects == []


def test_the_last_task_is_cut_by_noise_only_where_a_paywall_follows() -> None:
    body = "一、重点任务\n（一）优化布局\n优化产业布局。（省发展改革委负责）\n（二）遏制两高\n严把准入关。\n"
    plain, _ = read(body)
    cut, _ = read(body + "购买后可查看全部\n相关阅读\n")
    assert [t.cut_by_noise for t in plain.tasks] == [False, False]
    assert [t.cut_by_noise for t in cut.tasks] == [False, True]


def test_a_gap_in_the_items_is_a_numbering_defect_and_the_item_is_kept() -> None:
    doc, text = read(
        "一、重点任务\n（一）优化布局\n优化布局。（省发展改革委负责）\n"
        "（三）遏制两高\n严把准入关。（省生态环境厅负责）\n"
    )
    assert tasks(doc) == [("1", "1", "1.1"), ("3", "3", "1.3")]
    [(kind, span)] = defects(doc, text)
    assert (kind, span) == ("numbering defect", "（三）遏制两高")
    assert "between 1 and 3" in doc.defects[0].explanation


def test_a_number_printed_twice_gives_two_tasks_with_distinct_ids_and_a_defect() -> None:
    doc, text = read(
        "一、重点任务\n（一）优化布局\n优化布局。（省发展改革委负责）\n"
        "（一）遏制两高\n严把准入关。（省生态环境厅负责）\n"
    )
    assert tasks(doc) == [("1.1", "1", "1.1"), ("1.1-2", "1", "1.1")]
    assert defects(doc, text) == [("numbering defect", "（一）遏制两高")]


def test_an_arabic_number_out_of_sequence_is_a_defect_and_stays_in_the_text() -> None:
    doc, text = read(
        "一、重点任务\n（一）优化布局\n1. 构建布局\n优化布局。\n3. 遏制两高\n严把准入关。（省生态环境厅负责）\n"
    )
    assert tasks(doc) == [("1", "1", "1.1.1")]
    assert "3. 遏制两高" in text[doc.tasks[0].start : doc.tasks[0].end]
    [(kind, span)] = defects(doc, text)
    assert kind == "numbering defect" and span.startswith("3.")


def test_a_part_heading_out_of_sequence_is_a_defect() -> None:
    doc, text = read(
        "一、重点任务\n（一）优化布局\n优化布局。（省发展改革委负责）\n"
        "三、保障措施\n（二）加强领导\n加强领导。（省生态环境厅负责）\n"
    )
    assert [d for d in defects(doc, text) if "part" in d[1] or d[1].startswith("三")] == [
        ("numbering defect", "三、保障措施")
    ]
    assert tasks(doc) == [("1", "1", "1.1"), ("2", "2", "1.2")]


@pytest.mark.parametrize(
    ("note", "inner"),
    [
        ("〔省工业和信息化厅、省发展改革委（省能源局）按职责分工负责〕", "省工业和信息化厅"),
        ("（各有关部门、单位）。", "各有关部门、单位"),
        ("（市生态环境局、市外办等按职责分工负 责）。", "市生态环境局、市外办等按职责分工负 责"),
        ("【省生态环境厅牵头】", "省生态环境厅牵头"),
    ],
)
def test_notes_in_every_bracket_and_with_stray_spaces(note: str, inner: str) -> None:
    doc, text = read(f"一、重点任务\n（一）优化布局\n优化产业布局。{note}\n")
    [task] = doc.tasks
    a, b = task.note.inner(text)
    assert text[a:b].startswith(inner)
    assert text[b - 1] not in "〕】）)"


def test_a_note_fused_with_the_sentence_after_it_is_the_tasks_note() -> None:
    doc, text = read(
        "一、重点任务\n（一）固废利用\n推进固废利用。（责任单位：省经济和信息化厅牵头，省发展改革委等按职责分工负责）推进无废城市建设。\n"
    )
    note = doc.tasks[0].note
    assert text[note.start : note.end].startswith("（责任单位：") and text[note.end - 1] == "）"


def test_english_tasks_restarting_in_each_part_are_qualified() -> None:
    text = (
        "Anhui Provincial Action Plan\n\nI. Main Tasks\n\n"
        "1. Replace coal boilers. (The Provincial Energy Bureau is responsible)\n\n"
        "II. Key Actions\n\n"
        "1. Build wind farms. (The Provincial Energy Bureau is responsible)\n"
    )
    doc = ingest(Source("t.txt", text, "en", "t"))
    assert [(t.id, t.number) for t in doc.tasks] == [("1.1", "1"), ("2.1", "1")]


# ------------------------------------------------------------------ random documents


def chinese(n: int) -> str:
    """12 -> 十二, 20 -> 二十, 7 -> 七."""
    tens, ones = divmod(n, 10)
    if not tens:
        return NUMERALS[n - 1]
    return ("十" if tens == 1 else NUMERALS[tens - 1] + "十") + (NUMERALS[ones - 1] if ones else "")


@st.composite
def plans(draw):
    """A random plan: parts of items (（一）) with or without sub-items (1.), items numbered
    straight through the parts or afresh in each, sub-items straight or afresh in each item,
    some leaves printing a heading and no text; with the paths a reader sees."""
    gaps = last = 0  # numbers a reader sees out of sequence; the last item number printed
    straight_items = draw(st.booleans())
    straight_subs = draw(st.booleans())
    lines, leaves, empty = [], [], []
    item_no = sub_no = 0
    parts = draw(st.integers(1, 4))
    for p in range(1, parts + 1):
        org = p == parts and parts > 1 and draw(st.booleans())
        lines.append(f"{NUMERALS[p - 1]}、{'保障措施' if org else '重点任务'}")
        item_no = item_no if straight_items else 0
        for k in range(draw(st.integers(1 if p == 1 else 0, 4))):
            skip = draw(st.integers(0, 7)) == 0  # a number left out: a gap
            item_no += 2 if skip else 1
            # the reader's rule: one more than the last item, or （一） opening a part
            gaps += item_no != last + 1 and not (item_no == 1 and k == 0)
            last = item_no
            subs = 0 if org else draw(st.integers(0, 3))
            lines.append(f"（{chinese(item_no)}）工作{item_no}")
            if not subs:
                hollow = draw(st.integers(0, 5)) == 0
                (empty if hollow else leaves).append(((p, item_no), org))
                if not hollow:
                    lines.append(f"推进工作{item_no}。（省生态环境厅负责）")
                continue
            sub_no = sub_no if straight_subs else 0
            for _ in range(subs):
                sub_no += 1
                sep = draw(st.sampled_from([".", "．", ".   "]))
                lines.append(f"{sub_no}{sep}任务{sub_no}")
                noted = draw(st.booleans())
                lines.append(f"落实任务{sub_no}。" + ("（省发展改革委负责）" if noted else ""))
                leaves.append(((p, item_no, sub_no), org))
    return "\n".join(lines) + "\n", leaves, empty, gaps


@settings(max_examples=150, deadline=None)
@given(plans())
def test_any_numbering_gives_unique_ids_and_loses_no_number(plan) -> None:
    body, leaves, empty, gaps = plan
    if not any(not org for _, org in leaves):
        return  # a plan with no tasks at all is refused (not an action plan)
    doc, text = read(body)
    ids = [t.id for t in doc.tasks]
    assert len(ids) == len(set(ids))
    assert all(TASK_NUMBER.match(i) for i in ids)
    assert [(t.path, t.number.startswith("G")) for t in doc.tasks] == leaves
    for t in doc.tasks:
        assert t.number.lstrip("G") == str(t.path[-1])
    hollow = [d for d in doc.defects if d.kind == "lost text"]
    assert len(hollow) == len(empty)
    numbering = [d for d in doc.defects if d.kind == "numbering defect"]
    assert len(numbering) == gaps
    assert all(text[d.start] == "（" for d in numbering)
    assert {d.kind for d in doc.defects} <= {"lost text", "numbering defect"}


# ------------------------------------------------------------------ the real plans


def structure(plan: Path) -> list[dict[str, str]]:
    path = plan.with_name(plan.name.replace(".txt", ".structure.tsv"))
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name.split("-")[0] + p.name[-12:-7])
def test_real_plans_structure_as_a_reader_sees_it(plan: Path) -> None:
    """Each leaf item and each item with a note of structure.tsv is a task at its line with its
    README id as path and its note, or (a heading with no text) a defect at its line; items
    with sub-items are sections; boxes are sections; no task is anywhere else."""
    text = plan.read_text(encoding="utf-8")
    doc = ingest_zh(Source(plan.name, text, "zh", "p"))

    def line(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    rows = structure(plan)
    ids = [r["id"] for r in rows]
    general = {r["id"] for r in rows if r["kind"] == "part" and "总体要求" in r["title"]}
    general |= {r["id"] for r in rows if r["kind"] == "part" and "目标" in r["title"]}
    by_line = {line(t.start): t for t in doc.tasks}
    hollow = {line(d.start) for d in doc.defects if d.kind == "lost text"}
    boxes = {line(s.start) for s in doc.sections if s.kind == "box"}
    wanted = []
    for r in rows:
        at = int(r["line"])
        if r["kind"] == "box":
            assert at in boxes, r["id"]
            continue
        if r["id"].split(".")[0] in general:
            assert at not in by_line, r["id"]
            continue
        leaf = not any(i.startswith(r["id"] + ".") for i in ids)
        if not (leaf or r["has_note"] == "yes"):
            assert at not in by_line, r["id"]
            continue
        if at in hollow:
            assert r["has_note"] == "no", r["id"]
            continue
        task = by_line[at]
        wanted.append(at)
        assert ".".join(map(str, task.path)) == r["id"]
        assert (task.note is not None) == (r["has_note"] == "yes"), r["id"]
        printed = r["printed_number"].strip("（）().．、 ")
        assert task.number.lstrip("G") == str(task.path[-1])
        assert printed.isdigit() or printed[0] in NUMERALS
    assert sorted(by_line) == sorted(wanted)
    task_ids = [t.id for t in doc.tasks]
    assert len(task_ids) == len(set(task_ids))
    assert all(TASK_NUMBER.match(i) for i in task_ids)
    # where the numbers repeat, the id is the README's (G marks the organisational items)
    for t in doc.tasks:
        readme = ".".join(map(str, t.path))
        assert t.id.lstrip("G") in (str(t.path[-1]), readme)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name.split("-")[0] + p.name[-12:-7])
def test_real_plans_build_and_conform(plan: Path, registry) -> None:
    """No plan of the genre is refused for its numbering: every real plan's graph conforms to
    the shapes, and each defect of its text is a pk:SourceDefect with a span and a comment."""
    from rdflib.namespace import RDFS

    from graph.build import build_graph
    from graph.namespace import PK
    from graph.pipeline import analyse
    from graph.validate import validate

    place = plan.name.split("-")[0]
    jurisdiction = "china" if place == "national" else place
    analysis = analyse(str(plan), plan.read_text(encoding="utf-8"), registry, "p", jurisdiction)
    g = build_graph([analysis], registry)
    result = validate(g)
    assert result.conforms, result.text[:2000]
    found = sorted(g.objects(None, PK.hasTextDefect))
    assert len(found) == len(analysis.doc.defects)
    for node in found:
        assert g.value(node, PK.sourceStart) is not None and g.value(node, RDFS.comment)
    numbers = [str(n) for n in g.objects(None, PK.taskNumber)]
    assert len(numbers) == len(set(numbers)) == len(analysis.doc.tasks)


def test_a_title_inside_the_signature_is_not_an_issuer() -> None:
    """In Xinjiang's file the plan's title stands among the signing bodies without its 《》:
    the title is not read as an issuing body, the bodies around it still are."""
    path = REAL / "xinjiang-pollution-carbon-2023.zh.txt"
    doc = ingest_zh(Source(str(path), path.read_text(encoding="utf-8"), "zh", "xinjiang"))
    names = [name for name, _, _ in doc.issuers]
    assert "新疆维吾尔自治区生态环境厅" in names and "住房和城乡建设厅" in names
    assert not [n for n in names if re.search("方案|规划|意见", n)]
