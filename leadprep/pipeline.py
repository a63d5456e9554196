"""The validation pipeline: read → normalise → check → report (→ outputs).

:func:`validate` is the Python API behind ``leadprep validate``; it streams the
file batch by batch, so memory stays flat however long the file is, and always
returns a :class:`Report` — a rejected file gives a report holding its
file-level error rather than an exception. Only misuse (a bad option, config,
suppression list or sheet name) raises :class:`UsageError`.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Generator, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ._exceptions import FileRejected, InputNotFound, InputNotReadable
from ._paths import check_outputs
from ._progress import Progress
from .check import Checked, Checker, Context, Lot
from .dialnexa import MAX_FILE_BYTES
from .findings import (
    EmptyFile,
    FileTooLarge,
    Finding,
    FormatMismatch,
    HeaderRowDetected,
    NoDataRows,
    NoEnabledCountries,
    NoValidRows,
    PromptVariableMissing,
    SuppressionListStale,
)
from .normalise import (
    ColumnChoice,
    ColumnPlan,
    normalise_header,
    plan_columns,
    suggested_columns,
)
from .read import Batch, Table, arrow_column, describe, open_table
from .report import Kept, Report, Result, row_ranges
from .settings import (
    COLUMNS,
    CONSENT_COLUMN,
    DROP_COLUMNS,
    ERRORS_OUTPUT,
    HEADER_ROW,
    KEEP_HEADERS,
    ONLY_PROMPT_COLUMNS,
    OUTPUT,
    PHONE_COLUMN,
    REGION_COLUMN,
    SHEET,
    SUPPRESS_MAX_AGE,
    Settings,
)
from .write import CleanCsvWriter, ErrorsWriter


def validate(
    source: str | Path | Any,
    /,
    *,
    progress: bool = False,
    batch_rows: int = 50_000,
    **keywords: Any,
) -> Result[Report]:
    """Validate ``source``; return its :class:`Result` (``.valid`` and ``.errors``
    DataFrames, ``.report`` the JSON report, and the :class:`Report`'s attributes).

    ``source`` is a path, or a pandas DataFrame or pyarrow Table (header row 1, data
    from row 2, cells as the CSV of the same data would hold them). The keywords
    are the options of ``leadprep validate`` by their Python names
    (:data:`leadprep.settings.REGISTRY`): ``phone_column`` (a header or letter; a
    list or ``"A,B"`` gives fallbacks), ``default_region``, ``telephony_config``
    (path, dict or :class:`TelephonyConfig`), ``suppress``, ``prompt``,
    ``columns`` / ``drop_columns``, ``header_row``, ``output`` (the clean CSV),
    ``errors_output`` (the bad rows, ``.csv`` or ``.xlsx``)…
    """
    settings = Settings.from_keywords("validate", keywords)
    must_exist(source)
    kept = Kept()
    report = validate_with(source, settings, progress=progress, batch_rows=batch_rows, keep=kept)
    return Result(report, kept, source)


def must_exist(source: str | Path | Any) -> None:
    """A path that is not there, or not readable, raises the built-in's leadprep twin
    (:class:`InputNotFound`, a :class:`FileNotFoundError`) — from Python, never a report."""
    if not isinstance(source, str | os.PathLike):
        return
    path = Path(source)
    if not path.exists():
        raise InputNotFound(f"{path} does not exist", hint="check the path")
    if not os.access(path, os.R_OK):
        raise InputNotReadable(
            f"{path} cannot be read (permission denied)", hint="check its permissions"
        )


def validate_with(
    source: str | Path | Any,
    settings: Settings,
    *,
    progress: bool = False,
    batch_rows: int = 50_000,
    keep: Kept | None = None,
) -> Report:
    """:func:`validate`, for settings already gathered (the command line's); ``keep``
    collects the rows for a Python :class:`Result`."""
    check_outputs(inputs_of(source, settings), settings.files("writes"))
    context = Context.load(settings)
    report = Report(file=describe(source), default_region=context.region)
    started = time.perf_counter()
    for _ in run(
        source,
        context,
        report,
        output=settings[OUTPUT],
        errors_output=settings[ERRORS_OUTPUT],
        progress=progress,
        batch_rows=batch_rows,
        keep=keep,
    ):
        pass
    report.duration_s = time.perf_counter() - started
    return report


def inputs_of(source: str | Path | Any, settings: Settings) -> dict[str, Path]:
    """The files a run reads, by the names the user gave them (outputs must avoid them)."""
    named = {"FILE": Path(source)} if isinstance(source, str | os.PathLike) else {}
    return {**named, **settings.files("reads")}


def run(
    path: str | Path | Any,
    context: Context,
    report: Report,
    *,
    output: str | Path | None = None,
    errors_output: str | Path | None = None,
    progress: bool = False,
    batch_rows: int = 50_000,
    keep: Kept | None = None,
) -> Iterator[Checked]:
    """Stream ``path`` through the checks, filling ``report``; yield each checked batch.

    The generator form lets ``upload`` and ``prepare`` consume valid rows as they
    come. A file-level problem ends the stream with the finding in ``report``.
    """
    settings = context.settings
    writers = _Writers(output, errors_output)
    report.suppression_lists = context.suppression_records
    _load_arrow()
    try:
        with contextlib.ExitStack() as stack:
            table = stack.enter_context(
                open_table(
                    path,
                    sheet=settings[SHEET],
                    batch_rows=batch_rows,
                    header_row=settings[HEADER_ROW],
                )
            )
            _describe(table, report)
            _check_lists(context)
            # Reading starts now, in a thread of its own, while the plan is made.
            ahead = stack.enter_context(contextlib.closing(_ReadAhead(table.batches())))
            sample = FirstBatch(ahead)
            plan = _plan(table, context, sample, report)
            checker = Checker(plan=plan, context=context, write_ahead=errors_output is not None)
            writers.open(plan)
            pipeline = contextlib.closing(_checked_in_order(checker, sample.all_batches()))
            with Progress(table.size, enabled=progress) as bar, pipeline as checked_batches:
                for checked in checked_batches:
                    writers.write(checked)  # (first: the report keeps the messages it wrote)
                    _count(report, checked)
                    if keep is not None:
                        keep.add(checked, plan.original)
                    bar.update(report.rows_total, table.bytes_read())
                    yield checked
            report.profile.region = checker.region_decision()
            report.add(checker.file_findings())
            if report.rows_total == 0:
                raise NoDataRows.reject(
                    f"the file has a header (row {table.header_row}) but no data rows",
                    hint="check the export's filters",
                )
    except FileRejected as exc:
        report.profile.finish()
        writers.discard()
        report.reject(Finding(code=exc.code, message=exc.message, hint=exc.hint, level="file"))
        report.fix = exc.fix
        return
    except BaseException:
        writers.discard()
        raise
    report.profile.finish()
    if report.rows_valid == 0 and report.rows_invalid and not report.rows_skipped:
        report.add([_nothing_valid(report)])
        writers.discard(clean_only=True)  # (the errors file is what gets fixed)
    writers.commit(report)


def _nothing_valid(report: Report) -> Finding:
    """``no_valid_rows``: every data row has an error (the rows' own findings stay, and
    the errors file is written: it is what the user fixes)."""
    errors = sorted(
        ((n, code) for code, n in report.counts.items() if report.severity_of(code) == "error"),
        reverse=True,
    )
    listed = ", ".join(f"{n:,} {code}" for n, code in errors[:4])
    first = next((f for f in report.errors if f.row is not None), None)
    example = f" ({first.message})" if first is not None else ""
    return NoValidRows.finding(
        detail=f"not one of the {report.rows_total:,} data rows can be uploaded: {listed}{example}",
        level="file",
    )


def _check_lists(context: Context) -> None:
    """``suppression_list_stale``: a do-not-call list older than --suppress-max-age."""
    stale = context.stale_lists()
    if stale:
        days = context.settings[SUPPRESS_MAX_AGE]
        named = "; ".join(f"{r['path']} changed {r['age_days']:g} days ago" for r in stale)
        raise SuppressionListStale.reject(
            f"{named}: older than --suppress-max-age {days}",
            hint="download the do-not-call list again (or pass the current one), then run again",
        )


def _plan(table: Table, context: Context, sample: FirstBatch, report: Report) -> ColumnPlan:
    """Which columns go out, under which names, and where the phone is (or the refusal)."""
    settings = context.settings
    prompt_vars = list(context.prompt_variables)
    phone: tuple[str, ...] = settings[PHONE_COLUMN]
    keep: tuple[str, ...] = settings[COLUMNS]
    drop: tuple[str, ...] = settings[DROP_COLUMNS]
    plan = plan_columns(
        table.header,
        header_row=table.header_row,
        keep_headers=settings[KEEP_HEADERS],
        choice=ColumnChoice(
            phone=list(phone) or None,
            keep=list(keep) or None,
            drop=list(drop) or None,
            prompt_only=prompt_vars if settings[ONLY_PROMPT_COLUMNS] else None,
            prompt_variables=prompt_vars,
            region=settings[REGION_COLUMN],
            consent=settings[CONSENT_COLUMN],
            default_region=context.region,
        ),
        sample=sample,
    )
    report.columns = plan.columns
    report.phone_column = suggested_columns(plan.phone_positions, plan.original)
    report.add(plan.findings)
    if not context.routes.has_enabled_countries:
        raise NoEnabledCountries.reject(
            "the telephony config enables no network group, so no number can be called",
            hint="enable at least one network group",
        )
    report.add(_prompt_findings(prompt_vars, plan))
    return plan


def _count(report: Report, checked: Checked) -> None:
    """Add a checked batch's rows and findings to ``report``."""
    report.rows_total += checked.n_rows
    report.rows_valid += len(checked.valid)
    report.rows_invalid += checked.n_invalid
    report.rows_skipped += checked.n_skipped
    report.profile.add(checked.filled, checked.codes, checked.keys)
    for block in checked.findings:
        report.add_rows(block)


class _Writers:
    """The clean CSV and the errors file of a run: written as batches come, put in
    place only when the whole file was read (else removed)."""

    def __init__(self, output: str | Path | None, errors_output: str | Path | None) -> None:
        self.output, self.errors_output = output, errors_output
        self.clean: CleanCsvWriter | None = None
        self.errors: ErrorsWriter | None = None

    def open(self, plan: ColumnPlan) -> None:
        self.clean = CleanCsvWriter(self.output, plan.columns) if self.output else None
        self.errors = ErrorsWriter(self.errors_output, plan) if self.errors_output else None

    def write(self, checked: Checked) -> None:
        if self.clean is not None:
            self.clean.write(checked.valid)
        if self.errors is not None:
            self.errors.write(checked.rejected, checked.rejected_lines)

    def discard(self, *, clean_only: bool = False) -> None:
        for writer in (self.clean, None if clean_only else self.errors):
            if writer is not None:
                writer.discard()
        if clean_only:
            self.clean, self.output = None, None

    def commit(self, report: Report) -> None:
        for writer in (self.clean, self.errors):
            if writer is not None:
                writer.commit()
        if self.output:
            report.outputs["clean"] = str(self.output)
        if self.errors_output:
            report.outputs["errors"] = str(self.errors_output)


def _load_arrow() -> None:
    """Import pyarrow here, on the calling thread, before the reader and checkers start.

    The stages import pyarrow where they first need it (``leadprep --help`` never
    loads it), which would be on those threads. But pyarrow's modules import each
    other (``pyarrow`` ↔ ``pyarrow.lib``), and when two threads import them for the
    first time at once, Python's import locks can hand one thread the other's
    half-made module: ``ImportError: cannot import name 'BuildInfo' from partially
    initialized module 'pyarrow.lib'`` (seen once in a benchmark run, cold start)."""
    for module in ("pyarrow.compute", "pyarrow.csv"):  # (csv: the reader's and writer's)
        importlib.import_module(module)


#: Batches checked ahead of the one being finished (bounds memory to a few batches).
LOOKAHEAD = 2
#: Two workers measured faster than one (bench/run.py), GIL contention and all.
WORKERS = 2


def _checked_in_order(checker: Checker, batches: Iterator[Batch]) -> Generator[Checked, None, None]:
    """Check and finish batches as a pipeline; yield them in file order.

    While a reader thread parses the next batches (``batches``, read ahead),
    two workers run the order-free rules (NumPy/pyarrow, which release the GIL)
    and this thread finishes each batch in order: duplicates are still decided
    strictly in file order, and at most ``LOOKAHEAD`` + 2 batches are in memory
    at once.
    """
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="check") as pool:
        pending: deque[Future[Lot]] = deque()
        for batch in batches:
            pending.append(pool.submit(checker.prepare, batch))
            if len(pending) > LOOKAHEAD:
                yield checker.finish(pending.popleft().result())
        while pending:
            yield checker.finish(pending.popleft().result())


T = TypeVar("T")
_DONE = object()


class _ReadAhead(Iterator[T]):
    """``batches``, read by a thread of its own up to ``depth`` batches ahead, from now.

    An error in the reader (a file rejected mid-way) is raised here, at the
    batch where it happened; :meth:`close` (or leaving early) stops the reader."""

    def __init__(self, batches: Iterator[T], depth: int = 1) -> None:
        self._ahead: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._done = False
        self._batches = batches
        self._reader = threading.Thread(target=self._read, name="read", daemon=True)
        self._reader.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._ahead.put(item, timeout=0.1)
            except queue.Full:
                continue
            else:
                return True
        return False

    def _read(self) -> None:
        try:
            for batch in self._batches:
                if not self._put(batch):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(exc)
            return
        self._put(_DONE)

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        item = self._ahead.get()
        if item is _DONE:
            self.close()
            raise StopIteration
        if isinstance(item, BaseException):
            self.close()
            raise item
        batch: T = item
        return batch

    def close(self) -> None:
        """Stop reading (the reader finishes the batch it is on)."""
        self._done = True
        self._stop.set()
        self._reader.join()


def _describe(table: Table, report: Report) -> None:
    """Record what the file is; warn where the extension or size disagree."""
    report.format = table.format
    report.encoding = table.source.encoding
    report.delimiter = table.source.delimiter
    report.sheet = table.source.sheet
    claimed = table.extension_format
    if claimed is not None and claimed != table.format:
        report.add(
            [
                FormatMismatch.finding(
                    value=table.path.name,
                    suffix=table.path.suffix,
                    actual=table.format.upper(),
                )
            ]
        )
    if table.size > MAX_FILE_BYTES:
        report.add([FileTooLarge.finding(size=table.size)])
    if not table.header:
        raise EmptyFile.reject(
            "the file holds no cells with data", hint="check the export wrote data"
        )
    report.header_row = table.header_row
    if table.skipped_above:
        (_, first_text), n = table.skipped_above[0], len(table.skipped_above)
        report.add(
            [
                HeaderRowDetected.finding(
                    header_row=table.header_row,
                    value=first_text,
                    skipped=row_ranges_text(table.skipped_above),
                    were="was" if n == 1 else "were",
                    first=first_text,
                )
            ]
        )


def _prompt_findings(variables: list[str], plan: ColumnPlan) -> list[Finding]:
    present = set(plan.columns)
    by_normalised = {normalise_header(plan.original[p]): name for p, name in plan.names.items()}
    findings = []
    for var in variables:
        if var in present:
            continue
        near = by_normalised.get(normalise_header(var))
        tip = (
            f"; the file has {near!r} (names are case-sensitive: fix the prompt "
            "or use --keep-headers)"
            if near
            else ""
        )
        findings.append(PromptVariableMissing.finding(column=var, var=var, tip=tip))
    return findings


class FirstBatch(Mapping[int, Any]):
    """The first batch's columns (position → pyarrow text), read when first asked for.

    The column plan looks at the first rows only to infer a phone column or to
    suggest columns; a file with a ``phone_number`` column is never read ahead.
    Empty when the file has no data rows."""

    def __init__(self, batches: Iterator[Batch]) -> None:
        self._batches = batches
        self._first: Batch | None = None
        self._pulled = False
        self._columns: dict[int, Any] = {}  # converted once: the plan may ask twice

    def _batch(self) -> Batch | None:
        if not self._pulled:
            self._pulled = True
            self._first = next(self._batches, None)
        return self._first

    def __getitem__(self, position: int) -> Any:
        batch = self._batch()
        if batch is None:
            raise KeyError(position)
        if position not in self._columns:
            self._columns[position] = arrow_column(batch.frame[position])
        return self._columns[position]

    def __iter__(self) -> Iterator[int]:
        batch = self._batch()
        return iter([] if batch is None else batch.frame.columns)

    def __len__(self) -> int:
        batch = self._batch()
        return 0 if batch is None else len(batch.frame.columns)

    def all_batches(self) -> Iterator[Batch]:
        """Every batch, the first one included whether it was read ahead or not."""
        if self._pulled and self._first is not None:
            return itertools.chain([self._first], self._batches)
        return self._batches


def row_ranges_text(skipped: list[tuple[int, str]]) -> str:
    """``row 1`` / ``rows 1-2``: the skipped rows, as the warning names them."""
    rows = [row for row, _ in skipped]
    return ("row " if len(rows) == 1 else "rows ") + row_ranges(rows)
