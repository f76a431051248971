"""Plain rows out in the formats every command offers (table, csv, tsv, json, md), and the
options the commands share."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .io import DEFAULT_GRAPH

FORMATS = ["table", "csv", "tsv", "json", "md"]
Row = dict[str, Any]


def format_option(choices: Sequence[str] = FORMATS, default: str = "table") -> Callable:
    """The shared `--format` option of every command that prints rows."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format.",
    )


def top_option(default: int | None = None) -> Callable:
    return click.option(
        "--top",
        type=click.IntRange(min=1),
        default=default,
        show_default=default is not None,
        help="Show only the first N rows.",
    )


def graph_option(command: Callable) -> Callable:
    """The one `--graph` option of every command that reads a built graph: repeat it to read
    several files together (graph.ttl and analysis.ttl, or the graphs of two builds)."""
    return click.option(
        "--graph",
        "graphs",
        multiple=True,
        default=[str(DEFAULT_GRAPH)],
        show_default=True,
        type=click.Path(path_type=Path),
        help="A graph written by `plankg build`; repeat to read several files together.",
    )(command)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | tuple):
        return "; ".join(cell(v) for v in value)
    return " ".join(str(value).split())


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(rows: Sequence[Row], fmt: str, columns: Sequence[str] | None = None) -> str:
    """rows in fmt; columns (default: the keys of the first row) fix the order."""
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([cell(r.get(c)) for c in cols])
        return buf.getvalue().rstrip("\n")
    cells = [[cell(r.get(c)) for c in cols] for r in rows]
    if fmt == "md":
        esc = [[v.replace("|", "\\|") for v in row] for row in cells]
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in esc]
        return "\n".join(lines)
    if not cols:
        return "(no rows)"
    widths = [max([width(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(cols)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    out = [line(cols), line(["-" * w for w in widths])] + [line(row) for row in cells]
    return "\n".join(out) if rows else "\n".join(out + ["(no rows)"])
