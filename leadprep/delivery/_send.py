"""Send: the planned chunks of a run, each until acknowledged, refused or failed.

Chunks not yet acknowledged are sent ``concurrency`` at a time (never more than
the API's ``X-RateLimit-Limit``); the client retries each request (connection
errors, 429, 5xx) with backoff. The ledger records each chunk as *sending* before
its first byte and each attempt before and after; a chunk left *sending* by a
killed process is in doubt and is resent. A 400 naming rows removes those rows
(:mod:`._isolate`) and sends the rest again; any other 400 marks the chunk
*rejected*, body kept. 401/403 and an unknown campaign stop everything at once. A
chunk that fails after all retries stops the run: what is left is sent by the next.
"""

from __future__ import annotations

import contextvars
import json
import signal
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._exceptions import (
    ApiError,
    ApiValidationError,
    AuthenticationError,
    BadResponseError,
    LeadprepError,
    NotFoundError,
)
from .._progress import UploadProgress
from ..report import ChunkReport, UploadReport, plural
from ._chunk import Chunk
from ._isolate import halves, isolate
from ._ledger import ChunkRecord, Ledger

if TYPE_CHECKING:  # httpx loads only when an upload actually talks to the API
    from ..api import AttemptEvent, DialNexaClient

Log = Callable[[str], None]


