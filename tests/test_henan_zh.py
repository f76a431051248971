"""End to end on the Chinese original of the Henan plan, and the bilingual reconciliation."""

from __future__ import annotations

import pytest

from graph.io import PLANS, read_plan
from graph.pipeline import SourceAnalysis, analyse
from graph.reconcile import reconcile

# task | lead | co-responsible, exactly as printed (the closing 等 is not part of a name)
PRINTED = """
1|省生态环境厅|省发展改革委、省工业和信息化厅、省自然资源厅、省政府国资委
2||省发展改革委、省工业和信息化厅、省自然资源厅、省生态环境厅、省政府国资委
3|省生态环境厅|省工业和信息化厅、省自然资源厅、省政府国资委
4|省发展改革委|省工业和信息化厅、省自然资源厅、省生态环境厅、省农业农村厅、省政府国资委、国网河南省电力公司
5|省发展改革委|省工业和信息化厅、省自然资源厅、省生态环境厅、省住房城乡建设厅、省政府国资委、国网河南省电力公司
6||省发展改革委、省财政厅、省工业和信息化厅、省自然资源厅、省生态环境厅、省住房城乡建设厅、省农业农村厅、省市场监管局、省政府国资委、省烟草公司、国网河南省电力公司
7||省发展改革委、省工业和信息化厅、省生态环境厅、省政府国资委
8||省发展改革委、省科技厅、省工业和信息化厅、省生态环境厅、省政府国资委
9||
10|省生态环境厅|省发展改革委、省工业和信息化厅、省商务厅、省政府国资委
11||省发展改革委、工业和信息化厅、省生态环境厅、省交通运输厅、省政府国资委、中铁集团郑州局
12|省交通运输厅|省发展改革委、省生态环境厅、省商务厅、省政府国资委、中铁集团郑州局
13||省发展改革委、省工业和信息化厅、省自然资源厅、省生态环境厅、省住房城乡建设厅、省交通运输厅、省商务厅、省政府国资委、省机关事务管理局
14|省住房城乡建设厅|省发展改革委、省自然资源厅、省生态环境厅
15|省农业农村厅|省发展改革委、省生态环境厅
16||省发展改革委、省工业和信息化厅、省生态环境厅、省住房城乡建设厅、省水利厅
17||省发展改革委、省科技厅、省工业和信息化厅、省生态环境厅、省住房城乡建设厅、省农业农村厅、省商务厅、省市场监督管理局
18||省发展改革委、省自然资源厅、省生态环境厅、省住房城乡建设厅、省农业农村厅、省林业局
19|省生态环境厅|省工业和信息化厅、省统计局
20||省生态环境厅、省工业和信息化厅
21|省生态环境厅|省发展改革委、省工业和信息化厅、省住房城乡建设厅、省交通运输厅、省农业农村厅、省统计局、省林业局
22||省发展改革委、省生态环境厅
23||省生态环境厅、省发展改革委、省统计局
24||省自然资源厅、省生态环境厅、省林业局
25||省委宣传部、省发展改革委、省财政厅、省工业和信息化厅、省生态环境厅
26||省委宣传部、省发展改革委、省教育厅、省财政厅、省生态环境厅、省住房城乡建设厅、省交通运输厅、省商务厅、省事管局
27||省自然资源厅、省生态环境厅、省住房城乡建设厅、省林业局
28||省委组织部、省发展改革委、省生态环境厅、省统计局
G1|省生态环境厅|省发展改革委、省工业和信息化厅、省自然资源厅、省住房城乡建设厅、省交通运输厅、省水利厅、省农业农村厅
G2||省委组织部、省发展改革委、省财政厅、省生态环境厅、省统计局
G3||省委宣传部、省发展改革委、省工业和信息化厅、省自然资源厅、省生态环境厅、省住房城乡建设厅、省交通运输厅、省水利厅、省农业农村厅
"""
TABLE = {
    number: ([lead] if lead else [], co.split("、") if co else [])
    for number, lead, co in (line.split("|") for line in PRINTED.strip().splitlines())
}
OPEN = {"1", "2", "3", "4", "5", "6", "7", "8", "10"}


