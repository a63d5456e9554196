"""Upload stage: plan → send → reconcile, exactly once, resumable.

>>> report = leadprep.upload("export.csv", "cmp_123", telephony_config="routes.json")
>>> report.exit_code, report.totals()["reconciled"]

1. **Plan.** Under the ledger's lock, the file is validated (numbers the ledger
   shows acknowledged for this campaign are ``already_uploaded``) and cut into
   chunks; every chunk's exact bytes go into the ledger before anything is
   sent. Re-running the same command on the same file finds that plan and
   resumes it instead.
2. **Send.** Chunks not yet acknowledged are sent, ``concurrency`` at a time
   (never more than the API's ``X-RateLimit-Limit``). The ledger records each
   chunk as *sending* before its first byte and each attempt before and after;
   a chunk left *sending* by a killed process is in doubt and is resent. A 400
   naming rows removes those rows (reported with the API's reason) and sends
   the rest again; any other 400 marks the chunk *rejected*, body kept.
   401/403 stops everything at once. A chunk that fails after all retries
   stops the run: what is left is sent by the next run.
3. **Reconcile.** :class:`~leadprep.report.UploadReport` accounts for every
   row of the file.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import phonenumbers

from .._exceptions import (
    ApiError,
    ApiValidationError,
    AuthenticationError,
    BadResponseError,
    FailedRow,
    LeadprepError,
    NotFoundError,
)
from .._paths import check_outputs
from .._progress import UploadProgress
from ..check import Context
from ..dialnexa import DEFAULT_REGION as IMPLICIT_REGION
from ..dialnexa import MAX_FILE_BYTES
from ..pipeline import inputs_of, run
from ..read import content_sha256, describe, is_data
from ..report import ChunkReport, Report, UploadReport, plural
from ..settings import (
    ALLOW_INSECURE_HTTP,
    ALLOW_REUPLOAD,
    API_KEY,
    BASE_URL,
    CAMPAIGN,
    CHUNK_ROWS,
    CONCURRENCY,
    DEFAULT_REGION,
    DRY_RUN,
    ERRORS_OUTPUT,
    LEDGER,
    LOCK_WAIT,
    MAX_ATTEMPTS,
    TIMEOUT,
    Settings,
)
from ..write import add_refused_rows
from ._chunk import Chunk, Chunker
from ._ledger import ChunkRecord, Ledger, Run

if TYPE_CHECKING:  # httpx loads only when an upload actually talks to the API
    from ..api import AttemptEvent, DialNexaClient

Log = Callable[[str], None]


def file_sha256(path: str | Path | Any) -> str | None:
    """The file's SHA-256 (a DataFrame's or Table's content's), or ``None`` when it is
    not a regular file (validation says why)."""
    if is_data(path):
        return content_sha256(path)
    if not Path(path).is_file():  # opening a FIFO would wait forever
        return None
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


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
    """Validate ``path`` and yield its chunks; the second value gives oversized rows after."""
    holder: dict[str, Chunker] = {}

    def chunks() -> Iterator[Chunk]:
        for checked in run(
            path,
            context,
            report,
            errors_output=errors_output,
            progress=progress,
        ):
            if "c" not in holder:
                holder["c"] = Chunker(report.columns, max_bytes=max_bytes, max_rows=chunk_rows)
            yield from holder["c"].add(checked.valid, checked.valid_rows)
        if "c" in holder:
            yield from holder["c"].finish()

    return chunks(), lambda: holder["c"].oversized if "c" in holder else []


def upload(
    source: str | Path | Any,
    campaign_id: str,
    /,
    *,
    client: DialNexaClient | None = None,
    progress: bool = False,
    log: Log | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    **keywords: Any,
) -> UploadReport:
    """Validate ``source`` and upload its valid rows to ``campaign_id``; see the module doc.

    The keywords are the options of ``leadprep upload`` by their Python names
    (those of :func:`leadprep.validate`, and ``ledger`` — a path, ``"off"`` to
    remember nothing (drills), or an open :class:`Ledger` — ``chunk_rows``,
    ``concurrency``, ``dry_run``, ``base_url``, ``api_key``…). ``client`` replaces
    the one made from them. Raises :class:`UsageError` for bad options; everything
    else — rejected file, API refusal, partial upload — is in the returned report
    and its ``exit_code``.
    """
    book = keywords.pop("ledger", None) if isinstance(keywords.get("ledger"), Ledger) else None
    if "campaign" in keywords:
        raise TypeError("upload() takes the campaign once: upload(source, campaign_id)")
    settings = Settings.from_keywords("upload", {**keywords, "campaign": campaign_id})
    return upload_with(
        source, settings, client=client, ledger=book, progress=progress, log=log,
        max_bytes=max_bytes,
    )  # fmt: skip


def upload_with(
    source: str | Path | Any,
    settings: Settings,
    *,
    client: DialNexaClient | None = None,
    ledger: Ledger | None = None,
    progress: bool = False,
    log: Log | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> UploadReport:
    """:func:`upload`, for settings already gathered (the command line's)."""
    started = time.perf_counter()
    check_outputs(inputs_of(source, settings), settings.files("writes"))
    dry_run = settings[DRY_RUN]
    book = ledger if ledger is not None else Ledger(settings[LEDGER])
    own_client = client is None and not dry_run
    if own_client:
        from ..api import DialNexaClient, RetryPolicy

        client = DialNexaClient(
            base_url=settings[BASE_URL],
            api_key=settings[API_KEY],
            retry=RetryPolicy(attempts=settings[MAX_ATTEMPTS]),
            timeout=settings[TIMEOUT],
            allow_insecure_http=settings[ALLOW_INSECURE_HTTP],
        )
    try:
        with book.lock(settings[CAMPAIGN], wait_s=settings[LOCK_WAIT]):
            job = _Job(
                path=source,
                settings=settings,
                ledger=book,
                client=client,
                max_bytes=max_bytes,
                progress=progress,
                log=log or (lambda message: None),
            )
            report = job.run()
    finally:
        if own_client and client is not None:
            client.close()
        if ledger is None:
            book.close()
    report.duration_s = time.perf_counter() - started
    return report


class _Stop(Exception):
    """Raised inside a worker: stop sending further chunks."""

    def __init__(self, reason: str, *, auth: bool = False, unknown_campaign: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.auth = auth
        self.unknown_campaign = unknown_campaign


@dataclass
class _Job:
    """One ``upload`` call, holding the ledger's lock."""

    path: str | Path | Any
    settings: Settings
    ledger: Ledger
    client: DialNexaClient | None
    max_bytes: int
    progress: bool
    log: Log
    _stop: _Stop | None = None
    _stop_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        s = self.settings
        self.campaign_id = s[CAMPAIGN]
        self.chunk_rows = s[CHUNK_ROWS]
        self.concurrency = s[CONCURRENCY]
        self.dry_run = s[DRY_RUN]
        self.allow_reupload = s[ALLOW_REUPLOAD]
        self.errors_output = s[ERRORS_OUTPUT]
        self.region = s[DEFAULT_REGION] or IMPLICIT_REGION

    # -- plan ----------------------------------------------------------------

    def run(self) -> UploadReport:
        sha = file_sha256(self.path)
        fingerprint = self.settings.fingerprint(max_bytes=self.max_bytes)
        existing: Run | None = None
        if sha and not self.dry_run:
            existing = self.ledger.find_run(self.campaign_id, sha, fingerprint)
            if existing and existing.status == "planning":
                self.log(f"discarding the half-made plan of {existing.id} (nothing was sent)")
                self.ledger.discard_run(existing.id)
                existing = None
        if existing is not None and existing.validation is not None:
            self.log(f"resuming {existing.id}: the same file was partly uploaded before")
            report = UploadReport(
                validation=Report.from_dict(existing.validation),
                campaign_id=self.campaign_id,
                run_id=existing.id,
                resumed=True,
                ledger=str(self.ledger.path),
                oversized_rows=[{"row": r, "bytes": b} for r, b in existing.oversized],
            )
            return self._send_all(report)
        return self._plan_and_send(sha, fingerprint)

    def _plan_and_send(self, sha: str | None, fingerprint: str) -> UploadReport:
        lookup = None
        if not self.allow_reupload:

            def lookup(numbers: Any) -> Any:
                return self.ledger.uploaded_mask(self.campaign_id, list(numbers))

        context = Context.load(self.settings, already_uploaded=lookup)
        validation = Report(file=describe(self.path), default_region=context.region)

        run_id = None
        if not self.dry_run and sha:
            run_id = self.ledger.start_run(self.campaign_id, describe(self.path), sha, fingerprint)
        chunks, oversized = plan_chunks(
            self.path,
            context,
            validation,
            chunk_rows=self.chunk_rows,
            max_bytes=self.max_bytes,
            errors_output=self.errors_output,
            progress=self.progress,
        )
        planned: list[Chunk] = []
        for chunk in chunks:
            if run_id:
                self.ledger.add_chunk(run_id, chunk)
            else:
                planned.append(chunk)
        report = UploadReport(
            validation=validation,
            campaign_id=self.campaign_id,
            run_id=run_id,
            dry_run=self.dry_run,
            ledger=None if self.ledger.off else str(self.ledger.path),
            oversized_rows=[{"row": r, "bytes": b} for r, b in oversized()],
        )
        if validation.rejected or run_id is None:
            if run_id:
                self.ledger.discard_run(run_id)
                report.run_id = None
            report.chunks = [_planned_report(c) for c in planned]
            return report
        self.ledger.finish_plan(run_id, validation.to_dict(), oversized())
        self.log(
            f"planned {run_id}: {validation.rows_valid:,} rows to send "
            f"(+{validation.rows_skipped:,} skipped, {validation.rows_invalid:,} with errors)"
        )
        return self._send_all(report)

    # -- send ----------------------------------------------------------------

    @property
    def _api(self) -> DialNexaClient:
        """The client: every job that sends has one (a dry run never gets here)."""
        if self.client is None:  # pragma: no cover - a bug, not an input
            raise RuntimeError("an upload job reached sending without a client")
        return self.client

    def _send_all(self, report: UploadReport) -> UploadReport:
        run_id = report.run_id
        if run_id is None:  # pragma: no cover - a bug, not an input
            raise RuntimeError("an upload job reached sending without a run")
        records = self.ledger.chunks(run_id)
        done_before = {r.chunk.index for r in records if r.status == "acknowledged"}
        todo = [
            r
            for r in records
            if r.status != "acknowledged" and not (r.status == "rejected" and r.chunk.n_rows == 0)
        ]
        total_rows = sum(r.n_rows_planned for r in records)
        with UploadProgress(
            total_rows=total_rows,
            total_chunks=len(records),
            enabled=self.progress,
            log=self.log,
        ) as bar:
            bar.advance(sum(r.n_rows_planned for r in records if r.chunk.index in done_before), 0)
            try:
                self._dispatch(run_id, todo, bar)
            except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM as Interrupted
                report.interrupted = getattr(exc, "signum", signal.SIGINT)
                self.log("interrupted: parts under way finished their attempt; nothing new sent")
        final = self.ledger.chunks(run_id)
        report.chunks = [
            ChunkReport(
                index=r.chunk.index,
                rows=r.n_rows_planned,
                first_row=r.first_row,
                last_row=r.last_row,
                bytes=r.bytes_planned,
                attempts=r.attempts,
                status=_public_status(r.status, r.in_doubt),
                leads_created=r.leads_created,
                leads_skipped=r.leads_skipped,
                rows_rejected_by_api=r.rows_rejected,
                rows_withheld=r.rows_withheld,
                in_doubt=r.in_doubt,
                resumed=r.chunk.index in done_before,
                error=r.error
                or (
                    f"not sent: {self._stop.reason}"
                    if r.status == "planned" and self._stop
                    else None
                ),
                response=r.response,
                discrepancy=r.discrepancy,
                split_from=r.parent,
            )
            for r in final
        ]
        refused = self.ledger.api_rejected(run_id)
        report.api_rejected_rows = [
            {"chunk": idx, "row": row, "phone_number": phone, "reason": reason}
            for idx, row, phone, reason, _ in refused
        ]
        if self.errors_output and refused:
            rows = [entry[1:] for entry in refused]
            add_refused_rows(self.errors_output, report.validation.columns, rows)
            report.validation.outputs["errors"] = str(self.errors_output)
        if self._stop:
            report.stopped = self._stop.reason
            report.auth_refused = self._stop.auth
            report.campaign_unknown = self._stop.unknown_campaign
        status = "complete" if report.complete and not self._stop else "incomplete"
        self.ledger.finish_run(run_id, status)
        return report

    def _dispatch(self, run_id: str, todo: list[Any], bar: UploadProgress) -> None:
        pending = list(todo)
        split_off: set[int] = set()  # parts made by splitting: their rows are already counted
        in_flight: dict[Future[list[ChunkRecord]], Any] = {}
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="upload") as pool:
            try:
                self._dispatch_loop(run_id, pool, pending, in_flight, split_off, bar)
            except BaseException:
                # Interrupted (or a bug): start nothing new; parts under way finish the
                # attempt they are in and record its answer before the pool is left.
                with self._stop_lock:
                    self._stop = self._stop or _Stop("interrupted")
                if self.client is not None:
                    self.client.cancel()
                raise

    def _dispatch_loop(
        self,
        run_id: str,
        pool: ThreadPoolExecutor,
        pending: list[ChunkRecord],
        in_flight: dict[Future[list[ChunkRecord]], Any],
        split_off: set[int],
        bar: UploadProgress,
    ) -> None:
        while pending or in_flight:
            limit = self.concurrency
            if self.client is not None and self.client.rate_limit:
                limit = max(1, min(limit, self.client.rate_limit))
            while pending and len(in_flight) < limit and not self._stop:
                record = pending.pop(0)
                # Each part in the caller's context: its messages speak to the same reader.
                context = contextvars.copy_context()
                in_flight[pool.submit(context.run, self._send_chunk, run_id, record)] = record
            if not in_flight:
                break
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                record = in_flight.pop(future)
                error = future.exception()
                if isinstance(error, _Stop):
                    with self._stop_lock:
                        if self._stop is None or error.auth or error.unknown_campaign:
                            self._stop = error
                elif error is not None:
                    raise error
                else:
                    more = future.result()
                    split_off.update(r.chunk.index for r in more)
                    pending[:0] = more
                if record.chunk.index not in split_off:
                    bar.advance(record.n_rows_planned, 1)

    def _send_chunk(self, run_id: str, record: Any) -> list[ChunkRecord]:
        """Send one chunk until it is acknowledged, refused or failed; return the parts
        split off it (to isolate rows DialNexa refused without saying which) to send next."""
        chunk: Chunk = record.chunk
        split_off: list[ChunkRecord] = []
        idx = chunk.index
        doubt = record.status in ("sending", "in_doubt") or record.in_doubt
        if record.status == "sending":
            self.log(f"chunk {idx}: was in flight when the last run stopped — in doubt, resending")
        if not self.allow_reupload:
            taken = self.ledger.uploaded_mask(self.campaign_id, chunk.phones, exclude_run=run_id)
            if taken.any():
                chunk = chunk.without(set(np.flatnonzero(taken).tolist()))
                self.ledger.rows_removed(run_id, chunk, withheld=int(taken.sum()))
        if chunk.n_rows == 0:
            self.ledger.chunk_acknowledged(run_id, self.campaign_id, chunk, 0, 0, "{}")
            return split_off
        # Bounded: each round removes refused rows or halves the part.
        for _round in range(4 + 2 * max(chunk.n_rows, 1).bit_length()):
            self.ledger.chunk_sending(run_id, idx)
            attempt_ids: list[int] = []

            def hook(
                event: AttemptEvent, chunk: Chunk = chunk, attempt_ids: list[int] = attempt_ids
            ) -> None:
                nonlocal doubt
                if event.phase == "before":
                    attempt_ids.append(
                        self.ledger.attempt_started(run_id, idx, event.attempt, chunk.sha256)
                    )
                    return
                doubt = doubt or event.in_doubt
                self.ledger.attempt_finished(
                    attempt_ids[-1], event.status_code, event.in_doubt, event.error
                )
                if event.will_retry:
                    self.log(
                        f"chunk {idx}: attempt {event.attempt} failed ({event.error}); "
                        f"retrying in {event.wait_s:.1f} s"
                    )

            try:
                result = self._api.upload_file(
                    self.campaign_id,
                    chunk.content,
                    filename=f"{run_id}-part-{idx:04d}.csv",
                    on_attempt=hook,
                )
            except ApiValidationError as exc:
                if not exc.failed_rows:
                    self.ledger.chunk_ended(run_id, idx, "rejected", str(exc), exc.body)
                    self.log(f"chunk {idx}: rejected by DialNexa: {exc}")
                    return split_off
                mapped, untied = _map_failed_rows(chunk, exc.failed_rows, self.region)
                if not mapped and untied and chunk.n_rows == 1:
                    # Alone in its part: this row is the one refused, whatever position said.
                    reason = "; ".join(dict.fromkeys(r.reason for r in untied))
                    mapped = [(0, int(chunk.rows[0]), chunk.phones[0], reason)]
                    untied = []
                rest = chunk.without({pos for pos, _, _, _ in mapped})
                if mapped:
                    self.ledger.rows_removed(
                        run_id,
                        rest,
                        rejected=[
                            (row, phone, reason, chunk.lines[at])
                            for at, row, phone, reason in mapped
                        ],
                    )
                    self.log(f"chunk {idx}: DialNexa refused {len(mapped)} rows; sending the rest")
                if rest.n_rows == 0:
                    self.ledger.chunk_ended(run_id, idx, "rejected", "every row was refused")
                    return split_off
                if untied:
                    # Which rows were meant cannot be told for certain: split the part and
                    # send the halves, until each refused row is alone in its part.
                    half = rest.n_rows // 2
                    first, second = rest.take(range(half)), rest.take(range(half, rest.n_rows))
                    split_off.append(self.ledger.split_chunk(run_id, first, second))
                    self.log(
                        f"chunk {idx}: DialNexa refused {plural(len(untied), 'row')} without "
                        f"naming them for certain; split into {first.n_rows} + "
                        f"{second.n_rows} rows (chunk {split_off[-1].chunk.index}) to find them"
                    )
                    rest = first
                chunk = rest
                continue
            except NotFoundError as exc:
                # The campaign is not in this key's workspace: nothing was created, and
                # no resend can help; the part stays planned, never recorded as sent.
                self.ledger.chunk_ended(run_id, idx, "in_doubt" if doubt else "planned", None)
                raise _Stop(
                    f"DialNexa does not know campaign {self.campaign_id} (404)",
                    unknown_campaign=True,
                ) from exc
            except AuthenticationError as exc:
                self.ledger.chunk_ended(run_id, idx, "in_doubt" if doubt else "planned", None)
                raise _Stop(str(exc), auth=True) from exc
            except BadResponseError as exc:
                self.ledger.chunk_ended(run_id, idx, "in_doubt", str(exc), exc.body)
                raise _Stop(f"chunk {idx}: {exc}") from exc
            except ApiError as exc:
                status = "in_doubt" if doubt or getattr(exc, "in_doubt", False) else "failed"
                self.ledger.chunk_ended(run_id, idx, status, str(exc), exc.body)
                raise _Stop(f"chunk {idx} {status.replace('_', ' ')}: {exc}") from exc
            except LeadprepError:
                self.ledger.chunk_ended(run_id, idx, "in_doubt" if doubt else "failed", None)
                raise
            unaccounted = _unaccounted(result.leads_created, result.leads_skipped, chunk.n_rows)
            if unaccounted:
                self.ledger.chunk_unaccounted(
                    run_id,
                    idx,
                    result.leads_created,
                    result.leads_skipped,
                    json.dumps(result.raw),
                    unaccounted,
                )
                self.log(f"chunk {idx}: {unaccounted}; not recorded as uploaded")
                return split_off
            self.ledger.chunk_acknowledged(
                run_id,
                self.campaign_id,
                chunk,
                result.leads_created,
                result.leads_skipped,
                json.dumps(result.raw),
            )
            self.log(
                f"chunk {idx}: acknowledged — created {result.leads_created}, "
                f"skipped {result.leads_skipped}"
            )
            return split_off
        self.ledger.chunk_ended(run_id, idx, "rejected", "DialNexa kept refusing rows")
        return split_off


def _unaccounted(created: int, skipped: int, sent: int) -> str | None:
    """Why a success answer does not account for the ``sent`` rows of a part, if it does not."""
    if created < 0 or skipped < 0:
        return f"DialNexa answered a negative count (created {created}, skipped {skipped})"
    if created + skipped != sent:
        return (
            f"DialNexa accounted for {created + skipped:,} of the {sent:,} rows sent "
            f"(created {created:,}, skipped {skipped:,})"
        )
    return None


def _public_status(status: str, in_doubt: bool) -> str:
    """Ledger status → report status (acknowledged|rejected|in_doubt|failed)."""
    if status in ("acknowledged", "rejected", "in_doubt", "failed"):
        return status
    if status == "sending" or in_doubt:
        return "in_doubt"
    return "failed"  # planned but never sent: the run stopped first


def _planned_report(chunk: Chunk) -> ChunkReport:
    return ChunkReport(
        index=chunk.index,
        rows=chunk.n_rows,
        first_row=chunk.first_row,
        last_row=chunk.last_row,
        bytes=chunk.size,
        attempts=0,
        status="planned",
    )


def _map_failed_rows(
    chunk: Chunk, failed: tuple[FailedRow, ...], region: str
) -> tuple[list[tuple[int, int, str | None, str]], list[FailedRow]]:
    """API failed rows → ((position in chunk, source row, phone, reason), rows not tied).

    A failed row is tied to a row of the part only by its phone number (as sent,
    or the same number once normalised), and only when that number is in the part
    once. ``position`` is never used: the docs do not say how it counts, and a
    wrong guess would blame a valid lead and send a refused one again.
    """
    counts = Counter(chunk.phones)
    where = {p: i for i, p in enumerate(chunk.phones) if counts[p] == 1}
    out: dict[int, tuple[int, int, str | None, str]] = {}
    untied: list[FailedRow] = []
    for row in failed:
        index = None
        if row.phone_number:
            index = where.get(row.phone_number)
            if index is None:
                try:
                    parsed = phonenumbers.parse(row.phone_number, region)
                    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
                    index = where.get(e164)
                except phonenumbers.NumberParseException:
                    index = None
        if index is None:
            untied.append(row)
        else:
            out[index] = (index, int(chunk.rows[index]), chunk.phones[index], row.reason)
    return sorted(out.values()), untied
