"""The errors users see: one base class, caught once by the command line, one line each.

Every error a user can cause (a bad file, an unknown agency, a query that does not parse, a
server that will not start) derives from PlankgError; `plankg` prints it as one `Error:` line
and exits 1, so no command converts errors by hand. PlanError is the one that names a file
and, where it applies, the position in it.
"""

from __future__ import annotations


class PlankgError(Exception):
    """Bad input or a failed step the user can fix: the message says what, where, and what next."""


class PlanError(PlankgError):
    """Bad input: names the file and, where it applies, the character offset in it."""

    def __init__(self, path: str, message: str, offset: int | None = None, text: str | None = None):
        self.path = path
        self.message = message
        self.offset = offset
        self.where = path if offset is None else f"{path}:{position(text, offset)}"
        super().__init__(f"{self.where}: {message}")


def position(text: str | None, offset: int) -> str:
    """'line L, column C (offset N)' for a character offset, or just the offset without text."""
    if text is None:
        return f"offset {offset}"
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column} (offset {offset})"


def one_line(text: str, limit: int = 200) -> str:
    """A library's message (a parser's, a server's) cut to one line of at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
