"""What a build already computed, kept beside its graph so a command need not read the graph again.

DIR/.plankg-cache/, beside DIR/graph.ttl, holds:

    key.json   which graph the rest belongs to (its file name and the sha256 of its bytes) and
               which plankg computed it (CACHE_VERSION and a digest of plankg's own code and
               registries, so a changed formula never answers from an old cache)
    answers/   one JSON file per answer a command computed (`plankg rank --by share`, an
               agency's profile, ...), named by the sha256 of the call, the call inside
    store/     the graph in an Oxigraph store (graphs of STORE_BYTES or more), which
               `plankg query` opens read-only instead of loading the Turtle

A command reads the graph's bytes, compares their hash with key.json and uses the cache only
when both agree: an edited graph, a copy without its cache, a cache from another plankg or a
damaged file are misses, and the command computes as it would without a cache. It then writes
what it computed, but only into a folder `plankg build` wrote (one with its marker) that it may
write: a graph.ttl elsewhere (a copy, a test fixture) gets no hidden folder beside it. The cache
holds exactly what the command would compute, as JSON, so its answers are the same with or
without it. Every file is written under a temporary name and renamed into place, so commands
running at the same time never read half a file, and the store is opened read-only, so any
number of them can share it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

CACHE = ".plankg-cache"
CACHE_VERSION = 1
# a graph this large (about a 40-plan corpus) gets a persistent Oxigraph store: opening one takes
# milliseconds, loading its Turtle seconds; a smaller graph loads into memory in well under 0.1 s
STORE_BYTES = 8_000_000
PACKAGE = Path(__file__).resolve().parent
Call = dict[str, Any]


def digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


_code: list[str] = []


def code_digest() -> str:
    """sha256 of plankg's modules and registries: what every cached answer was computed by."""
    if not _code:
        from .io import REGISTRIES

        sha = hashlib.sha256(f"plankg cache {CACHE_VERSION}\n".encode())
        for path in sorted([*PACKAGE.rglob("*.py"), *Path(REGISTRIES).glob("*.csv")]):
            sha.update(f"{path.name}\n".encode())
            sha.update(path.read_bytes())
        _code.append(sha.hexdigest())
    return _code[0]


def graph_key(path: Path, graph_sha: str | None = None) -> dict[str, Any]:
    return {
        "version": CACHE_VERSION,
        "graph": path.name,
        "sha256": graph_sha or digest(path),
        "code": code_digest(),
    }


def call_name(call: Call) -> str:
    return hashlib.sha256(canonical(call).encode("utf-8")).hexdigest()


def canonical(value: Any, sort_keys: bool = True) -> str:
    """value as compact JSON; sort_keys=False keeps the order of each dict's keys (a row's
    columns), which is part of an answer."""
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))


def read_json(path: Path) -> Any:
    """The JSON in path, or None when it is absent, unreadable or not JSON."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """data into path, whole or not at all (a temporary file renamed into place)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def as_json(value: Any) -> Any:
    """value as it comes back from the cache, so a computed answer and a cached one are alike."""
    return json.loads(canonical(value, sort_keys=False))


class Cache:
    """The cache of one graph file, checked against its bytes; `writable` where a miss may be
    written back."""

    def __init__(self, root: Path, key: dict[str, Any], writable: bool):
        self.root, self.key, self.writable = root, key, writable

    def lookup(self, call: Call) -> Any | None:
        """The cached answer to call; None when there is none (or it is damaged)."""
        found = read_json(self.root / "answers" / f"{call_name(call)}.json")
        if isinstance(found, dict) and found.get("call") == call and "value" in found:
            return found["value"]
        return None

    def answer(self, call: Call, compute: Callable[[], Any]) -> Any:
        """The cached answer to call, else compute() (kept, where the cache is writable)."""
        found = self.lookup(call)
        if found is not None:
            return found
        value = as_json(compute())
        if self.writable:
            self.keep(call, value)
        return value

    def keep(self, call: Call, value: Any) -> None:
        try:
            (self.root / "answers").mkdir(exist_ok=True)
            data = canonical({"call": call, "value": value}, sort_keys=False).encode("utf-8")
            write_atomic(self.root / "answers" / f"{call_name(call)}.json", data)
        except OSError:  # a full disk, a folder made read-only meanwhile: the answer stands
            pass

    def store(self) -> Any | None:
        """The graph's Oxigraph store, opened read-only; None when there is none (yet)."""
        if not (self.root / "store" / "CURRENT").is_file():
            return None
        import pyoxigraph as ox

        try:
            return ox.Store.read_only(str(self.root / "store"))
        except (OSError, ValueError, RuntimeError):  # damaged, or another Oxigraph's
            return None

    def make_store(self, graph: Path) -> Any | None:
        """Load the graph into a new store beside it (in place of one that does not open) and
        open that read-only; None where the cache cannot be written (the caller then loads the
        graph into memory)."""
        if not self.writable:
            return None
        try:
            if (self.root / "store").exists():
                aside = self.root / f"store.old-{os.getpid()}"
                os.rename(self.root / "store", aside)
                shutil.rmtree(aside, ignore_errors=True)
            write_store(self.root, graph)
        except (OSError, SyntaxError, ValueError):
            return None
        return self.store()


