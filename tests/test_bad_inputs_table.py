"""README's "Bad inputs" tables say what the user sees: every row's example is run here in a
folder holding the files it names (and a graph built into out/), and the line the row shows is
a line the command prints, with the row's exit code. A row whose example needs a server, a
signal or a second process names the test that checks it instead, and that test exists."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph.cli import main
from graph.namespace import PK

from .conftest import FIXTURES
from .test_cli_errors import PLAN as UNKNOWN_PLAN
from .test_long_plans import plan as long_en
from .test_long_plans_zh import items, sub_items
from .test_long_plans_zh import plan as long_zh
from .test_properties import STRAY_PLAN
from .test_report_hostile import PLAN as MARKUP_PLAN

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHANXI = FIXTURES / "shanxi-2024.en.txt"
CODE = re.compile(r"(`+)\s?(.+?)\s?\1(?!`)")

# rows the examples of which are not run here: the test that tries that kind
ELSEWHERE = {
    "any plan cut anywhere": "test_properties.py::test_the_cli_ends_in_one_error_line_or_a_build",
    "an earlier build from before the marker": "test_build_atomic.py::test_a_build_from_before_the_marker_is_replaced_but_not_with_user_files",
    "a second build into DIR while one runs": "test_build_atomic.py::test_a_second_build_into_a_locked_folder_fails_at_once",
    "a build killed (SIGKILL) while writing": "test_build_atomic.py::test_a_killed_build_leaves_one_build_whole",
    "a smaller build after a bigger one": "test_build_atomic.py::test_a_smaller_build_leaves_no_stale_files",
    "`--allow-service` with `SERVICE`": "test_sparql_limits.py::test_allow_service_reaches_the_service_once",
    "`plankg serve` on a port another program holds": "test_endpoint_faults.py::test_a_second_serve_on_a_held_port_fails_before_announcing",
    "`plankg serve` of a graph the server cannot parse": "test_endpoint_faults.py::test_a_graph_the_server_cannot_load_shows_its_error",
    "`plankg serve` stopped by Ctrl-C": "test_endpoint_faults.py::test_a_signal_stops_the_child_and_removes_the_store",
    "`plankg serve` killed with SIGKILL": "test_endpoint_faults.py::test_sigkill_takes_the_child_along_and_the_next_run_removes_the_store",
    "`SERVICE` sent to `plankg serve`": "test_sparql_limits.py::test_the_endpoint_refuses_service_in_every_form",
    "a query to `plankg serve` whose client hangs up": "test_sparql_limits.py::test_the_endpoint_stops_a_query_whose_client_hung_up",
    "a web page POSTing": "test_endpoint_faults.py::test_a_cross_origin_form_cannot_delete",
    "DNS rebinding": "test_endpoint_faults.py::test_a_rebound_host_is_refused_even_for_reads",
    "`plankg push` to a store that accepts": "test_push_stores.py::test_push_to_a_store_that_never_answers_times_out",
    "a store that refuses writes there": "test_errors_next_step.py::test_push_refused_says_why",
    "a store that asks for a login": "test_push_stores.py::test_what_is_missing_for_a_login_is_said",
    "a wrong password": "test_push_stores.py::test_virtuoso_refuses_a_wrong_password_and_no_login",
    "a store that hangs up while": "test_push_stores.py::test_a_store_that_hangs_up_mid_upload_is_said",
}


def section() -> str:
    start = README.index("### Bad inputs")
    return README[start : README.index("\n#", start + 5)]


def cells(line: str) -> list[str]:
    """The cells of a table row; a pipe inside a code span is no cell break."""
    out, cell, tick = [], "", 0
    for i, ch in enumerate(line.strip().strip("|")):
        if ch == "`" and (i == 0 or line.strip().strip("|")[i - 1] != "\\"):
            tick ^= 1
        if ch == "|" and not tick:
            out.append(cell.strip())
            cell = ""
        else:
            cell += ch
    return [*out, cell.strip()]


def rows() -> list[tuple[str, str, str, str]]:
    found = []
    for line in section().splitlines():
        if line.startswith("| ") and not line.startswith("| Kind tried"):
            kind, example, sees, code = cells(line)
            found.append((kind, example, sees, code))
    return found


def code(cell: str) -> str | None:
    m = CODE.search(cell)
    return m.group(2) if m else None


def shown_line(sees: str, exit_code: str) -> str | None:
    """The line a row shows: its first `Error:` line where the command fails, else the first
    line in code."""
    spans = [m.group(2) for m in CODE.finditer(sees)]
    if exit_code in ("1", "2"):
        spans = [s for s in spans if s.startswith("Error:")]
    return spans[0] if spans else None


def pattern(shown: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(piece) for piece in shown.split("…")))


def elsewhere(kind: str) -> str | None:
    return next((test for start, test in ELSEWHERE.items() if kind.startswith(start)), None)


def params():
    for kind, example, sees, exit_code in rows():
        if elsewhere(kind):
            continue
        # a build that succeeds writes figures and the site: seconds each, the slow tier
        slow = exit_code == "0" and code(example).startswith("plankg build")
        marks = [pytest.mark.slow] if slow else []
        yield pytest.param(kind, example, sees, exit_code, id=kind[:60], marks=marks)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The files the examples name, and a graph of the Shanxi plan in out/."""
    root = tmp_path_factory.mktemp("bad")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        shutil.copy(SHANXI, "shanxi-2024.en.txt")
        built = CliRunner().invoke(main, ["build", "shanxi-2024.en.txt", "-o", "out"])
        assert built.exit_code == 0, built.output
        write_files(root)
        yield root
    finally:
        os.chdir(cwd)


