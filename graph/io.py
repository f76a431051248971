"""The file edge: reading plans and registries, writing outputs all-or-nothing."""

from __future__ import annotations

import csv
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import PlanError, one_line

if TYPE_CHECKING:
    from rdflib import Graph

MAX_PLAN_BYTES = 8 * 1024 * 1024  # the longest real plans are well under 1 MB
# The top of a source checkout (tests, notebooks, scripts); an installed wheel has none.
ROOT = Path(__file__).resolve().parent.parent
# what `--graph` reads when it is not given: the graph `plankg build` writes by default
DEFAULT_GRAPH = Path("out/graph.ttl")
# RDF syntax by file suffix; a file with another suffix is read as Turtle
RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
}
UMASK = os.umask(0o022)
os.umask(UMASK)
BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark: skipped, so both engines read the same bytes
# what each kind of input file is called when it is missing, and what to do with a directory
INPUT_KINDS = {
    "plan": ("file", "is a directory, not a plan file (name the .txt files inside it)"),
    "graph": (
        "graph file (run `plankg build` first)",
        "is a directory; name the graph file (e.g. out/graph.ttl)",
    ),
    "query": ("query file", "is a directory, not a query file (name the .rq file inside it)"),
}
SPECIAL_FILES = (
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


def shipped(folder: str) -> Path:
    """A folder of the files plankg ships: "ontology", "queries", "data/plans",
    "data/registries", "views/templates".

    An installed wheel carries each inside the package (graph/ontology/, graph/data/plans/,
    ...), found with importlib.resources. A source checkout (an editable install, or the
    checkout on PYTHONPATH) keeps them where the user put them, at the top of the checkout,
    which is where setup.py maps the wheel's copies from: one source, never a second copy.
    The package's own folder is asked first, so a checkout never reads another install's.
    """
    inside = files(__package__).joinpath(folder)
    if isinstance(inside, Path) and inside.is_dir():
        return inside
    beside = ROOT / folder
    return beside if beside.is_dir() else Path(str(inside))


PLANS = shipped("data/plans")
CORPUS = shipped("data/plans/corpus")  # the real plans `plankg build --corpus` adds
REGISTRIES = shipped("data/registries")
ONTOLOGY = shipped("ontology")
QUERIES = shipped("queries")


def bundled_plans() -> list[Path]:
    return sorted(PLANS.glob("*.txt"))


def corpus_plans() -> list[Path]:
    """Every bundled plan: the demo's (data/plans/) and the real corpus (data/plans/corpus/)."""
    return bundled_plans() + sorted(CORPUS.glob("*.txt"))


def plan_id_from_path(path: str | Path) -> str:
    """`henan-2023.en.txt` -> `henan-2023`: the stem without its language suffix."""
    from .lang import CODES  # the readers, only where a plan is named

    stem = re.sub(rf"\.(?:{'|'.join(CODES)})$", "", Path(path).stem)
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "plan"


def regular_file(path: str | Path, kind: str) -> Path:
    """path, if it names a regular file (through any symlinks); else a PlanError saying what it
    is. Checked before the file is opened: a FIFO or a device would block the read forever."""
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except OSError as err:
        raise PlanError(str(path), not_there(err, kind)) from None
    refuse_special(path, mode, kind)
    return p


def refuse_special(path: str | Path, mode: int, kind: str) -> None:
    if stat.S_ISDIR(mode):
        raise PlanError(str(path), INPUT_KINDS[kind][1])
    if not stat.S_ISREG(mode):
        what = next((name for test, name in SPECIAL_FILES if test(mode)), "special file")
        raise PlanError(str(path), f"is a {what}, not a regular file; save the {kind} to a file")


def not_there(err: OSError, kind: str) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop (the link leads back to itself, never to a file)"
    if err.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"no such {INPUT_KINDS[kind][0]}"
    return f"cannot read it ({err.strerror})"


def nonblocking(name: str, flags: int) -> int:
    return os.open(name, flags | os.O_NONBLOCK)  # a FIFO swapped in after the check cannot block


def open_input(path: str | Path, kind: str) -> BinaryIO:
    """A plan, graph or query file opened for reading, past any UTF-8 byte order mark; a
    PlanError if it is not a regular file, including one swapped in after the check."""
    p = regular_file(path, kind)
    try:
        fh = open(p, "rb", opener=nonblocking)  # noqa: SIM115 (the caller closes it)
    except OSError as err:
        raise PlanError(str(path), not_there(err, kind)) from None
    try:
        refuse_special(path, os.fstat(fh.fileno()).st_mode, kind)
    except PlanError:
        fh.close()
        raise
    if fh.read(len(BOM)) != BOM:
        fh.seek(0)
    return fh


def read_text(path: str | Path, kind: str, what: str) -> str:
    """The UTF-8 text of a plan or query file (a byte order mark skipped); a PlanError naming
    the file, the encoding problem and its byte offset, for `what` (plan text, a query)."""
    name = str(path)
    with open_input(path, kind) as fh:
        start = fh.tell()
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_PLAN_BYTES:
            raise PlanError(
                name,
                f"file is {size / 1e6:.1f} MB; {kind}s are expected under "
                f"{MAX_PLAN_BYTES // 2**20} MB",
            )
        data = fh.read()
    if not data.strip():
        raise PlanError(name, "file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise PlanError(name, "UTF-16 text (byte order mark at byte 0); save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PlanError(
            name,
            f"binary file or UTF-16 text (NUL byte at byte {start + nul}), not {what}; "
            "save it as UTF-8",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise PlanError(
            name,
            f"not UTF-8 text (invalid byte 0x{data[err.start]:02x} at byte {start + err.start}, "
            "Latin-1 or GBK?); save it as UTF-8",
        ) from None


def read_plan(path: str | Path) -> str:
    """The text of a plan file, or a PlanError saying why it cannot be one."""
    return read_text(path, "plan", "plan text")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{k: (v or "").strip() for k, v in row.items()} for row in rows]


def read_ontology(name: str) -> str:
    return (ONTOLOGY / name).read_text(encoding="utf-8")


def rdf_format(path: Path) -> str:
    return RDF_FORMATS.get(path.suffix.lower(), "turtle")


def graph_files(paths: Path | Iterable[Path]) -> list[Path]:
    """The graph files named, each one checked to be a file: a PlanError for the first that is
    not, saying what to do."""
    found = [paths] if isinstance(paths, Path) else list(paths)
    for path in found:
        regular_file(path, "graph")
    if not found:
        raise PlanError(str(DEFAULT_GRAPH), "no graph file named (run `plankg build` first)")
    return found


def unreadable(path: Path, err: Exception) -> PlanError:
    """A graph file a parser rejects (rdflib's or Oxigraph's), in one wording."""
    return PlanError(
        str(path),
        f"cannot read as RDF: {one_line(str(err))}; name a graph file `plankg build` wrote "
        "(DIR/graph.ttl)",
    )


def load_graph(paths: Path | Iterable[Path]) -> Graph:
    """Graph files read into one rdflib Graph (blank nodes kept apart per file), or a PlanError
    naming the file that cannot be one."""
    from rdflib import Graph  # not at `plankg --help` time

    g = Graph()
    for path in graph_files(paths):
        try:
            with open_input(path, "graph") as fh:
                g.parse(source=fh, format=rdf_format(path))
        except PlanError:
            raise
        except Exception as err:  # rdflib raises many parser types; all mean "not a graph"
            raise unreadable(path, err) from None
    return g


def write_outputs(directory: str | Path, files: dict[str, bytes | str]) -> list[Path]:
    """Write every file or none: each goes to a temporary name first, then is renamed."""
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise PlanError(str(out), "output path exists and is not a directory; choose another -o")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a file where a parent directory should be, no permission, ...
        raise PlanError(
            str(out), f"cannot create the output directory ({err.strerror}); choose another -o"
        ) from None
    staged: list[tuple[str, Path]] = []
    try:
        for rel, content in sorted(files.items()):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".plankg-", dir=target.parent)
            os.fchmod(fd, 0o666 & ~UMASK)  # mkstemp makes 0600; outputs are ordinary files
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
            staged.append((rel, Path(tmp)))
    except BaseException as err:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):  # a file where site/ should be, a full disk, no permission
            where = err.filename or out
            raise PlanError(
                str(where),
                f"cannot write there ({err.strerror}); nothing written, choose another -o",
            ) from None
        raise
    written = []
    for rel, tmp in staged:
        os.replace(tmp, out / rel)
        written.append(out / rel)
    return written


def read_hand_checked(folder: str | Path) -> tuple[dict[str, dict[str, str]], str]:
    """The hand-checked plans of a folder, by stem: each `<stem>.txt` that has a
    `<stem>.expected.tsv`, with its path, text, expected rows and structure rows (""
    without a `<stem>.structure.tsv`); and the folder's blankets.tsv ("" without one)."""
    root = Path(folder)
    if not root.is_dir():
        raise PlanError(str(root), "no such folder of hand-checked plans")
    plans = {}
    for expected in sorted(root.glob("*.expected.tsv")):
        stem = expected.name.removesuffix(".expected.tsv")
        text_path, structure = root / f"{stem}.txt", root / f"{stem}.structure.tsv"
        plans[stem] = {
            "path": str(text_path),
            "text": read_plan(text_path),
            "expected": expected.read_text(encoding="utf-8"),
            "structure": structure.read_text(encoding="utf-8") if structure.exists() else "",
        }
    if not plans:
        raise PlanError(str(root), "no <stem>.expected.tsv here")
    blankets = root / "blankets.tsv"
    return plans, blankets.read_text(encoding="utf-8") if blankets.exists() else ""
