"""XLSX through python-calamine: open a sheet now, or start opening it early.

Calamine parses a whole sheet before it gives the first row, in Rust, with the
GIL released. :func:`preload` starts that on a thread of its own as soon as the
command line is parsed, so it runs on the second core while the interpreter is
still importing NumPy and pyarrow; :class:`~leadprep.read._excel.XlsxSource` then
:func:`take` s the opened sheet instead of opening it again. This module
imports nothing heavy, so starting early costs nothing.

The guard (:func:`~leadprep.read._guard.check_xlsx_container`) runs first, on the
calling thread: calamine may start only on a file it passed. (Its scan of a
million-row sheet, ~0.5 s, inflates and searches without the interpreter's lock, but
imports pyarrow for the search: on the calling thread, so no import of pyarrow ever
races another.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._exceptions import UsageError
from ..findings import UnreadableFile
from ._guard import check_xlsx_container, opening, streams_best

ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class OpenedSheet:
    """A workbook parsed by calamine and its chosen sheet."""

    workbook: Any
    name: str
    sheet: Any

    def close(self) -> None:
        self.workbook.close()


def pick_sheet(names: list[str], wanted: str | None) -> str:
    """``wanted``, or the first sheet; a missing name is the user's mistake."""
    if not names:
        raise UnreadableFile.reject(
            "the workbook has no worksheets", hint="export a sheet with leads"
        )
    if wanted is None:
        return names[0]
    if wanted not in names:
        raise UsageError(
            f"no sheet named {wanted!r}",
            hint="the workbook's sheets are: " + ", ".join(repr(n) for n in names),
        )
    return wanted


def open_sheet(
    path: Path, sheet: str | None, *, guard: Callable[[Path], None] = check_xlsx_container
) -> OpenedSheet:
    """Guard ``path`` against hostile containers, then parse ``sheet`` with calamine."""
    guard(path)
    from python_calamine import CalamineWorkbook

    with opening(None):  # calamine's CalamineError, XmlError, ZipError…
        # By path, not a Python file object: calamine then reads without the GIL.
        # (It judges the format by content, so an XLSX named .csv still opens.)
        workbook = CalamineWorkbook.from_path(str(path))
        with opening(workbook.close):
            name = pick_sheet(list(workbook.sheet_names), sheet)
            return OpenedSheet(workbook, name, workbook.get_sheet_by_name(name))


_started: dict[tuple[Path, str | None], Future[OpenedSheet]] = {}


def preload(path: str | Path, sheet: str | None) -> None:
    """If ``path`` is an XLSX, guard it, then start parsing it on a thread; else do nothing.

    Errors (the guard's too) are kept for :func:`take`, which raises them where the file is opened
    for real, so the outcome is the same as without preloading."""
    path = Path(path)
    if not path.is_file():  # a FIFO would block right here; the reader will refuse it
        return
    try:
        with path.open("rb") as fh:
            if fh.read(4) != ZIP_MAGIC:
                return
        if streams_best(path):  # too large to load whole: the reader streams it
            return
        key = (path.resolve(), sheet)
    except OSError:
        return
    future: Future[OpenedSheet] = Future()
    _started[key] = future
    try:
        check_xlsx_container(path)
    except BaseException as exc:  # handed over by take()
        future.set_exception(exc)
        return

    def run() -> None:
        try:
            future.set_result(open_sheet(path, sheet, guard=_checked))
        except BaseException as exc:  # handed over by take()
            future.set_exception(exc)

    threading.Thread(target=run, name="calamine", daemon=True).start()


def _checked(path: Path) -> None:
    """The guard, already run by :func:`preload`."""


def take(path: Path, sheet: str | None) -> OpenedSheet | None:
    """The sheet :func:`preload` opened for ``path``, or ``None`` if it was not asked."""
    try:
        future = _started.pop((path.resolve(), sheet), None)
    except OSError:
        return None
    return future.result() if future is not None else None
