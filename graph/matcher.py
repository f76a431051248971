"""Find registry spellings (places, sectors) in text: leftmost-longest, whole words in Latin
script, any substring in Chinese. A dictionary walk instead of one huge regex alternation,
which was the slowest part of a build (0.45 s for the Henan English text, now ~10 ms)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W_]+")
CJK = re.compile(r"[\u3400-\u9fff]")
HARD_BREAK = re.compile(r"[.;:!?()（）。；：]")


def words_key(text: str) -> str:
    return " ".join(w.casefold() for w in WORD.findall(text))


@dataclass
class AliasMatcher:
    """Spelling -> registry id, for one kind of thing (places or sectors)."""

    latin: dict[str, str] = field(default_factory=dict)  # "eastern henan" -> id
    chinese: dict[str, str] = field(default_factory=dict)  # "豫东" -> id
    longest_latin: int = 0
    longest_chinese: int = 0
    first_words: set[str] = field(default_factory=set)  # a spelling can only start at these
    first_chars: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, names: dict[str, Iterable[str]]) -> AliasMatcher:
        m = cls()
        for ref, spellings in sorted(names.items()):
            for spelling in spellings:
                if not spelling or len(spelling) < 2:
                    continue
                if CJK.search(spelling):
                    m.chinese.setdefault(spelling, ref)
                    m.longest_chinese = max(m.longest_chinese, len(spelling))
                    m.first_chars.add(spelling[0])
                else:
                    key = words_key(spelling)
                    if key:
                        m.latin.setdefault(key, ref)
                        m.longest_latin = max(m.longest_latin, key.count(" ") + 1)
                        m.first_words.add(key.split(" ", 1)[0])
        return m

    def find(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """(id, start, end) of every spelling in text[start:end], sorted, not overlapping."""
        found = self.find_latin(text, start, end)
        if self.chinese and CJK.search(text, start, end):
            taken = [(s, e) for _, s, e in found]
            found += [
                hit
                for hit in self.find_chinese(text, start, end)
                if not any(s < hit[2] and hit[1] < e for s, e in taken)
            ]
        return sorted(found, key=lambda h: (h[1], h[2]))

    def find_latin(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        if not self.latin:
            return []
        tokens = [
            (m.group().casefold(), m.start(), m.end()) for m in WORD.finditer(text, start, end)
        ]
        # a spelling never runs across a sentence or a bracket: "steel. Industry" is two
        breaks = [False] + [
            bool(HARD_BREAK.search(text, a[2], b[1]))
            for a, b in zip(tokens, tokens[1:], strict=False)
        ]
        out = []
        i = 0
        while i < len(tokens):
            if tokens[i][0] not in self.first_words:
                i += 1
                continue
            span = 1
            while span < self.longest_latin and i + span < len(tokens) and not breaks[i + span]:
                span += 1
            for n in range(span, 0, -1):
                ref = self.latin.get(" ".join(t[0] for t in tokens[i : i + n]))
                if ref:
                    out.append((ref, tokens[i][1], tokens[i + n - 1][2]))
                    i += n
                    break
            else:
                i += 1
        return out

    def find_chinese(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        out = []
        i = start
        while i < end:
            if text[i] not in self.first_chars:
                i += 1
                continue
            for n in range(min(self.longest_chinese, end - i), 1, -1):
                ref = self.chinese.get(text[i : i + n])
                if ref:
                    out.append((ref, i, i + n))
                    i += n
                    break
            else:
                i += 1
        return out
