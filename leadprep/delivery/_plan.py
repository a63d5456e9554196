"""Plan: validate a file and cut its valid rows into chunks, as they come.

The same plan serves ``upload`` (each chunk goes into the ledger before anything
is sent) and ``prepare`` (each chunk is written as a file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .._types import IntArray, distinct
from ..check import Context
from ..pipeline import run
from ..report import ChunkReport, Kept, Report
from ._chunk import Chunk, Chunker

#: Which group each row of a table of valid rows goes to (``prepare --split-by-timezone``).
Grouping = Callable[[Any], IntArray]


def plan_chunks(
    path: str | Path | Any,
    context: Context,
    report: Report,
    *,
    chunk_rows: int,
    max_bytes: int,
    errors_output: str | Path | None = None,
    progress: bool = False,
    keep: Kept | None = None,
) -> tuple[Iterator[Chunk], Callable[[], list[tuple[int, int]]]]:
    """Validate ``path`` and yield its chunks; the second value gives, afterwards, the
    rows too large for any part (source row, bytes)."""
    grouped, oversized = plan_groups(
        path,
        context,
        report,
        chunk_rows=chunk_rows,
        max_bytes=max_bytes,
        errors_output=errors_output,
        progress=progress,
        keep=keep,
    )
    return (chunk for _, chunk in grouped), oversized


def plan_groups(
    path: str | Path | Any,
    context: Context,
    report: Report,
    *,
    chunk_rows: int,
    max_bytes: int,
    errors_output: str | Path | None = None,
    progress: bool = False,
    grouping: Grouping | None = None,
    keep: Kept | None = None,
) -> tuple[Iterator[tuple[int, Chunk]], Callable[[], list[tuple[int, int]]]]:
    """:func:`plan_chunks`, the valid rows split by ``grouping`` (default: one group, 0):
    each group is cut into chunks of its own, numbered from 1; yields (group, chunk)."""
    chunkers: dict[int, Chunker] = {}

    def chunker(group: int) -> Chunker:
        if group not in chunkers:
            chunkers[group] = Chunker(report.columns, max_bytes=max_bytes, max_rows=chunk_rows)
        return chunkers[group]

    def chunks() -> Iterator[tuple[int, Chunk]]:
        import pyarrow as pa

        checked_batches = run(
            path, context, report, errors_output=errors_output, progress=progress, keep=keep
        )
        for checked in checked_batches:
            valid, rows = checked.valid, checked.valid_rows
            if grouping is None:
                yield from ((0, c) for c in chunker(0).add(valid, rows))
                continue
            groups = grouping(valid) if len(valid) else np.zeros(0, dtype=np.int64)
            for group in distinct(groups).tolist():
                mine = groups == group
                part = chunker(group).add(valid.filter(pa.array(mine)), rows[mine])
                yield from ((group, c) for c in part)
        for group, c in chunkers.items():
            yield from ((group, chunk) for chunk in c.finish())

    def oversized() -> list[tuple[int, int]]:
        return sorted(row for c in chunkers.values() for row in c.oversized)

    return chunks(), oversized


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
