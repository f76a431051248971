"""Long Chinese plans (issue 12): every number the Chinese reader recognises is a task, whatever
the number of digits or characters: sub-items "1000." "1000．" "1000、" and "1000加强" (the
full stop lost), items （一千零一） in Chinese numerals. Nothing after a number is swallowed by
the task before it, and a number the reader cannot read is a recorded defect.

（1000） (an Arabic number in brackets) is no level of the reader's: it is a point inside the
text of the task that prints it, whatever its digits."""

from __future__ import annotations

import re

import pytest

from graph.build import build_graph, serialize
from graph.lang.zh.ingest import chinese_number, ingest, numeral
from graph.model import Source
from graph.pipeline import analyse

NOTE = "（省财政厅负责）"
FORMS = {"dot": "{n}. ", "fullwidth": "{n}．", "comma": "{n}、", "bare": "{n}"}
DIGITS = "零一二三四五六七八九"


def plan(tasks: str) -> str:
    """A plan in the genre's shape around the given text of its task part."""
    return (
        "安徽省大气污染防治行动方案\n\n"
        "一、总体要求\n\n（一）主要目标\n\n到2025年，空气质量明显改善。\n\n"
        f"二、主要任务\n\n{tasks}\n\n"
        f"三、保障措施\n\n（一）加强组织领导\n\n各地要加强领导。{NOTE}\n"
    )


def sub_items(numbers: list[int], form: str = "dot", text: dict[int, str] | None = None) -> str:
    """Tasks 1. 2. … under one item, each printed in `form`, each with its note."""
    lines = [
        FORMS[form].format(n=n) + (text or {}).get(n, f"推进第{n}项措施落实。") + NOTE
        for n in numbers
    ]
    return "（一）重点措施\n\n" + "\n\n".join(lines)


