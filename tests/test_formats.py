"""The shared output formats, on two hand-written rows."""

from __future__ import annotations

import json

from graph.formats import render

ROWS = [{"agency": "省生态环境厅", "tasks": 28}, {"agency": "A|B", "tasks": 2}]


def test_table_aligns_cjk() -> None:
    lines = render(ROWS, "table").splitlines()
    assert lines[0] == "agency        tasks"
    assert lines[2] == "省生态环境厅  28"
    assert lines[3] == "A|B           2"


def test_csv_tsv_json_md() -> None:
    assert render(ROWS, "csv") == "agency,tasks\n省生态环境厅,28\nA|B,2"
    assert render(ROWS, "tsv").splitlines()[1] == "省生态环境厅\t28"
    assert json.loads(render(ROWS, "json")) == ROWS
    assert render(ROWS, "md").splitlines()[3] == "| A\\|B | 2 |"


def test_empty() -> None:
    assert render([], "table") == "(no rows)"
    assert render([], "json") == "[]"
