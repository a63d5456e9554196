"""Data that is already a table: a pandas DataFrame, a pyarrow Table, a Parquet file.

A notebook or an Airflow task holds a DataFrame; writing it to CSV only to have
it read back is a step where rows get lost. These sources give the same batches
the file readers give — every cell as text, the header as row 1, the first data
row as row 2 — so the report is the one the CSV of the same data would get:

* a **DataFrame**'s cells are the text ``DataFrame.to_csv`` writes (pandas'
  own formatting, batch by batch: ``9876543210.0`` for a float column, which
  the phone check then recovers with a ``phone_recovered`` warning);
* a **pyarrow Table** or **Parquet** file's cells are Arrow's cast to string,
  the text ``pyarrow.csv.write_csv`` writes (``9876543210`` for a float).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .._exceptions import UsageError
from ..findings import UnreadableFile, UnsupportedFormat
from ._batch import Batch, batch_from_arrow

#: Widest table accepted: Excel's own limit.
MAX_COLUMNS = 16_384


def is_data(source: object) -> bool:
    """Is ``source`` a DataFrame or a pyarrow Table (rather than a path)?"""
    kind = type(source)
    return (kind.__module__.startswith("pandas") and kind.__name__ == "DataFrame") or (
        kind.__module__.startswith("pyarrow") and kind.__name__ == "Table"
    )


def describe(source: object) -> str:
    """How a report names an input: its path, or ``<DataFrame: 3 rows × 5 columns>``."""
    if not is_data(source):
        return str(source)
    rows, cols = source.shape  # type: ignore[attr-defined]  # both kinds have .shape
    return f"<{type(source).__name__}: {rows:,} rows × {cols} columns>"


def content_sha256(source: object) -> str:
    """A digest of a DataFrame's or Table's content: what a file's SHA-256 is to a file
    (the ledger tells one run's input from another's by it)."""
    import pyarrow as pa

    digest = hashlib.sha256()
    table = source if isinstance(source, pa.Table) else _pandas_as_arrow(source)
    with pa.ipc.new_stream(_Hashing(digest), table.schema) as writer:
        writer.write_table(table)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """A write-only stream that feeds a digest."""

    def __init__(self, digest: Any) -> None:
        self._digest = digest

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._digest.update(data)
        return len(memoryview(data))


def _pandas_as_arrow(frame: Any) -> Any:
    import pyarrow as pa

    frame = frame.copy(deep=False)
    frame.columns = [str(c) for c in frame.columns]
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):  # mixed objects: hash their text
        return pa.Table.from_pandas(frame.astype(str), preserve_index=False)


class _DataSource:
    """Shared: a header from column names, batches numbered from row 2."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row = 1

    def __init__(self, header: list[str], batch_rows: int, header_row: int | None) -> None:
        if header_row not in (None, 1):
            raise UsageError(
                f"--header-row {header_row} does not apply to a table: its column names "
                "are its header",
                hint="leave --header-row out",
            )
        if len(header) > MAX_COLUMNS:
            raise UnreadableFile.reject(
                f"{len(header):,} columns; a lead list has at most {MAX_COLUMNS:,}",
                hint="pass the lead columns only",
            )
        self.header = header
        self.batch_rows = batch_rows
        self.skipped_above: list[tuple[int, str]] = []
        self._next_row = 2

    def _batch(self, columns: list[Any]) -> Batch | None:
        import pyarrow.compute as pc

        from ._text import WHITESPACE

        n = len(columns[0]) if columns else 0
        rows = np.arange(self._next_row, self._next_row + n, dtype=np.int64)
        self._next_row += n
        trimmed = [pc.utf8_trim(c, characters=WHITESPACE) for c in columns]
        return batch_from_arrow(trimmed, rows, self.header)

    def close(self) -> None:
        return None


class DataFrameSource(_DataSource):
    """A pandas DataFrame, its cells as ``to_csv`` writes them."""

    format = "dataframe"

    def __init__(self, frame: Any, *, batch_rows: int, header_row: int | None = None) -> None:
        super().__init__([str(c) for c in frame.columns], batch_rows, header_row)
        self._frame = frame

    def batches(self) -> Iterator[Batch]:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        width = len(self.header)
        names = [f"c{i}" for i in range(width)]
        for start in range(0, len(self._frame), self.batch_rows):
            part = self._frame.iloc[start : start + self.batch_rows]
            text = part.to_csv(index=False, header=False, lineterminator="\n")
            table = pacsv.read_csv(
                io.BytesIO(text.encode("utf-8")),
                read_options=pacsv.ReadOptions(column_names=names),
                parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            batch = self._batch([table.column(i).combine_chunks() for i in range(width)])
            if batch is not None:
                yield batch


class ArrowTableSource(_DataSource):
    """A pyarrow Table, or a Parquet file read row group by row group."""

    format = "table"

    def __init__(self, table: Any, *, batch_rows: int, header_row: int | None = None) -> None:
        super().__init__(list(table.column_names), batch_rows, header_row)
        self._batches: Any = table.to_batches(max_chunksize=batch_rows)
        _check_types(table.schema)

    def batches(self) -> Iterator[Batch]:
        for record_batch in self._batches:
            batch = self._batch([_as_text(record_batch.column(i)) for i in range(len(self.header))])
            if batch is not None:
                yield batch


class ParquetSource(ArrowTableSource):
    format = "parquet"

    def __init__(self, path: Path, *, batch_rows: int, header_row: int | None = None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            self._file = pq.ParquetFile(path)
            schema = self._file.schema_arrow
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise UnreadableFile.reject(
                f"the Parquet file cannot be read: {exc}", hint="write the file again"
            ) from exc
        _DataSource.__init__(self, list(schema.names), batch_rows, header_row)
        _check_types(schema)
        self._batches = _guarded(self._file.iter_batches(batch_size=batch_rows))

    def close(self) -> None:
        self._file.close()


def _guarded(batches: Iterator[Any]) -> Iterator[Any]:
    import pyarrow as pa

    try:
        yield from batches
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise UnreadableFile.reject(
            f"the Parquet file is damaged: {exc}", hint="write the file again"
        ) from exc


def _check_types(schema: Any) -> None:
    """Refuse columns that hold no text a person could read as one cell."""
    import pyarrow as pa

    for field in schema:
        kind = field.type
        if pa.types.is_nested(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            raise UnsupportedFormat.reject(
                f"column {field.name!r} holds {kind}, not values a lead list has",
                hint="flatten or drop the column first",
            )


def text_batch(columns: list[Any], rows: Any, header: list[str]) -> Batch | None:
    """Arrow columns of any type at source ``rows`` → a :class:`Batch` of trimmed text,
    as a pyarrow Table's rows are read (:mod:`leadprep.batch` checks one this way)."""
    import pyarrow.compute as pc

    from ._text import WHITESPACE

    trimmed = [pc.utf8_trim(_as_text(c), characters=WHITESPACE) for c in columns]
    return batch_from_arrow(trimmed, np.asarray(rows, dtype=np.int64), header)


def _as_text(column: Any) -> Any:
    """An Arrow column as text, as ``pyarrow.csv.write_csv`` writes it; null → ``""``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    try:
        text = pc.cast(column, pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid) as exc:
        raise UnsupportedFormat.reject(
            f"a column of type {column.type} cannot be read as text: {exc}",
            hint="convert the column to text first",
        ) from exc
    return pc.fill_null(text, "")


__all__ = [
    "ArrowTableSource",
    "DataFrameSource",
    "ParquetSource",
    "content_sha256",
    "describe",
    "is_data",
]