class Stop(Exception):
    """Raised inside a worker: stop sending further chunks."""

    def __init__(self, reason: str, *, auth: bool = False, unknown_campaign: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.auth = auth
        self.unknown_campaign = unknown_campaign


@dataclass
class Sender:
    """Sends one run's chunks (the ledger's lock is held by the caller)."""

    run_id: str
    campaign_id: str
    ledger: Ledger
    client: DialNexaClient
    concurrency: int
    allow_reupload: bool
    #: the region numbers without a country code are read in (to tie refused rows)
    region: str
    progress: bool
    log: Log
    stop: Stop | None = None
    _stop_lock: threading.Lock = field(default_factory=threading.Lock)

    def send_all(self, report: UploadReport) -> None:
        """Send what is not acknowledged; fill ``report`` with every chunk's outcome."""
        records = self.ledger.chunks(self.run_id)
        done_before = {r.chunk.index for r in records if r.status == "acknowledged"}
        todo = [
            r
            for r in records
            if r.status != "acknowledged" and not (r.status == "rejected" and r.chunk.n_rows == 0)
        ]
        with UploadProgress(
            total_rows=sum(r.n_rows_planned for r in records),
            total_chunks=len(records),
            enabled=self.progress,
            log=self.log,
        ) as bar:
            bar.advance(sum(r.n_rows_planned for r in records if r.chunk.index in done_before), 0)
            try:
                self._dispatch(todo, bar)
            except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM as Interrupted
                report.interrupted = getattr(exc, "signum", signal.SIGINT)
                self.log("interrupted: parts under way finished their attempt; nothing new sent")
        seconds = self.ledger.chunk_seconds(self.run_id)
        report.chunks = [self._outcome(r, done_before) for r in self.ledger.chunks(self.run_id)]
        for chunk in report.chunks:
            chunk.seconds = seconds.get(chunk.index)
        if self.stop:
            report.stopped = self.stop.reason
            report.auth_refused = self.stop.auth
            report.campaign_unknown = self.stop.unknown_campaign

    def _outcome(self, r: ChunkRecord, done_before: set[int]) -> ChunkReport:
        unsent = r.status == "planned" and self.stop is not None
        return ChunkReport(
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
            error=r.error or (f"not sent: {self.stop.reason}" if unsent and self.stop else None),
            response=r.response,
            discrepancy=r.discrepancy,
            split_from=r.parent,
        )

    # -- chunks in parallel -----------------------------------------------------

    def _dispatch(self, todo: list[ChunkRecord], bar: UploadProgress) -> None:
        pending = list(todo)
        split_off: set[int] = set()  # parts made by splitting: their rows are already counted
        in_flight: dict[Future[list[ChunkRecord]], ChunkRecord] = {}
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="upload") as pool:
            try:
                while pending or in_flight:
                    self._start(pool, pending, in_flight)
                    if not in_flight:
                        break
                    finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                    for future in finished:
                        record = in_flight.pop(future)
                        more = self._finished(future)
                        split_off.update(r.chunk.index for r in more)
                        pending[:0] = more
                        if record.chunk.index not in split_off:
                            bar.advance(record.n_rows_planned, 1)
            except BaseException:
                # Interrupted (or a bug): start nothing new; parts under way finish the
                # attempt they are in and record its answer before the pool is left.
                with self._stop_lock:
                    self.stop = self.stop or Stop("interrupted")
                self.client.cancel()
                raise

    def _start(
        self,
        pool: ThreadPoolExecutor,
        pending: list[ChunkRecord],
        in_flight: dict[Future[list[ChunkRecord]], ChunkRecord],
    ) -> None:
        """Start parts until ``concurrency`` (or the API's rate limit) are under way."""
        limit = self.concurrency
        if self.client.rate_limit:
            limit = max(1, min(limit, self.client.rate_limit))
        while pending and len(in_flight) < limit and not self.stop:
            record = pending.pop(0)
            # Each part in the caller's context: its messages speak to the same reader.
            context = contextvars.copy_context()
            in_flight[pool.submit(context.run, self._send_chunk, record)] = record

    def _finished(self, future: Future[list[ChunkRecord]]) -> list[ChunkRecord]:
        """A part's outcome: the parts split off it to send next, or the stop it raised."""
        error = future.exception()
        if isinstance(error, Stop):
            with self._stop_lock:
                if self.stop is None or error.auth or error.unknown_campaign:
                    self.stop = error
            return []
        if error is not None:
            raise error
        return future.result()

    # -- one chunk ----------------------------------------------------------------

    def _send_chunk(self, record: ChunkRecord) -> list[ChunkRecord]:
        """Send one chunk until it is acknowledged, refused or failed; return the parts
        split off it (to isolate rows DialNexa refused without saying which) to send next."""
        part = _Part(record, self)
        if record.status == "sending":
            self.log(
                f"chunk {part.idx}: was in flight when the last run stopped — in doubt, resending"
            )
        self._withhold_uploaded(part)
        if part.chunk.n_rows == 0:
            self.ledger.chunk_acknowledged(self.run_id, self.campaign_id, part.chunk, 0, 0, "{}")
            return part.split_off
        # Bounded: each round removes refused rows or halves the part.
        for _round in range(4 + 2 * max(part.chunk.n_rows, 1).bit_length()):
            self.ledger.chunk_sending(self.run_id, part.idx)
            try:
                result = self.client.upload_file(
                    self.campaign_id,
                    part.chunk.content,
                    filename=f"{self.run_id}-part-{part.idx:04d}.csv",
                    on_attempt=part.attempt_hook(),
                )
            except ApiValidationError as exc:
                if self._refused_rows(part, exc):
                    continue
                return part.split_off
            except LeadprepError as exc:
                stop = self._failed(part, exc)
                if stop is exc:
                    raise
                raise stop from exc
            self._answered(part, result.leads_created, result.leads_skipped, result.raw)
            return part.split_off
        self.ledger.chunk_ended(self.run_id, part.idx, "rejected", "DialNexa kept refusing rows")
        return part.split_off

    def _withhold_uploaded(self, part: _Part) -> None:
        """Rows another run acknowledged meanwhile are not sent again."""
        if self.allow_reupload:
            return
        taken = self.ledger.uploaded_mask(
            self.campaign_id, part.chunk.phones, exclude_run=self.run_id
        )
        if taken.any():
            part.chunk = part.chunk.without(set(np.flatnonzero(taken).tolist()))
            self.ledger.rows_removed(self.run_id, part.chunk, withheld=int(taken.sum()))

    def _refused_rows(self, part: _Part, exc: ApiValidationError) -> bool:
        """A 400: take out the rows it names, split the part if it names rows only
        vaguely; ``True`` if what is left is to be sent again."""
        idx, chunk = part.idx, part.chunk
        if not exc.failed_rows:
            self.ledger.chunk_ended(self.run_id, idx, "rejected", str(exc), exc.body)
            self.log(f"chunk {idx}: rejected by DialNexa: {exc}")
            return False
        found = isolate(chunk, exc.failed_rows, self.region)
        if found.refused:
            lines = [(row, phone, why, chunk.lines[at]) for at, row, phone, why in found.refused]
            self.ledger.rows_removed(self.run_id, found.rest, rejected=lines)
            self.log(f"chunk {idx}: DialNexa refused {len(found.refused)} rows; sending the rest")
        rest = found.rest
        if rest.n_rows == 0:
            self.ledger.chunk_ended(self.run_id, idx, "rejected", "every row was refused")
            return False
        if found.untied:
            # Which rows were meant cannot be told for certain: split the part and
            # send the halves, until each refused row is alone in its part.
            first, second = halves(rest)
            part.split_off.append(self.ledger.split_chunk(self.run_id, first, second))
            self.log(
                f"chunk {idx}: DialNexa refused {plural(len(found.untied), 'row')} without "
                f"naming them for certain; split into {first.n_rows} + {second.n_rows} rows "
                f"(chunk {part.split_off[-1].chunk.index}) to find them"
            )
            rest = first
        part.chunk = rest
        return True

    def _failed(self, part: _Part, exc: LeadprepError) -> BaseException:
        """Record a part that got no usable answer; what stops the run (or the error)."""
        idx, doubt = part.idx, part.doubt
        kept = "in_doubt" if doubt else "planned"
        if isinstance(exc, NotFoundError):
            # The campaign is not in this key's workspace: nothing was created, and
            # no resend can help; the part stays planned, never recorded as sent.
            self.ledger.chunk_ended(self.run_id, idx, kept, None)
            reason = f"DialNexa does not know campaign {self.campaign_id} (404)"
            return Stop(reason, unknown_campaign=True)
        if isinstance(exc, AuthenticationError):
            self.ledger.chunk_ended(self.run_id, idx, kept, None)
            return Stop(str(exc), auth=True)
        if isinstance(exc, BadResponseError):
            self.ledger.chunk_ended(self.run_id, idx, "in_doubt", str(exc), exc.body)
            return Stop(f"chunk {idx}: {exc}")
        if isinstance(exc, ApiError):
            status = "in_doubt" if doubt or getattr(exc, "in_doubt", False) else "failed"
            self.ledger.chunk_ended(self.run_id, idx, status, str(exc), exc.body)
            return Stop(f"chunk {idx} {status.replace('_', ' ')}: {exc}")
        self.ledger.chunk_ended(self.run_id, idx, "in_doubt" if doubt else "failed", None)
        return exc

    def _answered(self, part: _Part, created: int, skipped: int, raw: Any) -> None:
        """A success answer: acknowledged if its counts account for the part."""
        idx, chunk = part.idx, part.chunk
        why = _unaccounted(created, skipped, chunk.n_rows)
        if why:
            self.ledger.chunk_unaccounted(self.run_id, idx, created, skipped, json.dumps(raw), why)
            self.log(f"chunk {idx}: {why}; not recorded as uploaded")
            return
        self.ledger.chunk_acknowledged(
            self.run_id, self.campaign_id, chunk, created, skipped, json.dumps(raw)
        )
        self.log(f"chunk {idx}: acknowledged — created {created:,}, skipped {skipped:,}")


class _Part:
    """One chunk being sent: what is left of it, whether it is in doubt, what split off."""

    def __init__(self, record: ChunkRecord, sender: Sender) -> None:
        self.chunk: Chunk = record.chunk
        self.idx = record.chunk.index
        self.doubt = record.status in ("sending", "in_doubt") or record.in_doubt
        self.split_off: list[ChunkRecord] = []
        self._sender = sender

    def attempt_hook(self) -> Callable[[AttemptEvent], None]:
        """Records each attempt in the ledger before it is sent and after its answer."""
        sender, idx, chunk = self._sender, self.idx, self.chunk
        attempt_ids: list[int] = []

        def hook(event: AttemptEvent) -> None:
            if event.phase == "before":
                attempt_ids.append(
                    sender.ledger.attempt_started(sender.run_id, idx, event.attempt, chunk.sha256)
                )
                return
            self.doubt = self.doubt or event.in_doubt
            sender.ledger.attempt_finished(
                attempt_ids[-1], event.status_code, event.in_doubt, event.error
            )
            if event.will_retry:
                sender.log(
                    f"chunk {idx}: attempt {event.attempt} failed ({event.error}); "
                    f"retrying in {event.wait_s:.1f} s"
                )

        return hook


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
