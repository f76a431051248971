"""Named SPARQL queries shipped in queries/*.rq (graph/queries/ in a wheel), each described by a comment header.

A header is the block of `#` lines at the top of the file:

    # title: Tasks an agency leads
    # description: Every task whose responsibility note names the agency as lead.
    #   Indented lines continue the field above.
    # param agency (iri, required): the agency, e.g. id:henan/agency/ecology-environment
    # param within (iri, default pk:SectorScheme): ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PlankgError
from .io import QUERIES

PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date")
FIELD = re.compile(r"#\s?(title|description|param)\b:?\s*(.*)")
PARAM = re.compile(r"(\w+)\s*\(([^)]*)\)\s*:?\s*(.*)")
NAME = re.compile(r"[a-z][a-z0-9-]*")


class HeaderError(PlankgError, ValueError):
    """A named query whose header cannot be read; names the file."""


class NoNamedQueries(HeaderError):
    """A folder of named queries with none in it: a broken install, not an empty answer."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""

    def summary(self) -> str:
        how = "required" if self.required else f"default {self.default}" if self.default else ""
        return f"{self.name} ({', '.join(filter(None, [self.type, how]))})"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def parse_param(spec: str, where: str) -> Param:
    match = PARAM.fullmatch(spec.strip())
    if not match:
        raise HeaderError(f"{where}: cannot read parameter {spec!r}; write `name (type): text`")
    name, inside, description = match.groups()
    kind, *options = [part.strip() for part in inside.split(",")]
    if kind not in PARAM_TYPES:
        raise HeaderError(f"{where}: parameter {name} has type {kind!r}; one of {PARAM_TYPES}")
    required, default = False, None
    for option in options:
        if option == "required":
            required = True
        elif option.startswith("default "):
            default = option.removeprefix("default ").strip()
        elif option != "optional":
            raise HeaderError(f"{where}: parameter {name}: unknown option {option!r}")
    return Param(name, kind, required, default, " ".join(description.split()))


def parse_named(path: Path) -> NamedQuery:
    """A NamedQuery from a .rq file; a HeaderError when its header lacks a title."""
    text = path.read_text(encoding="utf-8")
    fields: list[list[str]] = []  # [key, text] pairs, continuation lines appended
    for line in header_lines(text):
        match = FIELD.match(line)
        if match:
            fields.append([match.group(1), match.group(2).strip()])
        elif fields and line.startswith("#  "):
            fields[-1][1] += " " + line.lstrip("# ").strip()
    values = {key: value for key, value in fields if key != "param"}
    if not values.get("title"):
        raise HeaderError(f"{path}: no `# title:` line in the header")
    params = tuple(parse_param(value, str(path)) for key, value in fields if key == "param")
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=values["title"],
        description=" ".join(values.get("description", "").split()),
        params=params,
    )


def named_queries(directory: Path = QUERIES) -> list[NamedQuery]:
    """Every named query in directory, sorted by name; NoNamedQueries when there is none."""
    paths = sorted(directory.glob("*.rq"))
    if not paths:
        raise NoNamedQueries(
            f"{directory}: no named queries (*.rq) here; plankg ships them, so reinstall it"
        )
    return [parse_named(path) for path in paths]


def find_named(name: str, directory: Path = QUERIES) -> NamedQuery | None:
    path = directory / f"{name}.rq"
    return parse_named(path) if NAME.fullmatch(name) and path.is_file() else None
