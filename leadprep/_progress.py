"""Progress display: a rich bar on a terminal for big files, silence otherwise."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

#: Below this many bytes a file validates in a blink; no bar.
BAR_MIN_BYTES = 5_000_000


class Progress:
    """``with Progress(total_bytes, enabled) as p: p.update(rows, bytes)``.

    Enabled only when asked *and* stderr is a terminal *and* the file is big
    (about 100k rows and up), so cron mails and pipes never see control codes.
    """

    def __init__(self, total_bytes: int, *, enabled: bool, label: str = "validating") -> None:
        self.total = total_bytes
        self.label = label
        self.active = enabled and total_bytes >= BAR_MIN_BYTES and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.active:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TextColumn("{task.fields[rows]:>12,} rows"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total, rows=0)
        return self

    def update(self, rows: int, bytes_done: int | None) -> None:
        if self._bar is not None:
            fields: dict[str, Any] = {"rows": rows}
            if bytes_done is not None:
                fields["completed"] = bytes_done
            self._bar.update(self._task, **fields)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)


class UploadProgress:
    """Rows and chunks sent: a rich bar on a terminal, plain log lines otherwise."""

    def __init__(
        self,
        *,
        total_rows: int,
        total_chunks: int,
        enabled: bool,
        log: Any,
    ) -> None:
        self.total_rows = total_rows
        self.total_chunks = total_chunks
        self.rows = 0
        self.chunks = 0
        self.log = log
        self.active = enabled and sys.stderr.isatty() and total_chunks > 1
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> UploadProgress:
        if self.active:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("uploading"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("rows · {task.fields[chunks]} chunks"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(
                "upload", total=self.total_rows, chunks=f"0/{self.total_chunks}"
            )
        return self

    def advance(self, rows: int, chunks: int) -> None:
        self.rows += rows
        self.chunks += chunks
        if self._bar is not None:
            self._bar.update(
                self._task, completed=self.rows, chunks=f"{self.chunks}/{self.total_chunks}"
            )
        elif chunks:
            self.log(f"progress: {self.chunks}/{self.total_chunks} chunks, {self.rows:,} rows")

    def __exit__(self, *exc: Any) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
