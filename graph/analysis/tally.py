"""The one count of tasks by role: how many tasks each agency is named on, in each role.

Pure: it takes (task, agency, role) triples, of IRIs or of strings, and counts. The build
report counts every role the sources state (`report.agency_table`), the burden measures the
strongest role per task (`burden.scores`), and the named query `most-burdened-agencies` says
the same count in SPARQL (tests/test_tally.py holds it to this function).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field


@dataclass
class RoleTally:
    """One agency's count: `roles` maps a role to the tasks it holds that role on; `tasks`
    counts the tasks it holds any role on that is not set apart (implementers); `all` counts
    every task it is on, in any role."""

    roles: Counter = field(default_factory=Counter)
    tasks: int = 0
    all: int = 0


def tasks_by_role(
    assignments: Iterable[tuple[Hashable, Hashable, Hashable]], apart: Collection[Hashable] = ()
) -> dict[Hashable, RoleTally]:
    """agency -> its RoleTally, agencies in the order first seen. Each (task, agency, role)
    counts once however often it is stated (two language versions state most roles twice); an
    agency stated in two roles on one task counts once in each role but once in `tasks`."""
    stated = dict.fromkeys((task, agency, role) for task, agency, role in assignments)
    named: dict[Hashable, set[Hashable]] = {}
    every: dict[Hashable, set[Hashable]] = {}
    out: dict[Hashable, RoleTally] = {}
    for task, agency, role in stated:
        out.setdefault(agency, RoleTally()).roles[role] += 1
        every.setdefault(agency, set()).add(task)
        if role not in apart:
            named.setdefault(agency, set()).add(task)
    for agency, tally in out.items():
        tally.tasks = len(named.get(agency, ()))
        tally.all = len(every[agency])
    return out
