"""Reconcile: account for every row of an upload, and name any way it does not add up.

:func:`reconcile` works the numbers out from the validation's counts and what
happened to each chunk; the report renders them (:class:`Reconciliation`).
Counts come from answers that were believed; a part whose answer was not is still
counted as sent, so the equation shows the difference instead of hiding it.
"""

from __future__ import annotations

from ..report import ChunkReport, Difference, Reconciliation, UploadReport


def reconcile(report: UploadReport) -> Reconciliation:
    """The reconciliation of ``report`` (its validation and its chunks)."""
    v, chunks = report.validation, report.chunks
    acknowledged = [c for c in chunks if c.status == "acknowledged"]
    created, skipped = _answered(acknowledged)
    rejected = sum(c.rows_rejected_by_api for c in chunks)
    sent = sum(c.rows_sent for c in chunks)
    withheld = sum(c.rows_withheld for c in chunks)
    unsent = 0 if report.dry_run else v.rows_valid - sent - withheld
    file_balanced = v.rows_total == v.rows_valid + v.rows_invalid + v.rows_skipped
    sent_balanced = sent == created + skipped + rejected
    differences = _plan_differences(report)
    if not report.dry_run:
        differences += _chunk_differences(chunks)
        if not sent_balanced:
            answered = created + skipped + rejected
            differences.append(Difference("sent_unbalanced", {"sent": sent, "answered": answered}))
    unaccounted = sum(bool(c.discrepancy) for c in chunks)
    return Reconciliation(
        rows_in_file=v.rows_total,
        rows_valid=v.rows_valid,
        rows_invalid=v.rows_invalid,
        rows_skipped=v.rows_skipped,
        rows_planned=sum(c.rows for c in chunks),
        rows_oversized=len(report.oversized_rows),
        rows_sent=sent,
        leads_created=created,
        leads_skipped=skipped,
        rows_rejected_by_api=rejected,
        rows_withheld=withheld,
        rows_unsent=unsent,
        chunks_total=len(chunks),
        chunks_acknowledged=len(acknowledged),
        chunks_in_doubt=sum(c.in_doubt for c in chunks),
        chunks_unaccounted=unaccounted,
        file_balanced=file_balanced,
        sent_balanced=sent_balanced,
        reconciled=not (report.dry_run or unsent or unaccounted)
        and sent_balanced
        and file_balanced,
        differences=tuple(differences),
    )


def _answered(acknowledged: list[ChunkReport]) -> tuple[int, int]:
    """Leads created and skipped, by the answers that were believed."""
    created = sum(c.leads_created or 0 for c in acknowledged)
    return created, sum(c.leads_skipped or 0 for c in acknowledged)


def _plan_differences(report: UploadReport) -> list[Difference]:
    """What the plan leaves out: rows of the file not counted, valid rows not planned."""
    v = report.validation
    out: list[Difference] = []
    parts = v.rows_valid + v.rows_invalid + v.rows_skipped
    if v.rows_total != parts:
        out.append(Difference("file_unbalanced", {"total": v.rows_total, "parts": parts}))
    oversized = [int(r["row"]) for r in report.oversized_rows]
    planned = sum(c.rows for c in report.chunks) + len(oversized)
    if v.rows_valid != planned:
        out.append(Difference("unplanned", {"valid": v.rows_valid, "planned": planned}))
    if oversized:
        out.append(Difference("oversized", {"rows": oversized}))
    return out


def _chunk_differences(chunks: list[ChunkReport]) -> list[Difference]:
    """What each chunk leaves unaccounted; parts in doubt that were resent, in one line."""
    out: list[Difference] = []
    resent: list[ChunkReport] = []
    for c in chunks:
        left = c.rows - c.rows_rejected_by_api - c.rows_withheld
        if c.status == "acknowledged":
            answered = (c.leads_created or 0) + (c.leads_skipped or 0)
            if answered != left:
                out.append(
                    Difference(
                        "miscounted",
                        {
                            "chunk": c.index,
                            "sent": left,
                            "answered": answered,
                            "created": c.leads_created,
                            "skipped": c.leads_skipped,
                        },
                    )
                )
            if c.in_doubt and c.leads_skipped:
                resent.append(c)
        elif c.discrepancy:
            where = {"chunk": c.index, "first": c.first_row, "last": c.last_row}
            out.append(Difference("unaccounted", {**where, "why": c.discrepancy}))
        elif left:
            where = {"chunk": c.index, "first": c.first_row, "last": c.last_row}
            out.append(Difference("unacknowledged", {**where, "status": c.status, "rows": left}))
        if c.rows_withheld:
            out.append(Difference("withheld", {"chunk": c.index, "rows": c.rows_withheld}))
    if resent:  # one line for all of them: a long run may have dozens
        skipped = sum(c.leads_skipped or 0 for c in resent)
        out.append(Difference("resent", {"chunks": [c.index for c in resent], "skipped": skipped}))
    return out
