"""Plans republished in traditional characters: a simplified copy of the same length to match
against (OpenCC, t2s), so every offset found in it is an offset into the original, and the
original characters of any name read out of the copy."""

from __future__ import annotations

import re
from functools import cache

import opencc

# In simplified plans no character changes under t2s (0 of 5,000-9,000 in each real plan); in
# the same plans converted to traditional, a third do.
TRADITIONAL_SHARE = 0.05
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@cache
def converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def simplified_char(ch: str) -> str:
    out = converter().convert(ch)
    return out if len(out) == 1 else ch


def traditional_share(text: str) -> float:
    """The share of Chinese characters that t2s changes."""
    chars = [ch for run in CJK_RUN.findall(text) for ch in run]
    if not chars:
        return 0.0
    return sum(simplified_char(ch) != ch for ch in chars) / len(chars)


def is_traditional(text: str) -> bool:
    return traditional_share(text) >= TRADITIONAL_SHARE


def simplified(text: str) -> str:
    """The text in simplified characters, character for character: each run of Chinese is
    converted as phrases where that keeps its length (乾燥 -> 干燥 but 乾隆 stays), else one
    character at a time. Same length, so offsets carry over unchanged."""
    out, last = [], 0
    for m in CJK_RUN.finditer(text):
        run = m.group()
        converted = converter().convert(run)
        if len(converted) != len(run):
            converted = "".join(simplified_char(ch) for ch in run)
        out += [text[last : m.start()], converted]
        last = m.end()
    out.append(text[last:])
    result = "".join(out)
    assert len(result) == len(text)
    return result
