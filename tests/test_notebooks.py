"""The notebooks run top to bottom in a kernel of this interpreter, and are committed clean."""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from graph.io import ROOT, bundled_plans, corpus_plans
from graph.notebook import OUT_VARIABLE
from graph.workflow import build_outputs

pytestmark = pytest.mark.slow  # a Jupyter kernel per notebook

NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "plankg-tests"
CELL_TIMEOUT = 180  # seconds; a cell that builds six plans takes about ten
MAX_CELL_LINES = 15  # longer code belongs in the library
ALLOWED_IMPORTS = {"graph", "pathlib", "tempfile"}


def code_cells(nb: Any) -> list[Any]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def test_the_two_notebooks_are_there() -> None:
    assert [p.name for p in PATHS] == ["01-explore.ipynb", "02-compare-plans.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    clear = "commit it without outputs (JupyterLab: Edit > Clear Outputs of All Cells, then save)"
    for cell in code_cells(nb):
        assert cell.outputs == [], f"{path.name}: {clear}; outputs under:\n{cell.source}"
        assert cell.execution_count is None, f"{path.name}: {clear}; run count on:\n{cell.source}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_cells_are_short_and_import_only_the_library(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in code_cells(nb):
        assert len(cell.source.splitlines()) <= MAX_CELL_LINES, cell.source
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] in ALLOWED_IMPORTS, (module, cell.source)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make demo` writes, in a directory of its own."""
    out = tmp_path_factory.mktemp("out")
    build_outputs(bundled_plans(), out)
    return out


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory, built: Path) -> Iterator[Path]:
    """A kernelspec for this very interpreter (whatever other `python3` kernels the machine
    has), the built graph in $PLANKG_OUT, and temporary files kept under pytest's own."""
    jupyter = tmp_path_factory.mktemp("jupyter")
    spec = jupyter / "kernels" / KERNEL / "kernel.json"
    spec.parent.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}), encoding="utf-8"
    )
    scratch = tmp_path_factory.mktemp("scratch")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(jupyter))
        patch.setenv(OUT_VARIABLE, str(built))
        patch.setenv("TMPDIR", str(scratch))
        patch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        yield scratch


def run_notebook(path: Path) -> Any:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},  # the kernel starts in notebooks/
    )
    client.execute()
    return nb


def outputs(nb: Any, mime: str) -> list[str]:
    """Every output of one MIME type, in cell order."""
    found = []
    for cell in code_cells(nb):
        for output in cell.outputs:
            data = output.get("data", {})
            if mime in data:
                found.append(data[mime])
    return found


def test_explore_runs_top_to_bottom(kernel_env: Path, built: Path) -> None:
    nb = run_notebook(NOTEBOOKS / "01-explore.ipynb")
    texts = "\n".join(outputs(nb, "text/plain"))
    assert "Henan Provincial Department of Ecology and Env" in texts  # burden, profile
    assert "lead missing" in texts  # the disagreements
    assert len(outputs(nb, "image/png")) == 1  # the burden chart
    frames = [html for html in outputs(nb, "text/html") if "<iframe" in html]
    assert len(frames) == 1
    src = re.search(r'src="([^"]+)"', frames[0])
    assert src, frames[0]
    assert not re.match(r"[a-z]+:|/", src.group(1)), src.group(1)  # relative, no URL
    page = (NOTEBOOKS / src.group(1)).resolve()
    assert page == (built / "site" / "agency-network.html").resolve()


def markdown(nb: Any) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def streams(nb: Any) -> str:
    return "".join(o.get("text", "") for c in code_cells(nb) for o in c.outputs if o.get("name"))


def test_compare_plans_runs_top_to_bottom(kernel_env: Path) -> None:
    """On the real bundled plans; what the notebook says in words is what the graph it built
    holds, recomputed here from the graph and the source files."""
    from rdflib import Graph
    from rdflib.namespace import PROV

    from graph.analysis.compare import plan_summary
    from graph.analysis.scope import plan_of, slug
    from graph.io import CORPUS
    from graph.namespace import PK

    nb = run_notebook(NOTEBOOKS / "02-compare-plans.ipynb")
    texts = outputs(nb, "text/plain")
    assert f"{len(corpus_plans())} source(s), " in "\n".join(texts)
    assert len(outputs(nb, "image/png")) == 1  # the ecology function's lead share per plan
    shown = re.fullmatch(r"\w*Path\('(.+)'\)", texts[-1])  # the last cell: the compare page
    assert shown is not None, texts[-1]
    page = Path(shown.group(1))
    assert page.name == "compare.html" and page.is_file() and page.is_relative_to(kernel_env)
    g = Graph().parse(page.parent.parent / "graph.ttl")
    # the summary table: each plan with the function that leads most of its tasks
    table = next(h for h in outputs(nb, "text/html") if "leads_most" in h)
    cells = [
        re.findall(r"<td>([^<]*)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    rows = {tds[0]: tds for tds in cells if tds}
    for row in plan_summary(g):
        shown = rows[row["plan"]][4]  # pandas cuts a long cell to its first 50 characters, "..."
        assert row["leads_most"].startswith(shown.removesuffix("...")), (row, shown)
    # the finding: Shaanxi's task closest to its national parent, the pair the prose names
    shaanxi = "shaanxi-building-materials-carbon-peak-2023"
    pairs = [
        (float(g.value(a, PK.alignmentScore)), t, g.value(a, PK.alignedTo))
        for t, a in g.subject_objects(PK.hasAlignment)
        if slug(plan_of(g, t) or "") == shaanxi
    ]
    _score, task, parent = max(pairs)
    number, parent_number = (str(g.value(n, PK.taskNumber)) for n in (task, parent))
    prose = markdown(nb)
    assert f"task {number} " in prose and f"task {parent_number} of the national plan" in prose
    # the quoted texts are the source files' at the graph's offsets
    for node in (task, parent):
        passage = next(iter(g.objects(node, PK.passage)))
        source = g.value(passage, PK.statedIn)
        text = (CORPUS / str(g.value(source, PROV.atLocation))).read_text(encoding="utf-8")
        start, end = int(g.value(passage, PK.sourceStart)), int(g.value(passage, PK.sourceEnd))
        assert text[start:end] in streams(nb), (node, text[start:end][:40])
    assert "(True, True, True)" in texts  # same texts, same kinds of body named on both
