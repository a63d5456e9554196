"""Plan: validate a file and cut its valid rows into chunks, as they come.

The same plan serves ``upload`` (each chunk goes into the ledger before anything
is sent) and ``prepare`` (each chunk is written as a file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..check import Context
from ..pipeline import run
from ..report import ChunkReport, Report
from ._chunk import Chunk, Chunker


def plan_chunks(
    path: str | Path | Any,
    context: Context,
    report: Report,
    *,
    chunk_rows: int,
    max_bytes: int,
    errors_output: str | Path | None = None,
    progress: bool = False,
) -> tuple[Iterator[Chunk], Callable[[], list[tuple[int, int]]]]:
    """Validate ``path`` and yield its chunks; the second value gives, afterwards, the
    rows too large for any part (source row, bytes)."""
    holder: dict[str, Chunker] = {}

    def chunks() -> Iterator[Chunk]:
        for checked in run(path, context, report, errors_output=errors_output, progress=progress):
            if "c" not in holder:
                holder["c"] = Chunker(report.columns, max_bytes=max_bytes, max_rows=chunk_rows)
            yield from holder["c"].add(checked.valid, checked.valid_rows)
        if "c" in holder:
            yield from holder["c"].finish()

    return chunks(), lambda: holder["c"].oversized if "c" in holder else []


def planned_report(chunk: Chunk) -> ChunkReport:
    """A chunk as a plan shows it (nothing sent)."""
    return ChunkReport(
        index=chunk.index,
        rows=chunk.n_rows,
        first_row=chunk.first_row,
        last_row=chunk.last_row,
        bytes=chunk.size,
        attempts=0,
        status="planned",
    )
