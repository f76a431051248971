"""The file edge: reading plans and registries, writing outputs all-or-nothing."""

from __future__ import annotations

import csv
import ctypes
import errno
import fcntl
import io
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
# `plankg build -o DIR` owns DIR wholly: it writes DIR.plankg-tmp-PID beside it, each with this
# marker, and swaps it in; DIR.plankg-old-PID is a replaced build on its way out; .DIR.plankg-lock
# beside DIR is locked while a build runs. A folder without the marker is never replaced.
BUILD_MARKER = ".plankg-build"
LEFTOVER = re.compile(r"\.plankg-(tmp|old)-\d+$")
# what a build writes at the top of its folder: a folder holding graph.ttl and nothing else but
# these (and the hidden temporary files of older versions) is a build from before the marker
BUILD_NAMES = {"graph.ttl", "report.md", "analysis.ttl", "figures", "site"}
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
                f"file is {size / 1e6:.1f} MB; {kind} files are expected under "
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


def csv_text(rows: Iterable[dict[str, str]], columns: list[str]) -> str:
    """A registry table as the registry reads it back (read_csv): a header, "\\n" line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


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


@contextmanager
def build_lock(directory: str | Path) -> Iterator[None]:
    """Hold the lock of a build folder; a PlanError at once if another build holds it."""
    out = Path(directory)
    lock = out.parent / f".{out.name}.plankg-lock"
    try:
        if not out.parent.exists():
            out.parent.mkdir(parents=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666 & ~UMASK)
    except OSError as err:
        raise PlanError(
            str(out), f"cannot create the output directory ({err.strerror}); choose another -o"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            raise PlanError(
                str(out),
                f"another plankg build (process {holder}) is writing this folder; wait for it "
                "to end or choose another -o",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        remove_leftovers(out)
        refuse_foreign(out)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the lock file stays, for the next build


def remove_leftovers(out: Path) -> None:
    """The temporary and replaced folders of builds into out that were killed: ours by name and
    by marker (or empty), never anything else."""
    for sibling in out.parent.glob(f"{glob_escape(out.name)}.plankg-*"):
        if not LEFTOVER.fullmatch(sibling.name.removeprefix(out.name)) or sibling.is_symlink():
            continue
        if (sibling / BUILD_MARKER).is_file() or sibling.is_dir() and not any(sibling.iterdir()):
            remove_build(sibling)


def remove_build(folder: Path) -> None:
    """A build folder removed marker last, so one cut short is still known as ours."""
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        elif child.name != BUILD_MARKER:
            child.unlink()
    (folder / BUILD_MARKER).unlink(missing_ok=True)
    folder.rmdir()


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def refuse_foreign(out: Path) -> None:
    """A PlanError unless out is absent, empty, or a folder a build wrote."""
    if out.is_symlink():
        raise PlanError(
            str(out), "is a symlink; a build replaces its folder, so name the folder it leads to"
        )
    if out.exists() and not out.is_dir():
        raise PlanError(str(out), "output path exists and is not a directory; choose another -o")
    if out.is_dir() and any(out.iterdir()) and not written_by_build(out):
        raise PlanError(
            str(out),
            f"has files but was not written by `plankg build` (no {BUILD_MARKER} in it); a build "
            "replaces its whole folder, so choose another -o (or empty this one)",
        )


def written_by_build(out: Path) -> bool:
    if (out / BUILD_MARKER).is_file():
        return True
    names = {p.name for p in out.iterdir() if not p.name.startswith(".plankg-")}
    return "graph.ttl" in names and names <= BUILD_NAMES


def replace_folder(
    directory: str | Path,
    files: dict[str, bytes | str],
    fill: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write a build folder all-or-none, under build_lock: every file into a fresh folder beside
    it (and fill(folder) there, for what is not bytes in memory: the cache), which then takes its
    place in one exchange of names; nothing of an earlier build stays."""
    out = Path(directory)
    fresh = out.parent / f"{out.name}.plankg-tmp-{os.getpid()}"
    try:
        fresh.mkdir()  # one of that name left by a killed build was removed under the lock
    except OSError as err:
        raise PlanError(
            str(fresh), f"cannot write there ({err.strerror}); nothing written, choose another -o"
        ) from None
    try:
        (fresh / BUILD_MARKER).write_text("written by plankg build\n", encoding="utf-8")
        for rel, content in sorted(files.items()):
            target = fresh / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        if fill:
            fill(fresh)
    except BaseException as err:
        shutil.rmtree(fresh, ignore_errors=True)
        if isinstance(err, OSError):  # a full disk, no permission
            raise PlanError(
                str(out), f"cannot write there ({err.strerror}); nothing written, choose another -o"
            ) from None
        raise
    if not out.exists():
        os.rename(fresh, out)
    elif exchange(fresh, out):
        remove_build(fresh)  # now the earlier build
    else:  # no renameat2: two renames, with a moment where out is absent (never mixed)
        old = out.parent / f"{out.name}.plankg-old-{os.getpid()}"
        os.rename(out, old)
        os.rename(fresh, out)
        remove_build(old)
    return [out / rel for rel in sorted(files)]


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths' names in one step (Linux renameat2 RENAME_EXCHANGE); False where the
    system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0


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
