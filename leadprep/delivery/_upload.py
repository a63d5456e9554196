"""Upload: plan → send → reconcile, exactly once, resumable.

>>> report = leadprep.upload("export.csv", "cmp_123", telephony_config="routes.json")
>>> report.exit_code, report.totals()["reconciled"]

1. **Plan** (:mod:`._plan`). Under the campaign's and the ledger's locks, the file
   is validated (numbers the ledger shows acknowledged for this campaign are
   ``already_uploaded``) and cut into chunks (:mod:`._chunk`); every chunk's exact
   bytes go into the ledger (:mod:`._ledger`) before anything is sent. Re-running
   the same command on the same file finds that plan and resumes it instead.
2. **Send** (:mod:`._send`), isolating the rows DialNexa refuses (:mod:`._isolate`).
3. **Reconcile** (:mod:`._reconcile`): every row of the file accounted for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._paths import check_outputs
from ..check import Contacted, Context
from ..dialnexa import DEFAULT_REGION as IMPLICIT_REGION
from ..dialnexa import MAX_FILE_BYTES
from ..pipeline import inputs_of, must_exist
from ..read import content_sha256, describe, is_data
from ..report import Kept, Report, Result, UploadReport
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
    MAX_CONTACTS,
    TIMEOUT,
    Settings,
)
from ..write import add_refused_rows
from ._chunk import Chunk
from ._ledger import Ledger, Run
from ._plan import plan_chunks, planned_report
from ._reconcile import reconcile
from ._send import Sender

if TYPE_CHECKING:  # httpx loads only when an upload actually talks to the API
    from ..api import DialNexaClient

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
) -> Result[UploadReport]:
    """Validate ``source`` and upload its valid rows to ``campaign_id``; see the module doc.
    Returns its :class:`Result`: the :class:`UploadReport`'s attributes, and ``.valid``
    (the rows planned for upload), ``.errors``, ``.report``.

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
    must_exist(source)
    kept = Kept()
    report = upload_with(
        source,
        settings,
        client=client,
        ledger=book,
        progress=progress,
        log=log,
        max_bytes=max_bytes,
        keep=kept,
    )
    return Result(report, kept, source)


def upload_with(
    source: str | Path | Any,
    settings: Settings,
    *,
    client: DialNexaClient | None = None,
    ledger: Ledger | None = None,
    progress: bool = False,
    log: Log | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    keep: Kept | None = None,
) -> UploadReport:
    """:func:`upload`, for settings already gathered (the command line's)."""
    started = time.perf_counter()
    check_outputs(inputs_of(source, settings), settings.files("writes"))
    book = ledger if ledger is not None else Ledger(settings[LEDGER])
    own_client = client is None and not settings[DRY_RUN]
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
            job = _Job(source, settings, book, client, max_bytes, progress, log or _silent, keep)
            report = job.run()
    finally:
        if own_client and client is not None:
            client.close()
        if ledger is None:
            book.close()
    report.reconciliation = reconcile(report)
    report.duration_s = time.perf_counter() - started
    return report


def _silent(message: str) -> None:
    """A log that says nothing (the Python API's default)."""


@dataclass
class _Job:
    """One ``upload`` call, holding the locks: find or make the plan, then send it."""

    path: str | Path | Any
    settings: Settings
    ledger: Ledger
    client: DialNexaClient | None
    max_bytes: int
    progress: bool
    log: Log
    keep: Kept | None = None

    def __post_init__(self) -> None:
        self.campaign_id = self.settings[CAMPAIGN]
        self.dry_run = self.settings[DRY_RUN]

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
            return self._send(report)
        return self._plan_and_send(sha, fingerprint)

    def _contacted(self) -> Contacted | None:
        """``--max-contacts N/DAYS``: the numbers the ledger shows at the cap already."""
        cap = self.settings[MAX_CONTACTS]
        if cap is None:
            return None
        since = dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=cap.days)
        return Contacted.of(cap, self.ledger.contacts_since(since, cap.contacts))

    def _plan_and_send(self, sha: str | None, fingerprint: str) -> UploadReport:
        lookup = None
        if not self.settings[ALLOW_REUPLOAD]:

            def lookup(numbers: Any) -> Any:
                return self.ledger.uploaded_mask(self.campaign_id, list(numbers))

        context = Context.load(self.settings, already_uploaded=lookup, contacted=self._contacted())
        validation = Report(file=describe(self.path), default_region=context.region)
        run_id = None
        if not self.dry_run and sha:
            run_id = self.ledger.start_run(self.campaign_id, describe(self.path), sha, fingerprint)
        chunks, oversized = plan_chunks(
            self.path,
            context,
            validation,
            chunk_rows=self.settings[CHUNK_ROWS],
            max_bytes=self.max_bytes,
            errors_output=self.settings[ERRORS_OUTPUT],
            progress=self.progress,
            keep=self.keep,
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
            report.chunks = [planned_report(c) for c in planned]
            return report
        self.ledger.finish_plan(run_id, validation.to_dict(), oversized())
        self.log(
            f"planned {run_id}: {validation.rows_valid:,} rows to send "
            f"(+{validation.rows_skipped:,} skipped, {validation.rows_invalid:,} with errors)"
        )
        return self._send(report)

    def _send(self, report: UploadReport) -> UploadReport:
        run_id = report.run_id
        if run_id is None or self.client is None:  # pragma: no cover - a bug, not an input
            raise RuntimeError("an upload job reached sending without a run or a client")
        sender = Sender(
            run_id=run_id,
            campaign_id=self.campaign_id,
            ledger=self.ledger,
            client=self.client,
            concurrency=self.settings[CONCURRENCY],
            allow_reupload=self.settings[ALLOW_REUPLOAD],
            region=self.settings[DEFAULT_REGION] or IMPLICIT_REGION,
            progress=self.progress,
            log=self.log,
        )
        sender.send_all(report)
        refused = self.ledger.api_rejected(run_id)
        report.api_rejected_rows = [
            {"chunk": idx, "row": row, "phone_number": phone, "reason": reason}
            for idx, row, phone, reason, _ in refused
        ]
        errors_output = self.settings[ERRORS_OUTPUT]
        if errors_output and refused:
            rows = [entry[1:] for entry in refused]
            add_refused_rows(errors_output, report.validation.columns, rows)
            report.validation.outputs["errors"] = str(errors_output)
        status = "complete" if report.complete and not sender.stop else "incomplete"
        self.ledger.finish_run(run_id, status)
        return report