def write_store(root: Path, graph: Path) -> None:
    """root/store: the graph loaded into a persistent Oxigraph store, built under another name
    and renamed into place (a store another process put there first is kept)."""
    import pyoxigraph as ox

    tmp = root / f"store.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(graph), format=ox.RdfFormat.TURTLE)
        store.flush()
        del store  # releases the store's lock before the rename
        with contextlib.suppress(OSError):  # another command's store is there: the same graph
            os.rename(tmp, root / "store")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def may_write(folder: Path) -> bool:
    from .io import BUILD_MARKER

    return (folder / BUILD_MARKER).is_file() and os.access(folder, os.W_OK | os.X_OK)


def open_cache(paths: Sequence[Path] | Path) -> Cache | None:
    """The cache of a single graph file, when it matches the file's bytes; where it does not (or
    there is none) and the folder is a build's, a fresh empty one; else None."""
    files = [paths] if isinstance(paths, Path) else list(paths)
    if len(files) != 1:
        return None  # graphs read together (graph.ttl and analysis.ttl): no cache of the union
    graph = Path(files[0])
    try:
        if not graph.is_file():
            return None  # the ordinary path says what is wrong with it
        key = graph_key(graph)
    except OSError:
        return None
    root = graph.parent / CACHE
    writable = may_write(graph.parent)
    if read_json(root / "key.json") == key:
        return Cache(root, key, writable)
    if not writable or not renew(root, key, read_json(root / "key.json")):
        return None
    return Cache(root, key, writable) if read_json(root / "key.json") == key else None


def renew(root: Path, key: dict[str, Any], old_key: Any) -> bool:
    """Replace root with an empty cache for key; False if the folder cannot be written. The
    store of the same graph bytes is kept (a new plankg changes the answers, not the graph)."""
    fresh = root.with_name(f"{CACHE}.tmp-{os.getpid()}")
    old = root.with_name(f"{CACHE}.old-{os.getpid()}")
    same_graph = isinstance(old_key, dict) and all(
        old_key.get(field) == key[field] for field in ("graph", "sha256")
    )
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        if root.exists() or root.is_symlink():
            os.rename(root, old)
            if same_graph and (old / "store").is_dir() and not (old / "store").is_symlink():
                os.rename(old / "store", fresh / "store")
        (fresh / "key.json").write_text(canonical(key) + "\n", encoding="utf-8")
        with contextlib.suppress(OSError):  # another command renewed it first
            os.rename(fresh, root)
        return True
    except OSError:
        return False
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.is_symlink():
            old.unlink()
        else:
            shutil.rmtree(old, ignore_errors=True)


def cached(paths: Sequence[Path], call: Call, compute: Callable[[], Any]) -> Any:
    """The answer to call for these graph files: from their cache where it holds one (kept
    there when computed, where it may be written), else compute()."""
    cache = open_cache(paths)
    return compute() if cache is None else cache.answer(call, compute)


def write_cache(
    folder: Path,
    answers: Callable[[], Iterable[tuple[Call, Any]]] | None = None,
    graph: str = "graph.ttl",
    store: bool = False,
) -> None:
    """A build's cache, written into its folder (before the build swaps it in, so the graph
    and its cache arrive together): key.json, the answers given and, with store, the store
    of a large graph. The build leaves the store to the first query that needs it: loading
    the 1000-plan corpus into an Oxigraph store on disk takes 35 s of CPU, against 111 s for
    the whole build; every query after it opens the store in milliseconds."""
    path = folder / graph
    root = folder / CACHE
    root.mkdir()
    cache = Cache(root, graph_key(path), writable=True)
    for call, value in answers() if answers else ():
        cache.keep(call, as_json(value))
    if store and path.stat().st_size >= STORE_BYTES:
        write_store(root, path)
    (root / "key.json").write_text(canonical(cache.key) + "\n", encoding="utf-8")
