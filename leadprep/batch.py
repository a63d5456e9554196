"""Validation as functions over Arrow record batches, for engines that split the rows
(Dask, Spark, Ray, a warehouse's Python UDFs).

The pipeline's checks come in two parts, and so do these functions:

* :func:`check_batch` — every rule that looks at one row alone (the phone, its
  region, routes, placeholders, do-not-call lists, consent, calling hours…): a pure
  function of a record batch and the rows' numbers. Any worker, any order.
* :func:`mark_duplicates` — a number already on an earlier row: a second,
  key-based step over the first's output. Every row with the same E.164 key must
  be in one call (a shuffle on ``key`` does that), and the earliest row is kept.

Together they give each row the code and message ``leadprep.validate`` gives it for
the same rows. Whether the list is another country's is judged on its first numbers
(:class:`RegionCheck`: fed the first rows in file order, it refuses the list as
``leadprep.validate`` does); the rest of what needs the whole file is not here
(``no_valid_rows``, the report's counts). ``leadprep.dask`` runs all three on a Dask
DataFrame; the README shows Spark's ``mapInArrow`` doing the same.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from .check import Checker, Context
from .check.rules import DuplicatePhoneNumber
from .findings import Cell
from .normalise import ColumnChoice, plan_columns
from .read import text_batch
from .settings import (
    ALLOW_DUPLICATES,
    COLUMNS,
    CONSENT_COLUMN,
    DROP_COLUMNS,
    KEEP_HEADERS,
    PHONE_COLUMN,
    REGION_COLUMN,
    Settings,
)

if TYPE_CHECKING:
    import pyarrow as pa

#: The columns :func:`check_batch` returns, one row per input row.
RESULT_COLUMNS = ("row", "key", "phone_number", "code", "message", "ending")


def result_schema() -> pa.Schema:
    """``row`` (the source row), ``key`` (the E.164 number as an integer; 0: none),
    ``phone_number`` (E.164, or ``""``), ``code`` (``""``: the row goes out),
    ``message``, and ``ending``: what the row's messages end with (``""`` for most;
    `` (from column F 'Phone')`` for a number read from a second phone column) — for
    :func:`mark_duplicates`, whose messages end so too."""
    import pyarrow as pa

    return pa.schema(
        [
            ("row", pa.int64()),
            ("key", pa.int64()),
            ("phone_number", pa.string()),
            ("code", pa.string()),
            ("message", pa.string()),
            ("ending", pa.string()),
        ]
    )


def check_batch(batch: pa.RecordBatch, rows: Any, /, **keywords: Any) -> pa.RecordBatch:
    """The row-local checks of ``batch`` (its column names are the file's header; cells
    of any type, read as text as a pyarrow Table's are) at source rows ``rows``. The
    keywords are :func:`leadprep.validate`'s. Returns :func:`result_schema`'s columns,
    one row per input row; a blank row comes back with code ``"blank"``. Whether the
    list is another country's it does not judge (one batch cannot tell): run
    :class:`RegionCheck` on the list's first rows before it."""
    import pyarrow as pa

    header = [str(name) for name in batch.schema.names]
    checker, lock = _checker(tuple(header), Settings.from_keywords("validate", keywords))
    numbers = np.asarray(rows, dtype=np.int64)
    read = text_batch([batch.column(i) for i in range(len(header))], numbers, header)
    out = {
        "row": numbers,
        "key": np.zeros(len(numbers), dtype=np.int64),
        "phone_number": np.full(len(numbers), "", dtype=object),
        "code": np.full(len(numbers), "blank", dtype=object),
        "message": np.full(len(numbers), "", dtype=object),
        "ending": np.full(len(numbers), "", dtype=object),
    }
    if read is not None:
        with lock:  # (a checker keeps a little state across batches: one batch at a time)
            _fill(out, checker, read)
    return pa.RecordBatch.from_pydict(
        {name: out[name] for name in RESULT_COLUMNS}, schema=result_schema()
    )


class RegionCheck:
    """Is the list another country's? Judged as :func:`leadprep.validate` judges it,
    on its first 400 numbers written without a country code: :meth:`add` the list's
    first rows in file order until it says it has seen enough (or the list ends),
    then :meth:`check` — which refuses another country's list with the
    ``region_mismatch`` :class:`~leadprep.FileRejected` validate gives, unless the
    region was given (then the list is read as that region, as there)."""

    def __init__(self, **keywords: Any) -> None:
        self._settings = Settings.from_keywords("validate", keywords)
        self._checker: Checker | None = None
        self._rows = 2  # (the header is row 1)

    def add(self, rows: pa.Table | pa.RecordBatch) -> bool:
        """Look at the next rows; ``True`` once the judgement needs no more."""
        import pyarrow as pa

        table = pa.Table.from_batches([rows]) if isinstance(rows, pa.RecordBatch) else rows
        header = tuple(str(name) for name in table.schema.names)
        if self._checker is None:  # (its own: the region watch keeps what it has seen)
            self._checker = _made(header, self._settings)
        numbers = np.arange(self._rows, self._rows + table.num_rows, dtype=np.int64)
        self._rows += table.num_rows
        columns = [table.column(i).combine_chunks() for i in range(len(header))]
        read = text_batch(columns, numbers, list(header))
        if read is not None:
            self._checker.finish(self._checker.prepare(read))
        return self._checker.region_sampled()

    def check(self) -> None:
        """Refuse the list if it is another country's (:class:`~leadprep.FileRejected`)."""
        if self._checker is not None:
            self._checker.file_findings()


def _fill(out: dict[str, Any], checker: Checker, read: Any) -> None:
    """The checked rows' answers, put at their places in ``out``."""
    lot = checker.prepare(read)
    checked = checker.finish(lot)
    at = np.searchsorted(out["row"], read.rows)  # (rows come in ascending order)
    left_out = checked.findings[0]
    from .normalise import e164_text

    out["key"][at] = lot.key
    out["phone_number"][at] = e164_text(lot.key)
    out["code"][at] = ""
    out["ending"][at] = checker.endings(lot, np.arange(len(lot)))
    if len(left_out):
        where = np.searchsorted(out["row"], left_out.row)
        out["code"][where] = left_out.code
        everyone = np.arange(len(left_out))
        out["message"][where] = left_out.describe.written(everyone, len(left_out))
        out["phone_number"][where] = ""


#: Checkers made so far, by header and settings (a worker reads the do-not-call lists
#: and the telephony config once, not once a batch).
_CHECKERS: dict[tuple[tuple[str, ...], str], tuple[Checker, threading.Lock]] = {}
_MADE = threading.Lock()


def _checker(header: tuple[str, ...], settings: Settings) -> tuple[Checker, threading.Lock]:
    """The checker of ``header`` and ``settings``, without the in-order duplicates rule."""
    key = (header, settings.fingerprint())
    with _MADE:
        if key not in _CHECKERS:
            if len(_CHECKERS) >= 16:
                _CHECKERS.clear()
            _CHECKERS[key] = (_made(header, settings), threading.Lock())
        return _CHECKERS[key]


def _made(header: tuple[str, ...], settings: Settings) -> Checker:
    row_local = settings.with_values({ALLOW_DUPLICATES: True})
    context = Context.load(row_local)
    phone: tuple[str, ...] = row_local[PHONE_COLUMN]
    keep: tuple[str, ...] = row_local[COLUMNS]
    drop: tuple[str, ...] = row_local[DROP_COLUMNS]
    plan = plan_columns(
        list(header),
        keep_headers=row_local[KEEP_HEADERS],
        choice=ColumnChoice(
            phone=list(phone) or None,
            keep=list(keep) or None,
            drop=list(drop) or None,
            region=row_local[REGION_COLUMN],
            default_region=context.region,
            consent=row_local[CONSENT_COLUMN],
        ),
    )
    return Checker(plan=plan, context=context)


def mark_duplicates(results: pa.Table | pa.RecordBatch, /) -> pa.Table:
    """:func:`check_batch`'s output with repeats marked: a row going out whose ``key`` a
    lower row number also has gets ``duplicate_phone_number``, naming that row, as the
    pipeline does. All rows of a key must be in ``results``."""
    import pyarrow as pa

    table = pa.Table.from_batches([results]) if isinstance(results, pa.RecordBatch) else results
    row = table.column("row").to_numpy()
    key = table.column("key").to_numpy()
    code = table.column("code").to_numpy(zero_copy_only=False).astype(object)
    message = table.column("message").to_numpy(zero_copy_only=False).astype(object)
    phone = table.column("phone_number").to_numpy(zero_copy_only=False).astype(object)
    ending = table.column("ending").to_numpy(zero_copy_only=False).astype(object)
    going = np.flatnonzero((code == "") & (key > 0))
    order = going[np.lexsort((row[going], key[going]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    kept_row = row[order][np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))]
    repeat = order[~first]
    for i, kept in zip(repeat.tolist(), kept_row[~first].tolist(), strict=True):
        e164 = phone[i]
        code[i] = DuplicatePhoneNumber.code
        message[i] = DuplicatePhoneNumber.describe(Cell("", str(kept), e164, ""), None) + ending[i]
        phone[i] = ""
    return pa.Table.from_pydict(
        {
            "row": row,
            "key": key,
            "phone_number": pa.array(phone, pa.string()),
            "code": pa.array(code, pa.string()),
            "message": pa.array(message, pa.string()),
            "ending": pa.array(ending, pa.string()),
        },
        schema=result_schema(),
    )
