"""The upload report: the validation, what happened to every chunk, and the
reconciliation (worked out by delivery, rendered here from its numbers).

Every valid row is either sent or named as not sent (chunk failed, in doubt, too
large, withheld because another run uploaded it meanwhile): any gap is a line in
``differences``; nothing is rounded away.
"""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import (
    EXIT_AUTH,
    EXIT_FILE_REJECTED,
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_ROWS_LEFT_OUT,
    EXIT_USAGE,
)
from .._speech import speak
from ._json import chunks
from ._totals import Reconciliation
from ._validation import Report, plural


@dataclass
class ChunkReport:
    index: int
    rows: int
    first_row: int
    last_row: int
    bytes: int
    attempts: int
    status: str  # acknowledged | rejected | in_doubt | failed (planned only in dry runs)
    leads_created: int | None = None
    leads_skipped: int | None = None
    rows_rejected_by_api: int = 0
    rows_withheld: int = 0
    in_doubt: bool = False
    resumed: bool = False
    error: str | None = None
    response: str | None = None
    #: a success answer whose counts did not cover the part (nothing recorded as uploaded)
    discrepancy: str | None = None
    #: split off this chunk to isolate rows DialNexa refused without naming them for certain
    split_from: int | None = None
    #: ``prepare``: the part's file under --out-dir, and the zones of its folder
    #: (--split-by-timezone); in ``report.json``'s ``parts``
    file: str | None = None
    time_zones: tuple[str, ...] = ()
    #: time spent in its attempts (``None``: never sent)
    seconds: float | None = None

    @property
    def rows_sent(self) -> int:
        sent = self.rows - self.rows_rejected_by_api - self.rows_withheld
        answered = self.status == "acknowledged" or self.discrepancy is not None
        return (sent if answered else 0) + self.rows_rejected_by_api

    def to_dict(self) -> dict[str, Any]:
        body: Any = self.response
        if body is not None:
            with contextlib.suppress(ValueError):
                body = json.loads(body)
        return {
            "index": self.index,
            "rows": self.rows,
            "first_row": self.first_row,
            "last_row": self.last_row,
            "bytes": self.bytes,
            "attempts": self.attempts,
            "status": self.status,
            "leads_created": self.leads_created,
            "leads_skipped": self.leads_skipped,
            "rows_rejected_by_api": self.rows_rejected_by_api,
            "rows_withheld": self.rows_withheld,
            "in_doubt": self.in_doubt,
            "resumed": self.resumed,
            "error": self.error,
            "response": body,
            "discrepancy": self.discrepancy,
            "split_from": self.split_from,
            "seconds": None if self.seconds is None else round(self.seconds, 3),
        }


