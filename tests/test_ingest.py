"""Ingest on a tiny plan written for the test: parts, sections, tasks, noise and spans."""

from __future__ import annotations

import pytest

from graph.errors import PlanError
from graph.io import plan_id_from_path
from graph.lang import detect_language
from graph.lang.en.ingest import ingest, number_value
from graph.model import Source
from graph.reading import blank, find_noise

TINY = """2024-05-01 08:00:00

Lead paragraph from a news site that splices text. 3. Fake task.

The original text is as follows:

Anhui Provincial Action Plan

for Cleaner Air and Lower Carbon is formulated to implement the decisions.

I. General Requirements

(1) Targets

By 2025, the air will be cleaner.

II. Main Tasks

(I) Cleaner energy in the

power sector 1. Replace coal boilers. (The Provincial Department of Ecology and Environment takes the lead)

2. Build wind farms in northern Anhui. (The Provincial Energy Bureau is responsible)

(II) Transport

3. Use electric buses. (The Provincial Department of Transportation takes the lead)

III. Safeguard Measures

(1) Strengthen leadership. Work together. (The Provincial Department of Finance is responsible)

All can be viewed after purchase
Correlation
1. Not a task.
"""


def parse(text: str = TINY):
    return ingest(Source("tiny.en.txt", text, "en", "tiny"))


def test_parts_sections_and_tasks() -> None:
    doc = parse()
    assert doc.title == "Anhui Provincial Action Plan for Cleaner Air and Lower Carbon"
    assert [(s.number, s.kind) for s in doc.sections] == [
        ("1", "general"),
        ("2", "tasks"),
        ("2.1", "section"),
        ("2.2", "section"),
        ("3", "organisational"),
    ]
    assert doc.sections[2].label == "Cleaner energy in the power sector"
    assert [(t.number, t.section) for t in doc.tasks] == [
        ("1", "2.1"),
        ("2", "2.1"),
        ("3", "2.2"),
        ("G1", "3"),
    ]
    assert [t.year for t in doc.targets] == [2025]
    assert doc.published == "2024-05-01"


def test_noise_is_blanked_not_cut() -> None:
    noise = find_noise(TINY)
    clean = blank(TINY, noise)
    assert len(clean) == len(TINY)
    assert "Fake task" not in clean and "Not a task" not in clean
    assert clean.count("\n") == TINY.count("\n")
    doc = parse()
    task = doc.tasks[0]
    assert TINY[task.start : task.end].startswith("1. Replace coal boilers.")


def test_g_item_runs_to_the_noise_only() -> None:
    doc = parse()
    g1 = doc.tasks[-1]
    assert TINY[g1.start : g1.end].endswith("(The Provincial Department of Finance is responsible)")
    assert g1.note is not None and g1.note.closed


def test_prose_without_tasks_is_refused() -> None:
    with pytest.raises(PlanError, match="no numbered tasks"):
        parse("This is a letter.\n\nIt has no tasks at all.\n")


@pytest.mark.parametrize(
    ("num", "value"), [("7", 7), ("III", 3), ("IV", 4), ("IX", 9), ("XII", 12)]
)
def test_number_value(num: str, value: int) -> None:
    assert number_value(num) == value


def test_language_and_plan_id() -> None:
    assert detect_language(TINY) == "en"
    assert detect_language("河南省减污降碳协同增效行动方案\n一、总体要求") == "zh"
    assert plan_id_from_path("data/plans/henan-2023.en.txt") == "henan-2023"
    assert plan_id_from_path("x/Henan 2023 Plan.zh.txt") == "henan-2023-plan"


ZH_FLAT = """某省大气污染防治行动方案

一、总体要求
到2025年，空气质量明显改善。

二、主要任务
（一）推进燃煤锅炉治理。淘汰35蒸吨/小时以下燃煤锅炉。（省生态环境厅牵头，省发展改革委配合）
（二）推进机动车治理。加快老旧车辆淘汰。（省公安厅、省交通运输厅按职责分工负责）
（二十九）加强监测能力建设。完善监测网络。（省生态环境厅负责）

三、保障措施
（一）加强组织领导。各地要落实责任。（省生态环境厅牵头）
"""


def test_chinese_tasks_numbered_with_brackets() -> None:
    from graph.lang.zh.ingest import chinese_number
    from graph.lang.zh.ingest import ingest as ingest_zh

    assert [chinese_number(n) for n in ("七", "十", "十一", "二十", "二十九")] == [
        7,
        10,
        11,
        20,
        29,
    ]
    doc = ingest_zh(Source("flat.zh.txt", ZH_FLAT, "zh", "flat"))
    assert [(t.number, t.section, t.title) for t in doc.tasks] == [
        ("1", "2", "推进燃煤锅炉治理"),
        ("2", "2", "推进机动车治理"),
        ("29", "2", "加强监测能力建设"),
        ("G1", "3", "加强组织领导"),
    ]
    assert all(t.note is not None and t.note.closed for t in doc.tasks)