def write_files(root: Path) -> None:
    (root / "plans").mkdir()
    shutil.copy(SHANXI, root / "plans")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"  \n\t\n   \r\n")
    (root / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "gbk.txt").write_bytes(b"Plan: " + "河南省".encode("gbk"))
    (root / "prose.txt").write_text("The weather was mild.\nNobody wrote a plan here.\n")
    with (root / "huge.txt").open("wb") as fh:
        fh.write(b"Henan Provincial Action Plan for Testing\n")
        fh.truncate(50 * 1024 * 1024)
    os.mkfifo(root / "pipe.txt")
    os.mkfifo(root / "pipe.rq")
    unix = socket.socket(socket.AF_UNIX)
    unix.bind(str(root / "socket.txt"))
    unix.close()
    os.symlink("loop.txt", root / "loop.txt")
    os.symlink("out", root / "link")
    text = {
        "bom.en.txt": "\ufeff" + SHANXI.read_text(encoding="utf-8"),
        "unknown.en.txt": UNKNOWN_PLAN,
        "long.en.txt": long_en(list(range(1, 1101))),
        "long.zh.txt": long_zh(sub_items(list(range(1, 1101)), "comma")),
        "stray.en.txt": STRAY_PLAN,
        "skip.zh.txt": long_zh(sub_items([1, 2, 4, 5])),
        "misprint.zh.txt": long_zh(
            items([1, 2]) + "\n\n（十十）推进第三项措施落实。（省财政厅负责）\n\n" + items([3])
        ),
        "markup.en.txt": MARKUP_PLAN,
        "report.ttl": "# Report\n\nthis is { not turtle\n",
        "empty.ttl": "",
        "foaf.ttl": "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "<http://example.org/alice> a foaf:Person .\n",
        "bom.ttl": "\ufeff" + (root / "out" / "graph.ttl").read_text(encoding="utf-8"),
        "a-file": "not a folder\n",
        "utf16-nobom.rq": None,
        "bom.rq": "\ufeffASK {}",
        "empty.rq": "",
        "broken.netrc": "machine 127.0.0.1 login dba password s3cret\ns3cretx here\n",
    }
    for name, content in text.items():
        if content is not None:
            (root / name).write_text(content, encoding="utf-8")
    (root / "utf16.rq").write_bytes("ASK {}".encode("utf-16"))
    (root / "utf16-nobom.rq").write_bytes("ASK {}".encode("utf-16-le"))
    (root / "latin1.rq").write_bytes("# café\nASK {}".encode("latin-1"))
    (root / "mine").mkdir()
    (root / "mine" / "notes.txt").write_text("mine\n")
    g = Graph().parse(root / "out" / "graph.ttl")
    for triple in list(g.triples((None, PK.taskNumber, None))):
        g.remove(triple)
    g.serialize(root / "broken.ttl", format="turtle")


def test_the_section_has_the_four_columns_and_every_kind_once() -> None:
    kinds = [kind for kind, *_ in rows()]
    assert len(kinds) > 60 and len(set(kinds)) == len(kinds)
    headers = [line for line in section().splitlines() if line.startswith("| Kind tried")]
    assert set(headers) == {"| Kind tried | Example | What you see | Exit |"}
    for kind, example, sees, exit_code in rows():
        assert elsewhere(kind) or (code(example) and shown_line(sees, exit_code)), kind
        assert re.fullmatch(r"[012]( or [12])?|the signal's|HTTP \d{3}", exit_code), kind


@pytest.mark.parametrize("kind", [kind for kind, *_ in rows() if elsewhere(kind)])
def test_a_row_not_run_here_names_a_test_that_exists(kind: str) -> None:
    path, name = elsewhere(kind).split("::")
    source = (ROOT / "tests" / path).read_text(encoding="utf-8")
    assert f"def {name}(" in source, (kind, path, name)


@pytest.mark.parametrize(("kind", "example", "sees", "exit_code"), list(params()))
def test_the_example_prints_what_the_row_shows(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    example: str,
    sees: str,
    exit_code: str,
) -> None:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(folder))  # no ~/.netrc
    env = {"NETRC": None, "PLANKG_PASSWORD": None}
    words = shlex.split(code(example))
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "plankg", example
    result = CliRunner().invoke(main, words[1:], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert str(result.exit_code) == exit_code, (result.exit_code, result.output)
    shown = pattern(shown_line(sees, exit_code))
    errors = result.stderr.strip().splitlines()
    if exit_code == "1":  # one line, the row's, whatever else went to stdout
        assert len(errors) == 1 and shown.fullmatch(errors[0]), errors
    elif exit_code == "2":  # click's usage lines, then the error
        assert shown.fullmatch(errors[-1]), errors
    else:
        lines = result.stdout.splitlines() + errors
        assert any(shown.fullmatch(line) for line in lines), lines
