"""scripts/profile_build.py: stage times are exclusive and add up to what was spent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "scripts" / "profile_build.py"


def load_script():
    spec = importlib.util.spec_from_file_location("profile_build", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nested_stage_counts_once(monkeypatch):
    profile = load_script()
    clock = [0.0]
    monkeypatch.setattr(profile.time, "process_time", lambda: clock[0])

    def spend(seconds):
        clock[0] += seconds

    timer = profile.StageTimer()
    figures = timer.wrap("figures", lambda: spend(3.0))

    def analysis():
        spend(1.0)
        figures()
        spend(0.5)

    timer.wrap("analysis", analysis)()
    assert dict(timer.seconds) == {"figures": 3.0, "analysis": 1.5}


def test_table_rows_in_build_order_and_total():
    profile = load_script()
    runs = [{"imports": 1.0, "figures": 2.0}, {"imports": 3.0, "figures": 2.0}]
    lines = profile.table(runs).splitlines()
    assert [line.split()[0] for line in lines[1:]] == [*profile.ORDER, "total"]
    assert lines[1].split()[1:] == ["2.00", "50.0%"]  # median of 1.0 and 3.0, of 4.00 in all
    assert lines[-1].split()[1] == "4.00"
