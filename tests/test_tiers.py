"""The two test tiers: `make test` (what CI runs) runs both on every core, `make test-fast`
the fast one; the marker that splits them is registered, so a misspelt one fails."""

from __future__ import annotations

import re
import tomllib

from graph.io import ROOT


def recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert found, target
    return found.group(1)


def test_make_test_runs_both_tiers_in_parallel() -> None:
    pytest_line = next(line for line in recipe("test").splitlines() if "-m pytest" in line)
    arguments = pytest_line.split("-m pytest", 1)[1].split()
    assert "$(XDIST)" in arguments and "-m" not in arguments  # no marker: every test


def test_make_test_fast_runs_the_fast_tier() -> None:
    assert '-m "not slow"' in recipe("test-fast")


def test_slow_marker_is_registered_and_strict() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = options["tool"]["pytest"]["ini_options"]
    assert "--strict-markers" in pytest_options["addopts"]
    assert any(m.startswith("slow:") for m in pytest_options["markers"])
    assert any(
        d.startswith("pytest-xdist") for d in options["project"]["optional-dependencies"]["test"]
    )