@dataclass
class UploadReport:
    """The validation report plus what happened to every chunk, reconciled."""

    validation: Report
    campaign_id: str
    run_id: str | None = None
    resumed: bool = False
    dry_run: bool = False
    ledger: str | None = None
    chunks: list[ChunkReport] = field(default_factory=list)
    api_rejected_rows: list[dict[str, Any]] = field(default_factory=list)
    oversized_rows: list[dict[str, int]] = field(default_factory=list)
    #: why the run stopped before every chunk was tried (auth refused, API down)
    stopped: str | None = None
    auth_refused: bool = False
    #: DialNexa answered 404 for the campaign: a wrong id, nothing uploaded (exit 2)
    campaign_unknown: bool = False
    #: the signal that interrupted the run (SIGINT 2, SIGTERM 15): exit 128 + it
    interrupted: int | None = None
    duration_s: float = 0.0
    #: every row accounted for (:func:`leadprep.delivery.reconcile`)
    reconciliation: Reconciliation | None = None

    def totals(self) -> dict[str, Any]:
        """The reconciliation's numbers (``rows_in_file``, ``reconciled``, ``differences``…)."""
        if self.reconciliation is None:  # pragma: no cover - delivery always sets it
            raise RuntimeError("an upload report was rendered before it was reconciled")
        return self.reconciliation.to_dict()

    @property
    def complete(self) -> bool:
        return all(c.status in ("acknowledged", "rejected") for c in self.chunks) and not any(
            c.status == "rejected" and c.rows - c.rows_rejected_by_api > 0 for c in self.chunks
        )

    @property
    def exit_code(self) -> int:
        if self.validation.rejected:
            return EXIT_FILE_REJECTED
        if self.interrupted:
            return 128 + self.interrupted
        if self.auth_refused:
            return EXIT_AUTH
        if self.campaign_unknown:
            return EXIT_USAGE
        if not self.dry_run and (not self.complete or self.stopped):
            return EXIT_INCOMPLETE
        if self.validation.rows_invalid or self.api_rejected_rows or self.oversized_rows:
            return EXIT_ROWS_LEFT_OUT
        return EXIT_OK

    @property
    def status(self) -> str:
        if self.interrupted and not self.validation.rejected:
            return "interrupted"
        return {
            EXIT_OK: "ok",
            EXIT_ROWS_LEFT_OUT: "rows_left_out",
            EXIT_FILE_REJECTED: "rejected",
            EXIT_INCOMPLETE: "incomplete",
            EXIT_AUTH: "auth_refused",
            EXIT_USAGE: "usage_error",
        }[self.exit_code]

    def to_dict(self) -> dict[str, Any]:
        data = self.validation.to_dict()
        data.update(
            {
                "validation_status": data["status"],
                "status": "planned"
                if self.dry_run and not self.validation.rejected
                else self.status,
                "exit_code": self.exit_code,
                "campaign_id": self.campaign_id,
                "run_id": self.run_id,
                "resumed": self.resumed,
                "dry_run": self.dry_run,
                "ledger": self.ledger,
                "stopped": self.stopped,
                "chunks": [c.to_dict() for c in self.chunks],
                "api_rejected_rows": self.api_rejected_rows,
                "oversized_rows": self.oversized_rows,
                "totals": self.totals(),
                "duration_s": round(self.duration_s, 3),
            }
        )
        return data

    def to_json(self) -> str:
        return "".join(self.json_chunks())

    def json_chunks(self) -> Iterator[str]:
        """:meth:`to_json` in pieces, to write as they come."""
        return chunks(self.to_dict(), depth=3)

    def verdict(self) -> str:
        """The last line of :meth:`to_text`, alone (what ``--quiet`` prints)."""
        return self.validation.verdict() if self.validation.rejected else speak(_verdict(self))

    def to_text(self, *, validation: bool = True, verbose: bool = False) -> str:
        lines = [self.validation.to_text(verbose=verbose)] if validation else []
        if self.validation.rejected:
            return "\n".join(lines)
        title = "Plan (dry run, nothing sent)" if self.dry_run else "Upload"
        extra = f", run {self.run_id}" if self.run_id else ""
        extra += ", resumed" if self.resumed else ""
        lines += ["", f"{title} to campaign {self.campaign_id}{extra}"]
        lines += _chunk_lines(self.chunks, self.dry_run)
        if self.reconciliation is not None:
            lines += _reconciliation_lines(self.reconciliation, self.dry_run)
        lines += _refused_lines(self.api_rejected_rows)
        if self.stopped:
            lines.append(f"Stopped: {self.stopped}")
        lines.append(_verdict(self))
        return speak("\n".join(lines))


def _chunk_lines(chunks: list[ChunkReport], dry_run: bool) -> list[str]:
    """A line per chunk; of many, only those that were not plainly acknowledged."""
    shown = (
        chunks
        if len(chunks) <= 12
        else [c for c in chunks if c.status != "acknowledged" or c.in_doubt or c.resumed][:20]
    )
    lines = ["  " + _chunk_line(c, dry_run) for c in shown]
    if len(shown) < len(chunks):
        lines.append(f"  … {len(chunks) - len(shown)} more chunks acknowledged")
    return lines


