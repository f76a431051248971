"""A plan republished in traditional characters reads like the simplified one, with offsets
into the original text and the original characters quoted."""

from __future__ import annotations

import opencc
import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph.build import build_graph
from graph.lang.zh.traditional import is_traditional, simplified, traditional_share
from graph.namespace import PK, mint
from graph.pipeline import SourceAnalysis, analyse
from graph.reading import original_of
from graph.registry import Registry

from .conftest import TESTS

PLAN = TESTS / "data" / "real" / "tianjin-pollution-carbon-2022.zh.txt"


def test_simplified_keeps_every_offset() -> None:
    text = "天津市發展改革委、生態環境局按職責分工負責。乾隆年間，乾燥。ABC 1.5萬噸"
    out = simplified(text)
    assert len(out) == len(text)
    assert out == "天津市发展改革委、生态环境局按职责分工负责。乾隆年间，干燥。ABC 1.5万吨"
    assert [a == b for a, b in zip(out, text, strict=True)].count(
        False
    ) == 11  # 發生態環職責負間乾萬噸


def test_detects_traditional_text() -> None:
    simple = PLAN.read_text(encoding="utf-8")
    assert traditional_share(simple) == 0.0 and not is_traditional(simple)
    assert is_traditional(opencc.OpenCC("s2t").convert(simple))
    assert not is_traditional("Henan Province action plan")


def test_original_of_a_name_read_without_its_spaces() -> None:
    original = "（市發展改革 委牽頭）"
    matched = simplified(original)
    assert original_of("市发展改革委", 1, 8, matched, original) == "市發展改革委"
    assert original_of("省发展改革委", 1, 8, matched, original) == "省发展改革委"  # not there


@pytest.fixture(scope="module")
def both(registry: Registry, tmp_path_factory) -> tuple[SourceAnalysis, SourceAnalysis]:
    text = PLAN.read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(text)
    assert len(traditional) == len(text)
    path = tmp_path_factory.mktemp("trad") / "tianjin-trad.zh.txt"
    path.write_text(traditional, encoding="utf-8")
    simple = analyse(str(PLAN), text, registry, "tianjin")
    return simple, analyse(str(path), traditional, registry, "tianjin")


def printed_in(printed: str, span: str) -> bool:
    """The printed name's characters, in order, in its span (stray spaces may be dropped)."""
    rest = iter(span)
    return all(ch in rest for ch in printed)


def responsibilities(a: SourceAnalysis) -> list[tuple]:
    return [
        (f.task.number, b.start, b.end, b.role, a.resolutions[b.printed].agency.id)
        for f in a.facts
        for b in f.bodies
        if b.printed in a.resolutions
    ]


def test_same_tasks_and_responsibilities(both) -> None:
    simple, trad = both
    assert trad.jurisdiction == simple.jurisdiction == "tianjin"
    assert [(f.task.number, f.task.start, f.task.end) for f in trad.facts] == [
        (f.task.number, f.task.start, f.task.end) for f in simple.facts
    ]
    assert len(simple.facts) > 10
    assert responsibilities(trad) == responsibilities(simple)
    assert len(responsibilities(simple)) > 50
    assert [(u.offset, u.where) for u in trad.unresolved] == [
        (u.offset, u.where) for u in simple.unresolved
    ]


def test_quotes_are_the_traditional_originals(both, registry: Registry) -> None:
    simple, trad = both
    text = trad.source.text
    assert is_traditional(text)
    for f, g in zip(trad.facts, simple.facts, strict=True):
        for b, s in zip(f.bodies, g.bodies, strict=True):
            assert printed_in(b.printed, text[b.start : b.end])
            assert simplified(b.printed) == s.printed
        if f.task.title:
            assert f.task.title in text[f.task.start : f.task.end]
            assert simplified(f.task.title) == g.task.title
    changed = [
        b.printed for f in trad.facts for b in f.bodies if b.printed != simplified(b.printed)
    ]
    assert changed, "some printed names have traditional characters"
    g: Graph = build_graph([trad], registry)
    plan = mint("tianjin")
    assert str(g.value(plan, DCTERMS.title)) == "天津市減污降碳協同增效實施方案"
    for node in g.subjects(RDF.type, PK.Responsibility):
        start, end = int(g.value(node, PK.sourceStart)), int(g.value(node, PK.sourceEnd))
        assert printed_in(str(g.value(node, PK.printedName)), text[start:end])
    for task in g.subjects(RDF.type, PK.Task):
        assert str(g.value(task, PK.text)) in text
        label = g.value(task, RDFS.label)
        assert label.language == "en" or str(label) in text
