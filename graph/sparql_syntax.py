"""Check a query before an engine runs it, and say where it breaks in words a reader can use.

Both engines get the same verdict: brackets are matched here (exact positions), the rest is
parsed by Oxigraph, whose message is cut down to what it expected and the text it stopped at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from .errors import one_line
from .sparql import QueryError, QuerySyntaxError, prefix_map

OX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s*[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.I)
FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
# Oxigraph lists what it expected, mixing keywords with explanations and character classes
READABLE = re.compile(r'"[^"]+"|\b[A-Z][A-Za-z ]+[a-z]\b|\b[A-Z]{2,}\b')
# what can hold a bracket that is not one: strings, IRIs, comments; then the brackets
TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[(){}\[\]]'
)
PAIRS = {"(": ")", "{": "}", "[": "]"}
# the SERVICE keyword as a word of the query, not part of a name (ex:SERVICE, ?service)
SERVICE_WORD = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.I)


def line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def syntax_error(text: str, line: int, column: int, message: str) -> QuerySyntaxError:
    """Oxigraph's message made readable: what it expected, and the text where it stopped."""
    lines = text.split("\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
    if "Prefix not found" in message:  # Oxigraph points just past the prefixed name
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", text[:offset])
        if name:
            line, column = line_column(text, name.start())
            return QuerySyntaxError(line, column, f"unknown prefix {(name.group(1) or '') + ':'!r}")
    listed = re.sub(r"\[[^\[\]]*\]", " ", message).removeprefix("expected one of ")
    expected = list(dict.fromkeys(READABLE.findall(listed.removeprefix("expected "))))
    explained = [e for e in expected if " " in e]
    if explained:
        said = explained[0]
    elif expected:
        more = ", ..." if len(expected) > 8 else ""
        said = f"expected {'one of ' if len(expected) > 1 else ''}{', '.join(expected[:8])}{more}"
    else:
        said = "unexpected text"
    rest = text[offset:].strip()
    near = f"near {one_line(rest, 16)!r}" if rest else "at the end of the query"
    return QuerySyntaxError(line, column, f"{said} ({near})")


def services(text: str, update: bool = False) -> list[str] | None:
    """The SERVICE targets a query (or an update) calls, as written, found in rdflib's parse
    tree, so a SERVICE in a string or a comment is none; None if rdflib cannot parse it."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = (parseUpdate if update else parseQuery)(text)
    except Exception:  # pyparsing's ParseException, and what rdflib raises on odd input
        return None
    return [service_target(node["term"]) for node in parse_nodes(tree, "ServiceGraphPattern")]


def parse_nodes(tree: Any, name: str) -> Iterator[Any]:
    """Every node of rdflib's parse tree with that name, depth first."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(tree, CompValue):
        if tree.name == name:
            yield tree
        tree = tree.values()
    elif isinstance(tree, str) or not isinstance(tree, Iterable):
        return
    for child in tree:
        yield from parse_nodes(child, name)


def service_target(term: Any) -> str:
    from rdflib.term import Variable

    return f"?{term}" if isinstance(term, Variable) else f"<{term}>"


def federated(text: str, update: bool = False) -> str | None:
    """The first SERVICE a query calls, or None; where rdflib cannot parse the text, any SERVICE
    keyword outside strings, IRIs and comments counts (better refused than fetched)."""
    called = services(text, update)
    if called is None:
        bare = TOKENS.sub(lambda m: m.group() if m.group() in "(){}[]" else " ", text)
        return "SERVICE" if SERVICE_WORD.search(bare) else None
    return f"SERVICE {called[0]}" if called else None


def refusal(service: str, opt_in: str) -> str:
    """Why a federated query is refused: one line, with the way to allow it."""
    return (
        f"the query calls {service}, which fetches from another server over the network; "
        f"federated queries are refused unless {opt_in}"
    )


@cache
def empty_store() -> Any:
    """The empty in-memory store every syntax check parses on (never written to): opening a
    new one took ~18 ms of each query's CPU."""
    import pyoxigraph as ox

    return ox.Store()


def check_syntax(text: str, allow_service: bool = False) -> None:
    """Parse with Oxigraph's parser, so both engines report the same line and column.

    Oxigraph parses by running the query on an empty store, which runs a SERVICE too: a query
    calling one is refused first, or with allow_service checked by rdflib's parser alone, so
    the check never reaches the network.
    """
    prologue = PROLOGUE.match(text)
    start = prologue.end() if prologue else 0
    first = re.match(r"\w+|\S?", text[start:])
    word = first.group().upper() if first else ""
    if word in UPDATES:
        raise QueryError("`plankg query` reads the graph; it does not run SPARQL updates")
    if word not in FORMS:
        found = f"found {word!r}" if word else "found nothing"
        line, column = line_column(text, start)
        raise QuerySyntaxError(
            line, column, f"expected SELECT, ASK, CONSTRUCT or DESCRIBE; {found}"
        )
    check_brackets(text)
    service = federated(text)
    if service and not allow_service:
        raise QueryError(refusal(service, "--allow-service is given"))
    if service and services(text) is not None:
        return  # rdflib's parser read it; Oxigraph's check would call the service
    try:
        empty_store().query(text, prefixes=prefix_map())
    except SyntaxError as err:
        match = OX_ERROR.match(str(err))
        if not match:
            raise QueryError(f"syntax error: {one_line(str(err))}") from None
        line, column, message = int(match.group(1)), int(match.group(2)), match.group(3)
        raise syntax_error(text, line, column, message) from None


def check_brackets(text: str) -> None:
    """Every (, { and [ closed, in order, outside strings, IRIs and comments."""
    stack: list[tuple[str, int]] = []
    for token in TOKENS.finditer(text):
        mark = token.group()
        if mark in PAIRS:
            stack.append((mark, token.start()))
        elif mark in PAIRS.values():
            if not stack:
                raise QuerySyntaxError(
                    *line_column(text, token.start()), f"{mark!r} closes nothing"
                )
            opener, at = stack.pop()
            if PAIRS[opener] != mark:
                line, column = line_column(text, at)
                raise QuerySyntaxError(
                    *line_column(text, token.start()),
                    f"{mark!r} does not close the {opener!r} at line {line}, column {column}",
                )
    if stack:
        opener, at = stack[-1]
        raise QuerySyntaxError(*line_column(text, at), f"{opener!r} is never closed")
