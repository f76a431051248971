"""The languages as plug-ins: one package each under graph/lang, found there, dispatched by
the score its `detect` gives a text; nothing outside the package names a language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graph.io import plan_id_from_path
from graph.lang import CODES, LANGUAGES, Language, detect_language
from graph.model import Source
from graph.pipeline import analyse
from graph.registry import Registry

GRAPH = Path(__file__).resolve().parent.parent / "graph"


def test_every_package_under_graph_lang_is_a_language() -> None:
    assert CODES == ("en", "zh")
    assert all(isinstance(LANGUAGES[code], Language) for code in CODES)
    assert [language.code for language in LANGUAGES.values()] == ["en", "zh"]


def test_the_language_with_the_highest_claim_reads_the_text() -> None:
    # zh claims the share of letters that are Chinese characters, en a constant 0.3
    assert LANGUAGES["zh"].detect("abc省厅") == 2 / 5
    assert detect_language("abc省厅") == "zh"
    assert detect_language("abcdefg省厅局") == "en"  # 3 of 10: a tie goes to en
    assert detect_language("abcdef省厅局委") == "zh"  # 4 of 10
    assert detect_language("") == "en" and detect_language("2025") == "en"


def test_the_file_suffixes_are_the_language_codes() -> None:
    assert plan_id_from_path("plans/henan-2023.zh.txt") == "henan-2023"
    assert plan_id_from_path("plans/henan-2023.en.txt") == "henan-2023"
    assert plan_id_from_path("plans/henan-2023.fr.txt") == "henan-2023-fr"


def test_only_a_language_reads_its_copy() -> None:
    traditional = "關於推進綠色發展的實施方案"
    assert LANGUAGES["zh"].readable(traditional) == "关于推进绿色发展的实施方案"
    assert LANGUAGES["en"].readable(traditional) is traditional
    plain = "关于推进绿色发展的实施方案"
    assert LANGUAGES["zh"].readable(plain) is plain  # unchanged text is not copied


def test_the_pipeline_dispatches_through_the_registry(monkeypatch, registry: Registry) -> None:
    """A reader swapped in the registry is the one the pipeline calls."""
    called: list[Source] = []
    zh = LANGUAGES["zh"]

    def ingest(source: Source):
        called.append(source)
        return zh.ingest(source)

    monkeypatch.setitem(LANGUAGES, "zh", Language(**{**zh.__dict__, "ingest": ingest}))
    text = "一、重点任务\n1. 推进节能改造。（省发展改革委牵头）\n"
    analysis = analyse("t.zh.txt", text, registry, "t")
    assert [s.lang for s in called] == ["zh"]
    assert [b.printed for f in analysis.facts for b in f.bodies] == ["省发展改革委"]


def test_no_module_outside_graph_lang_reaches_into_a_language() -> None:
    """The rest of the package knows the languages only through `graph.lang`: no module
    outside a language's package imports it, and no twin module (`*_zh.py`) is left."""
    reaching = []
    for path in sorted(GRAPH.rglob("*.py")):
        if GRAPH / "lang" in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                if any(re.search(r"(?:^|\.)lang\.(?:en|zh)\b", n) for n in names):
                    reaching.append(f"{path.relative_to(GRAPH)}:{node.lineno}")
    assert reaching == []
    assert sorted(p.name for p in GRAPH.rglob("*_zh.py")) == []


def test_a_coordinated_place_is_the_language_s_form() -> None:
    text = "in eastern and southern Henan"
    assert LANGUAGES["en"].coordinated_places(text, 0, len(text)) == [("eastern Henan", 3, 29)]
    assert LANGUAGES["zh"].coordinated_places(text, 0, len(text)) == []
