"""`plankg build -o DIR` is all-or-none: DIR is the earlier complete build or the new complete
one, never a mix; one build at a time; no stale files; a folder plankg did not write is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.io import BUILD_MARKER, PLANS, build_lock

ROOT = Path(__file__).resolve().parents[1]
HENAN_EN = PLANS / "henan-2023.en.txt"
SMALL = (
    "Henan Provincial Action Plan for Testing\n"
    "1. Key tasks\n"
    "(1) Cut emissions. (The Provincial Department of Ecology and Environment takes the lead)\n"
)


def build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *args])
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def small_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "testing.en.txt"
    plan.write_text(SMALL, encoding="utf-8")
    return plan


def beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(out.name + "."))


def test_a_smaller_build_leaves_no_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(str(HENAN_EN), "-o", str(out))[0] == 0
    big = snapshot(out)
    assert build(str(small_plan(tmp_path)), "-o", str(out))[0] == 0
    small = snapshot(out)
    stale = [name for name in big if name.startswith("site/agencies/") and name not in small]
    assert len([n for n in big if n.startswith("site/agencies/")]) > 10
    assert stale, "the small plan names fewer agencies than Henan"
    alone = tmp_path / "alone"
    assert build(str(small_plan(tmp_path)), "-o", str(alone))[0] == 0
    assert small == snapshot(alone)  # exactly the files a build into an empty folder writes
    assert beside(out) == []  # no temporary or replaced folder left


def test_a_folder_plankg_did_not_write_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"years of work")
    code, output = build(str(small_plan(tmp_path)), "-o", str(out))
    assert code == 1
    assert output == (
        f"Error: {out}: has files but was not written by `plankg build` (no {BUILD_MARKER} in "
        "it); a build replaces its whole folder, so choose another -o (or empty this one)\n"
    )
    assert snapshot(out) == {"chapter1.docx": b"years of work"}


def test_a_second_build_into_a_locked_folder_fails_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = small_plan(tmp_path)
    assert build(str(plan), "-o", str(out))[0] == 0
    before = snapshot(out)
    with build_lock(out):  # as a build running in another process holds it
        started = time.monotonic()
        code, output = build(str(plan), "-o", str(out))
        assert time.monotonic() - started < 5
    assert code == 1
    assert output == (
        f"Error: {out}: another plankg build (process {os.getpid()}) is writing this folder; "
        "wait for it to end or choose another -o\n"
    )
    assert snapshot(out) == before
    assert build(str(plan), "-o", str(out))[0] == 0  # the lock is free again


def plankg_build(out: Path, *plans: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graph", "build", *map(str, plans), "-o", str(out)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_builds_never_mix(tmp_path: Path) -> None:
    out, alone = tmp_path / "out", tmp_path / "alone"
    plan = small_plan(tmp_path)
    assert build(str(plan), "-o", str(alone))[0] == 0
    builds = [plankg_build(out, plan) for _ in range(2)]
    errors = [b.communicate(timeout=120)[1] for b in builds]
    codes = [b.returncode for b in builds]
    assert 0 in codes, errors
    for code, error in zip(codes, errors, strict=True):
        assert code == 0 or "another plankg build" in error and len(error.splitlines()) == 1
    assert snapshot(out) == snapshot(alone)
    assert beside(out) == []


def test_a_killed_build_leaves_one_build_whole(tmp_path: Path) -> None:
    out, henan = tmp_path / "out", tmp_path / "henan"
    assert build(str(HENAN_EN), "-o", str(henan))[0] == 0
    assert build(str(small_plan(tmp_path)), "-o", str(out))[0] == 0
    earlier, later = snapshot(out), snapshot(henan)
    for _ in range(5):  # the write takes a moment; kill the build while its folder is filling
        process = plankg_build(out, HENAN_EN)
        fresh = tmp_path / f"out.plankg-tmp-{process.pid}"
        while process.poll() is None and not fresh.exists():
            time.sleep(0.002)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
            break
        assert snapshot(out) == later
    else:
        pytest.fail("every build ended before it could be killed")
    assert snapshot(out) in (earlier, later)  # one build whole, never a mix
    # what the killed build left: its folder, marked as ours (or still empty)
    assert fresh.exists() and ((fresh / BUILD_MARKER).is_file() or not any(fresh.iterdir()))
    user = tmp_path / "out.plankg-tmp-notes"  # a folder of the user's that looks a bit like ours
    user.mkdir()
    (user / "keep.txt").write_text("mine", encoding="utf-8")
    unmarked = tmp_path / "out.plankg-tmp-12345"
    unmarked.mkdir()
    (unmarked / "keep.txt").write_text("mine too", encoding="utf-8")
    assert build(str(small_plan(tmp_path)), "-o", str(out))[0] == 0
    assert not fresh.exists()  # the killed build's leftover is removed by the next build
    assert (user / "keep.txt").exists() and (unmarked / "keep.txt").exists()
    assert snapshot(out) == earlier


@pytest.mark.parametrize("target", ["file", "symlink"])
def test_an_output_that_is_not_a_folder_is_refused(tmp_path: Path, target: str) -> None:
    out = tmp_path / "out"
    if target == "file":
        out.write_text("x", encoding="utf-8")
    else:
        (tmp_path / "real").mkdir()
        out.symlink_to("real")
    code, output = build(str(small_plan(tmp_path)), "-o", str(out))
    assert code == 1 and output.startswith(f"Error: {out}: ") and output.count("\n") == 1
    assert out.is_symlink() if target == "symlink" else out.read_text(encoding="utf-8") == "x"


def test_a_build_from_before_the_marker_is_replaced_but_not_with_user_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "site" / "agencies").mkdir(parents=True)
    (out / "graph.ttl").write_text("# an older build\n", encoding="utf-8")
    (out / "site" / "agencies" / "gone.html").write_text("stale", encoding="utf-8")
    (out / ".plankg-k2j4x9").write_bytes(b"half a graph")  # an older version's temporary file
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = build(str(small_plan(tmp_path)), "-o", str(out))
    assert code == 1 and "has files but was not written by `plankg build`" in output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    (out / "notes.txt").unlink()
    assert build(str(small_plan(tmp_path)), "-o", str(out))[0] == 0
    assert not (out / "site" / "agencies" / "gone.html").exists()
    assert not (out / ".plankg-k2j4x9").exists()
    assert (out / BUILD_MARKER).is_file()