def chinese(n: int) -> str:
    """The Chinese numeral of n (1 ≤ n ≤ 9999) as plans print item numbers: 十一, 一百零一."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
            out += ("" if unit == "十" and d == 1 and not out else DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def items(numbers: list[int], bracket: str = "（）") -> str:
    """Tasks printed as items （一） … in Chinese numerals, each a paragraph with its note."""
    return "\n\n".join(
        f"{bracket[0]}{chinese(n)}{bracket[1]}推进第{n}项措施落实。{NOTE}" for n in numbers
    )


def read(text: str):
    return ingest(Source("long.zh.txt", text, "zh", "long"))


def numbered(text: str) -> list[str]:
    """The printed numbers of the tasks, each checked to hold its own text and one note."""
    doc = read(text)
    for t in doc.tasks:
        printed = text[t.start : t.end]
        assert printed.count(NOTE) == 1, f"task {t.number} holds another task: {printed[:60]}"
    return [t.number for t in doc.tasks if not t.number.startswith("G")]


@pytest.mark.parametrize("n", [1, 10, 11, 20, 99, 100, 101, 110, 111, 1000, 1001, 1010, 9999])
def test_chinese_numerals_read_back(n):
    assert chinese_number(chinese(n)) == n


@pytest.mark.parametrize("bad", ["十十", "百", "一百百", "千一", "零", "一零", "二二"])
def test_a_numeral_no_plan_prints_is_not_read(bad):
    assert numeral(bad) is None


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("count", [1100, 5000])
def test_sub_items_of_four_digits_are_tasks_each(form, count):
    text = plan(sub_items(list(range(1, count + 1)), form))
    assert numbered(text) == [str(n) for n in range(1, count + 1)]
    assert read(text).defects == []


@pytest.mark.parametrize("count", [1100, 5000])
def test_items_numbered_beyond_ninety_nine_in_chinese_are_tasks_each(count):
    text = plan(items(list(range(1, count + 1))))
    doc = read(text)
    assert numbered(text) == [str(n) for n in range(1, count + 1)]
    assert doc.defects == []
    assert text[doc.tasks[1000].start :].startswith("（一千零一）")


def test_items_in_ascii_brackets_beyond_ninety_nine_are_tasks_too():
    text = plan(items(list(range(1, 1101)), "()"))
    assert numbered(text) == [str(n) for n in range(1, 1101)]


@pytest.mark.parametrize("count", [1100, 5000])
def test_a_long_plan_read_twice_gives_the_same_reading(registry, count):
    text = plan(sub_items(list(range(1, count + 1)), "fullwidth"))
    a = analyse("long.zh.txt", text, registry, "long")
    assert len([f for f in a.facts if f.task.number[0].isdigit()]) == count
    assert [d for f in a.facts for d in f.defects] == []
    assert all(len(f.bodies) == 1 for f in a.facts)
    assert repr(analyse("long.zh.txt", text, registry, "long")) == repr(a)


@pytest.mark.slow  # rdflib writes the Turtle of 1,100 tasks in about 12 s
def test_a_long_plan_built_twice_gives_the_same_bytes(registry):
    text = plan(sub_items(list(range(1, 1101)), "comma"))
    first, again = (analyse("long.zh.txt", text, registry, "long") for _ in range(2))
    graph = serialize(build_graph([first], registry, []))
    assert len(re.findall(r'pk:taskNumber "[0-9]+"', graph)) == 1100
    assert serialize(build_graph([again], registry, [])) == graph


def test_a_year_at_a_line_start_is_not_the_next_task():
    # task 2024 has a paragraph opening with the year 2025, printed like the next number
    text = plan(
        sub_items(list(range(1, 2027)), "bare", {2024: "推进改造。\n\n2025年底前全部完成。"})
    )
    assert numbered(text) == [str(n) for n in range(1, 2027)]


@pytest.mark.parametrize("missing", [3, 1000])
def test_after_a_number_the_plan_skips_the_count_goes_on_with_a_defect(missing):
    numbers = [n for n in range(1, 1103) if n != missing]
    text = plan(sub_items(numbers))
    assert numbered(text) == [str(n) for n in numbers]
    doc = read(text)
    assert [d.kind for d in doc.defects] == ["numbering defect"]
    assert text[doc.defects[0].start :].startswith(f"{missing + 1}.")
    assert f"{missing}" in doc.defects[0].explanation


def test_an_item_numeral_the_reader_cannot_read_is_a_defect():
    body = items([1, 2]) + f"\n\n（十十）推进第三项措施落实。{NOTE}\n\n" + items([3])
    text = plan(body)
    doc = read(text)
    assert [t.number for t in doc.tasks if t.number[0].isdigit()] == ["1", "2", "3"]
    bad = text.index("（十十）")
    assert [(d.kind, d.start) for d in doc.defects] == [("numbering defect", bad)]
    assert "'十十' is no Chinese numeral" in doc.defects[0].explanation
    # its text is read into item 2, where the defect says it is
    assert doc.tasks[1].start < bad < doc.tasks[1].end


def test_a_part_numeral_the_reader_cannot_read_is_a_defect():
    text = plan(sub_items([1, 2])).replace("三、保障措施", "二二、保障措施")
    doc = read(text)
    bad = text.index("二二、")
    # the part is read into the one before, where its item （一） is out of sequence too
    item = text.index("（一）加强组织领导")
    assert [(d.kind, d.start) for d in doc.defects] == [
        ("numbering defect", bad),
        ("numbering defect", item),
    ]
    assert "part heading 二二、保障措施" in doc.defects[0].explanation


def test_parts_numbered_beyond_ninety_nine_are_parts_each():
    parts = "\n\n".join(
        f"{chinese(n)}、重点任务{n}\n\n1. 推进第{n}项措施落实。{NOTE}" for n in range(2, 121)
    )
    text = "某省行动方案\n\n一、总体要求\n\n到2025年，空气质量明显改善。\n\n" + parts
    doc = read(text)
    assert [s.number for s in doc.sections if s.kind == "tasks"] == [str(n) for n in range(2, 121)]
    assert [t.path[0] for t in doc.tasks] == list(range(2, 121))
    assert doc.defects == []


def test_points_in_arabic_brackets_stay_in_their_task_whatever_their_digits():
    points = "\n\n".join(f"（{n}）完成第{n}个点位。" for n in range(1, 1101))
    text = plan(f"（一）重点措施\n\n1. 推进监测。\n\n{points}{NOTE}\n\n2. 推进治理。{NOTE}")
    doc = read(text)
    assert numbered(text) == ["1", "2"]
    assert "（1100）完成第1100个点位。" in text[doc.tasks[0].start : doc.tasks[0].end]


@pytest.mark.parametrize("form", ["dot", "comma"])
def test_sub_items_of_five_digits_are_tasks_too(form):
    count = 10002
    text = plan(sub_items(list(range(1, count + 1)), form))
    assert numbered(text)[-4:] == ["9999", "10000", "10001", "10002"]
    assert read(text).defects == []
