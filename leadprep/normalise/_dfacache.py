"""Compiled digit DFAs kept between runs of the command line (see :mod:`leadprep._cache`).

Compiling a region's patterns (:meth:`DigitDFA.compile`, pure Python) is most of
what a run's first batch costs: ~0.07 s for the sixteen regions the first 20,000
rows of the benchmark's realistic list meet, on the critical path of every run,
and most of a small file's check. A DFA is a pure function of its pattern, so
the command line keeps them on disk, as Python keeps ``.pyc`` files:

* one ``.npz`` per version of this compiler, of phonenumbers and of leadprep
  (the name holds their digest: a new version never reads an old file), read with
  ``allow_pickle=False`` — arrays only — and checked for shape and range, so a
  damaged file is ignored (the patterns are compiled again), never trusted;
* written at the end of a run that compiled something new, atomically
  (:class:`~leadprep._paths.AtomicFile`; two runs at once: the last one's file
  wins, both whole); a folder that cannot be written leaves the run as it was.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .. import _cache
from .._exceptions import UsageError
from .._paths import AtomicFile

#: Between two patterns in the file (no pattern holds a line break).
_SEPARATOR = "\n"
#: ``(table, accept)`` of a compiled DFA, or ``None``: the compiler refused the pattern.
Compiled = tuple[npt.NDArray[np.int32], npt.NDArray[np.bool_]] | None


def _digest() -> str:
    """What the cached DFAs depend on: the compiler's and this module's source, and the
    versions of phonenumbers and leadprep."""
    import phonenumbers

    from .._version import __version__

    digest = hashlib.sha256(f"{phonenumbers.__version__}|{__version__}".encode())
    for source in ("_dfa.py", "_dfacache.py"):
        try:
            digest.update((Path(__file__).parent / source).read_bytes())
        except OSError:  # (installed without sources: the versions decide alone)
            digest.update(source.encode())
    return digest.hexdigest()[:16]


class DFACache:
    """The compiled DFAs of one folder: read at first use, written by :meth:`save`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / f"digit-dfas-{_digest()}.npz"
        self._known: dict[str, Compiled] | None = None
        self._new: dict[str, Compiled] = {}
        self._lock = threading.Lock()

    def get(self, pattern: str) -> tuple[bool, Compiled]:
        """``(found, compiled)`` for ``pattern``."""
        with self._lock:
            if self._known is None:
                self._known = _read(self.path)
            if pattern in self._known:
                return True, self._known[pattern]
            return (True, self._new[pattern]) if pattern in self._new else (False, None)

    def put(self, pattern: str, compiled: Compiled) -> None:
        if _SEPARATOR in pattern:
            return  # (none does; such a one is simply compiled each time)
        with self._lock:
            self._new[pattern] = compiled

    def save(self) -> bool:
        """Write what was compiled since the file was read (if anything); whether it was."""
        with self._lock:
            if not self._new:
                return False
            merged = {**(self._known or {}), **self._new}
            try:
                _write(self.path, merged)
            except (OSError, UsageError):  # (AtomicFile: a folder it cannot write in)
                return False  # a read-only or full disk: the next run compiles again
            self._known, self._new = merged, {}
            return True


def _read(path: Path) -> dict[str, Compiled]:
    """The DFAs in ``path``; nothing if it is missing, damaged or not what it claims."""
    try:
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
            text = bytes(data["patterns"]).decode("utf-8")
            patterns = text.split(_SEPARATOR) if text else []
            sizes = data["sizes"].astype(np.int64)
            tables = data["tables"].astype(np.int32)
            accept = data["accept"].astype(bool)
    except Exception:  # (missing, cut short, not a zip, wrong arrays: all the same here)
        return {}
    if (
        len(sizes) != len(patterns)
        or tables.ndim != 2
        or tables.shape[1:] != (10,)
        or len(accept) != len(tables)
        or int(np.maximum(sizes, 0).sum()) != len(tables)
    ):
        return {}
    known: dict[str, Compiled] = {}
    start = 0
    for pattern, size in zip(patterns, sizes.tolist(), strict=True):
        if size < 0:
            known[pattern] = None
            continue
        table = tables[start : start + size]
        if size < 2 or table.min() < 0 or table.max() >= size:
            return {}  # a state leading nowhere: not a file this module wrote
        known[pattern] = (table, accept[start : start + size])
        start += size
    return known


def _write(path: Path, known: dict[str, Compiled]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    patterns = list(known)
    compiled = [known[p] for p in patterns]
    sizes = np.array([-1 if c is None else len(c[0]) for c in compiled], dtype=np.int64)
    present = [c for c in compiled if c is not None]
    tables = np.concatenate([t for t, _ in present]) if present else np.zeros((0, 10), np.int32)
    accept = np.concatenate([a for _, a in present]) if present else np.zeros(0, bool)
    with AtomicFile(path) as tmp, tmp.open("wb") as fh:
        np.savez(
            fh,
            patterns=np.frombuffer(_SEPARATOR.join(patterns).encode("utf-8"), np.uint8),
            sizes=sizes,
            tables=tables,
            accept=accept,
        )


_active: DFACache | None = None
_creating = threading.Lock()


def active() -> DFACache | None:
    """The cache of the folder the command line chose, or ``None`` (the Python API)."""
    global _active
    folder = _cache.folder()
    if folder is None:
        return None
    with _creating:
        if _active is None or _active.folder != folder:
            _active = DFACache(folder)
            _cache.on_save(_active.save)
    return _active
