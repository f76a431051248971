"""Lineage: the documents a plan cites, and the parent plans among them that are in the graph.

A plan of the genre names its parents in its preamble: 根据《有色金属行业碳达峰实施方案》,
《关于印发建材行业碳达峰实施方案的通知》（工信部联原〔2022〕149号）, 按照…《关于印发〈减污降碳
协同增效实施方案〉的通知》（环综合〔2022〕42号）. Every 《…》 title and every document number
(issuer abbreviation, 〔year〕, serial, 号) becomes a Citation with its span; a title followed by
its number in brackets is one Citation. A cited title names a plan of the graph when, with the
notice wrapper (关于印发…的通知) and the inner brackets 〈〉 taken off, it is that plan's title.
Lines opening with "#" are a file's comments (the corpus's provenance lines), not plan text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HAN = "\u4e00-\u9fff"
TITLE = re.compile(r"《([^《》\n]{1,200})》")
NUMBER = re.compile(
    rf"([{HAN}]{{1,12}})\s*[〔\[［]\s*(\d{{4}})\s*[〕\]］]\s*(\d{{1,4}})\s*号"
    rf"|([{HAN}]{{1,12}})\s*[（(]\s*(\d{{4}})\s*[）)]\s*(\d{{1,4}})\s*号"
)
# words that run into an issuer's abbreviation without punctuation: 按照国发〔2021〕23号
LEAD_IN = re.compile(r"^(?:根据|按照|依据|对照|参照|落实|贯彻|执行|印发|转发)+")
NUMBER_AFTER_TITLE = re.compile(r"\s*[（(]\s*$")  # 《…》（ then the number
WRAPPER = re.compile(r"^关于印发(.+)的通知$")
IGNORED = re.compile(r"[\s。〈〉<>]")  # spaces and the 。 of PDF line ends are not the title


@dataclass(frozen=True)
class Citation:
    """One cited document as printed: its title, its document number, or both."""

    start: int
    end: int
    title: str | None = None
    number: str | None = None  # "工信部联原〔2022〕149号", normalised to 〔〕 and no spaces


def comment_lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#"):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def document_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, number) of every document number, the lead-in words left out."""
    found = []
    for m in NUMBER.finditer(text):
        g = m.groups()
        issuer, year, serial = g[:3] if g[0] else g[3:]
        lead = LEAD_IN.match(issuer)
        cut = lead.end() if lead and lead.end() < len(issuer) else 0
        start = m.start() + cut
        found.append((start, m.end(), f"{issuer[cut:]}〔{year}〕{serial}号"))
    return found


def citations(text: str) -> list[Citation]:
    """Every citation of a plan text, in text order, outside comment lines."""
    skip = comment_lines(text)

    def outside(start: int) -> bool:
        return not any(a <= start < b for a, b in skip)

    numbers = [n for n in document_numbers(text) if outside(n[0])]
    used: set[int] = set()
    found = []
    for m in TITLE.finditer(text):
        if not outside(m.start()):
            continue
        start, end, number = m.start(), m.end(), None
        for i, (n_start, n_end, printed) in enumerate(numbers):
            if n_start >= end and NUMBER_AFTER_TITLE.fullmatch(text[end:n_start]):
                end, number = n_end, printed
                used.add(i)
                break
        found.append(Citation(start, end, m.group(1), number))
    for i, (n_start, n_end, printed) in enumerate(numbers):
        if i not in used and not any(c.start <= n_start < c.end for c in found):
            found.append(Citation(n_start, n_end, None, printed))
    return sorted(found, key=lambda c: (c.start, c.end))


def title_key(title: str) -> str:
    """The cited or printed title compared: no notice wrapper, brackets, spaces or stray 。."""
    bare = IGNORED.sub("", title)
    wrapped = WRAPPER.match(bare)
    return wrapped.group(1) if wrapped else bare


def cited_plans(
    cites: list[Citation], titles: dict[str, str], own_plan: str
) -> list[tuple[Citation, str]]:
    """(citation, plan id) for each citation whose title is the title of another plan."""
    by_key = {title_key(t): pid for pid, t in sorted(titles.items()) if t}
    found = []
    for c in cites:
        pid = by_key.get(title_key(c.title)) if c.title else None
        if pid and pid != own_plan:
            found.append((c, pid))
    return found


# ------------------------------------------------------------------ alignment to the parent
# Cosine of character 2-3-gram TF-IDF vectors: Chinese needs no word segmentation this way, and
# an adapted task keeps the parent's phrases (推动…节能降碳改造, 再生金属) while the province
# changes names and figures. Checked by hand on Yunnan against its national parent
# (docs/lineage.md): from this score up, a pair is the same task; below it, a task the
# province added (or one the scores cannot tell).
ALIGNMENT_THRESHOLD = 0.2
WHITESPACE = re.compile(r"\s+")


def task_text(text: str, start: int, end: int) -> str:
    """A task's words for comparing: no spaces (national plans print 到 2025 年)."""
    return WHITESPACE.sub("", text[start:end])


def align(
    child: list[tuple[str, str]],
    parent: list[tuple[str, str]],
    threshold: float = ALIGNMENT_THRESHOLD,
) -> list[tuple[str, str, float]]:
    """(child task, parent task, score) for each child task whose most similar parent task
    scores at least threshold; the first parent task wins a tie. Tasks are (number, text)."""
    if not child or not parent:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectors = TfidfVectorizer(analyzer="char", ngram_range=(2, 3)).fit_transform(
        [t for _, t in parent] + [t for _, t in child]
    )
    scores = cosine_similarity(vectors[len(parent) :], vectors[: len(parent)])
    found = []
    for (number, _), row in zip(child, scores, strict=True):
        best = int(row.argmax())
        score = round(float(row[best]), 3)
        if score >= threshold:
            found.append((number, parent[best][0], score))
    return found