def _reconciliation_lines(t: Reconciliation, dry_run: bool) -> list[str]:
    lines = []
    if not dry_run:
        lines = [
            "Reconciliation",
            f"  rows in file {t.rows_in_file:>9,} {'=' if t.file_balanced else '≠'} "
            f"{t.rows_valid:,} valid + {t.rows_invalid:,} invalid + {t.rows_skipped:,} skipped",
            f"  rows sent    {t.rows_sent:>9,} {'=' if t.sent_balanced else '≠'} "
            f"{t.leads_created:,} created + {t.leads_skipped:,} skipped by the API + "
            f"{t.rows_rejected_by_api:,} rejected by the API",
            f"  not sent     {t.rows_unsent:>9,}",
            f"  {'✓ reconciled' if t.reconciled else '✗ NOT reconciled'}",
        ]
    return lines + [f"  • {d.text()}" for d in t.differences]


def _refused_lines(refused: list[dict[str, Any]]) -> list[str]:
    lines = [
        f"  row {r['row']}: refused by DialNexa: {r['reason']} ({r['phone_number']})"
        for r in refused[:10]
    ]
    if len(refused) > 10:
        lines.append(f"  … and {len(refused) - 10} more refused rows")
    return lines


def _chunk_line(c: ChunkReport, dry_run: bool) -> str:
    head = (
        f"chunk {c.index:>3}: rows {c.first_row}-{c.last_row} "
        f"({plural(c.rows, 'row')}, {c.bytes:,} B)"
    )
    if dry_run:
        return head
    tail = f" {c.status}"
    if c.status == "acknowledged":
        tail += (
            f": created {c.leads_created:,}, skipped {c.leads_skipped:,}"
            if (c.leads_created is not None and c.leads_skipped is not None)
            else ""
        )
    elif c.error:
        tail += f": {c.error}"
    notes = [plural(c.attempts, "attempt")]
    if c.split_from is not None:
        notes.append(f"split from chunk {c.split_from}")
    if c.in_doubt:
        notes.append("was in doubt")
    if c.resumed:
        notes.append("acknowledged in an earlier run")
    return f"{head}{tail} [{', '.join(notes)}]"


def _verdict(report: UploadReport) -> str:
    code = report.exit_code
    t = report.totals()
    if report.dry_run:
        return (
            f"Result: dry run — {plural(len(report.chunks), 'chunk')} of "
            f"{plural(t['rows_planned'], 'row')} would be sent; nothing was."
        )
    if report.interrupted:
        name = signal.Signals(report.interrupted).name
        return (
            f"Result: interrupted by {name} (exit {code}): {plural(t['rows_unsent'], 'row')} "
            "not acknowledged yet. Run the same command again: it resumes and sends only "
            "what is missing."
        )
    if code == EXIT_USAGE:
        return (
            f"Result: DialNexa does not know campaign {report.campaign_id} (exit 2); nothing "
            "was uploaded. Check the id: it must be a campaign of this API key's workspace."
        )
    if code == EXIT_AUTH:
        return "Result: DialNexa refused the API key (exit 5); nothing was marked as bad data."
    unaccounted = [c for c in report.chunks if c.discrepancy]
    if code == EXIT_INCOMPLETE and unaccounted:
        rows = sum(c.rows - c.rows_rejected_by_api - c.rows_withheld for c in unaccounted)
        return (
            f"Result: NOT reconciled (exit 4): DialNexa's answers did not account for "
            f"{plural(len(unaccounted), 'chunk')} ({plural(rows, 'row')}); those rows are not "
            "recorded as uploaded. Run the same command again: it sends them again."
        )
    if code == EXIT_INCOMPLETE:
        return (
            f"Result: upload incomplete (exit 4): {plural(t['rows_unsent'], 'row')} not "
            "acknowledged. Run the same command again: it resumes and sends only what is missing."
        )
    if code == EXIT_ROWS_LEFT_OUT:
        return (
            f"Result: {plural(t['rows_sent'] - t['rows_rejected_by_api'], 'row')} uploaded; "
            "some rows were left out for errors (exit 1)."
        )
    if not t["rows_sent"]:
        return "Result: nothing new to upload; nothing was sent."
    return f"Result: all {plural(t['rows_sent'], 'row')} uploaded and reconciled."
