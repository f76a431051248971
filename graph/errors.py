"""The one error type users see: a file, a place in it, and what went wrong."""

from __future__ import annotations


class PlanError(Exception):
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
