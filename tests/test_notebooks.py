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

from graph.io import ROOT, bundled_plans
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


def test_compare_plans_runs_top_to_bottom(kernel_env: Path) -> None:
    nb = run_notebook(NOTEBOOKS / "02-compare-plans.ipynb")
    texts = outputs(nb, "text/plain")
    assert "7 source(s), " in "\n".join(texts)
    ecology = next(t for t in texts if "Ministry of Ecology and Environment" in t)
    for plan in ("henan-2023", "hubei-2023", "mee-2022", "shanxi-2024b", "zhengzhou-2023"):
        assert plan in ecology, plan
    assert len(outputs(nb, "image/png")) == 1  # the function's share in each plan
    shown = re.fullmatch(r"\w*Path\('(.+)'\)", texts[-1])  # the last cell: the site's index
    assert shown is not None, texts[-1]
    site = Path(shown.group(1))
    assert site.name == "index.html" and site.is_file() and site.is_relative_to(kernel_env)