@pytest.fixture(scope="module")
def henan_zh(registry) -> SourceAnalysis:
    path = PLANS / "henan-2023.zh.txt"
    return analyse(str(path), read_plan(path), registry, "henan-2023")


def test_structure_and_titles(henan_zh: SourceAnalysis) -> None:
    doc = henan_zh.doc
    assert doc.title == "河南省减污降碳协同增效行动方案"
    assert henan_zh.jurisdiction == "henan"
    assert [t.number for t in doc.tasks] == [str(n) for n in range(1, 29)] + ["G1", "G2", "G3"]
    titles = {t.number: t.title for t in doc.tasks}
    assert titles["1"] == "加强生态环境分区管控"
    assert titles["19"] == "持续开展温室气体排放核查"
    assert titles["G3"] == "加强宣传引导"
    sections = {s.number: s.label for s in doc.sections}
    assert sections["2.3"] == "协同推进工业领域减污降碳" and sections["3"] == "组织保障"
    assert [t.year for t in doc.targets] == [2025, 2030]


@pytest.mark.parametrize("number", list(TABLE))
def test_every_note_as_printed(henan_zh: SourceAnalysis, number: str) -> None:
    f = next(f for f in henan_zh.facts if f.task.number == number)
    lead = [b.printed for b in f.bodies if b.role == "Lead"]
    co = [b.printed for b in f.bodies if b.role == "CoResponsible"]
    assert (lead, co) == TABLE[number]
    assert f.open_list == (number in OPEN)
    implementers = [b.printed for b in f.bodies if b.role == "Implementer"]
    if number == "1":
        assert implementers == ["各省辖市人民政府", "济源市示范区", "航空港区管委会"]
    elif number[0].isdigit():
        assert implementers == ["各地政府"]  # 〔以下各项任务均需各地政府落实，不再一一列出〕
    else:
        assert implementers == []
    text = henan_zh.source.text
    assert all(text[b.start : b.end] == b.printed for b in f.bodies)


def test_task_9_has_no_note(henan_zh: SourceAnalysis) -> None:
    defects = {f.task.number: [d.kind for d in f.defects] for f in henan_zh.facts if f.defects}
    assert defects == {"9": ["missing responsibility note"]}
    assert henan_zh.unresolved == []


def test_places_and_quantities_in_chinese(henan_zh: SourceAnalysis) -> None:
    facts = {f.task.number: f for f in henan_zh.facts}
    places = {m.ref for m in facts["24"].mentions if m.kind == "place"}
    assert {
        "zhengzhou",
        "xinyang",
        "luoyang",
        "jigong-mountain",
        "xin-county",
        "luanchuan",
    } <= places
    assert [(q.value, q.unit) for q in facts["6"].quantities] == [("35", "steam tons per hour")]
    assert [(q.value, q.unit) for q in facts["4"].quantities] == [
        ("200000", "kilowatts"),
        ("300000", "kilowatts"),
    ]


def test_bilingual_reconciliation(henan_en: SourceAnalysis, henan_zh: SourceAnalysis) -> None:
    found: dict[str, set[tuple[str, str, str]]] = {}
    for d in reconcile([henan_en, henan_zh]):
        if d.kind != "title missing":
            found.setdefault(d.task, set()).add(
                (d.kind, d.version, d.agency.id if d.agency else "")
            )
    assert set(found) == {"1", "2", "9", "13", "19", "26", "G3"}
    assert found["1"] == {("blanket clause differs", "en", "")}
    assert ("note missing", "en", "") in found["2"]
    assert ("agency missing", "zh", "ecology-environment") in found["2"]
    assert ("note missing", "zh", "") in found["9"]
    assert found["13"] == {("note cut", "en", ""), ("agency missing", "zh", "government-offices")}
    assert found["19"] == {("note cut", "en", ""), ("lead missing", "zh", "ecology-environment")}
    assert found["26"] == {("agency missing", "zh", "government-offices")}
    assert ("note missing", "en", "") in found["G3"] and len(found["G3"]) == 10
    titles = [d.task for d in reconcile([henan_en, henan_zh]) if d.kind == "title missing"]
    assert titles == [str(n) for n in range(1, 29)]
