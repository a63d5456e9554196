"""Arrow string arrays read through their buffers: each cell's byte length and
first byte, from the offsets, without a Python string, a compute kernel or a copy.

A batch asks these of every column (is a cell blank? too long? could it start a
formula?); a kernel per question scans the text, the offsets already say.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from ._types import IntArray, distinct


def _strings(arr: Any) -> Any:
    """``arr`` as a (large_)string array (a column of nulls may come typed as null)."""
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = arr.cast(pa.string())
    return arr


def _offsets(arr: Any) -> npt.NDArray[np.integer[Any]]:
    """The ``len(arr) + 1`` offsets of a (large_)string array, as they are."""
    import pyarrow as pa

    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    buffer = arr.buffers()[1]
    if buffer is None:  # (an empty array may have none)
        return np.zeros(len(arr) + 1, dtype=width)
    offsets: npt.NDArray[np.integer[Any]] = np.frombuffer(buffer, dtype=width)
    return offsets[arr.offset : arr.offset + len(arr) + 1]


def byte_lengths(arr: Any) -> IntArray:
    """Each cell's length in bytes (0 for a null)."""
    arr = _strings(arr)
    offsets = _offsets(arr)
    sizes: IntArray = np.diff(offsets).astype(np.int64, copy=False)
    if arr.null_count:
        sizes[~arr.is_valid().to_numpy(zero_copy_only=False)] = 0
    return sizes


def first_bytes(arr: Any, at: int = 0) -> npt.NDArray[np.uint8]:
    """Each cell's first byte — or its byte ``at`` — (0 for a cell shorter than
    that, or a null)."""
    arr = _strings(arr)
    offsets = _offsets(arr)
    sizes = byte_lengths(arr)
    out = np.zeros(len(arr), dtype=np.uint8)
    filled = np.flatnonzero(sizes > at)
    if len(filled):
        data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)
        out[filled] = data[offsets[:-1][filled] + at]
    return out


def rows_holding(arr: Any, byte: int) -> IntArray:
    """The cells (indices, ascending) whose text holds ``byte`` (an ASCII byte: in
    UTF-8 it is never part of another character), found in the text buffer at once
    rather than cell by cell."""
    arr = _strings(arr)
    offsets = _offsets(arr)
    if not len(arr) or offsets[-1] == offsets[0]:
        return np.zeros(0, dtype=np.int64)
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    hits = np.flatnonzero(data == byte) + offsets[0]
    cells = distinct(np.searchsorted(offsets, hits, side="right") - 1).astype(np.int64)
    if arr.null_count:  # (a null's bytes, if it has any, are not its text)
        cells = cells[arr.is_valid().to_numpy(zero_copy_only=False)[cells]]
    return cells


def digit_runs(arr: Any) -> IntArray:
    """Each cell's number of runs of ASCII digits (``(646) 408-0497``: 3; a null: 0),
    counted in the text buffer at once: a run starts at a digit that does not follow
    a digit of the same cell."""
    arr = _strings(arr)
    offsets = _offsets(arr)
    start, end = int(offsets[0]), int(offsets[-1])
    if start == end:
        return np.zeros(len(arr), dtype=np.int64)
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[start:end]
    digit = (data >= ord("0")) & (data <= ord("9"))
    starts = digit.copy()
    starts[1:] &= ~digit[:-1]
    firsts = (
        offsets[:-1][byte_lengths(arr) > 0] - start
    )  # (a cell's first byte follows no digit of its own)
    starts[firsts] = digit[firsts]
    counted = np.concatenate([[0], np.cumsum(starts, dtype=np.int64)])
    runs: IntArray = counted[offsets[1:] - start] - counted[offsets[:-1] - start]
    if arr.null_count:
        runs[~arr.is_valid().to_numpy(zero_copy_only=False)] = 0
    return runs
