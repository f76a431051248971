"""Long English plans (issue 12): every numbered task a reader sees is a task, whatever the
number of digits; nothing after a number is swallowed by the task before it."""

from __future__ import annotations

import pytest

from graph.lang.en.ingest import ingest
from graph.model import Source
from graph.pipeline import analyse


def plan(numbers: list[int], text: dict[int, str] | None = None) -> str:
    """A plan in the genre's shape whose tasks carry the given printed numbers."""
    tasks = "\n\n".join(
        f"{n}. {(text or {}).get(n, f'Carry out measure {n} in the cities.')} "
        "(The Provincial Department of Finance is responsible)"
        for n in numbers
    )
    return (
        "Anhui Provincial Action Plan for Cleaner Air\n\n"
        "I. General Requirements\n\n(1) Targets\n\nBy 2025, the air will be cleaner.\n\n"
        f"II. Main Tasks\n\n(I) Measures\n\n{tasks}\n\n"
        "III. Safeguard Measures\n\n(1) Strengthen leadership. "
        "(The Provincial Department of Finance is responsible)\n"
    )


def numbered(text: str) -> list[str]:
    doc = ingest(Source("long.en.txt", text, "en", "long"))
    for t in doc.tasks:
        printed = text[t.start : t.end]
        assert printed.startswith(f"{t.number}. ") or t.number.startswith("G"), printed[:40]
        assert printed.count("(The Provincial") == 1, f"task {t.number} holds another task"
    return [t.number for t in doc.tasks if not t.number.startswith("G")]


def test_a_plan_of_1100_tasks_gives_1100_tasks_and_no_merges(registry):
    text = plan(list(range(1, 1101)))
    assert numbered(text) == [str(n) for n in range(1, 1101)]
    a = analyse("long.en.txt", text, registry, "long")
    assert len([f for f in a.facts if f.task.number[0].isdigit()]) == 1100
    assert [d for f in a.facts for d in f.defects] == []
    assert all(len(f.bodies) == 1 for f in a.facts)


def test_a_figure_printed_as_the_next_number_is_not_a_task():
    # task 2024 ends a sentence with the year 2025, printed like the next task's number
    text = plan(list(range(1, 2027)), {2024: "Finish the works by 2025. Review them."})
    assert numbered(text) == [str(n) for n in range(1, 2027)]


@pytest.mark.parametrize("missing", [3, 1000])
def test_after_a_number_the_plan_skips_the_count_goes_on(missing):
    numbers = [n for n in range(1, 1003) if n != missing]
    assert numbered(plan(numbers)) == [str(n) for n in numbers]


def test_tasks_of_five_digits_are_tasks_too():
    # 10,002 tasks: the count goes past four digits without swallowing 10000+ into 9999
    numbers = list(range(1, 10003))
    assert numbered(plan(numbers))[-4:] == ["9999", "10000", "10001", "10002"]
