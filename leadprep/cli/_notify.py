"""``--notify URL``: when a run ends, POST a short JSON summary to URL.

For the cron job whose exit code nobody reads: a Slack or Teams incoming webhook,
or any endpoint that takes JSON. The summary has a Slack-style ``text`` (one line a
person reads in a channel) and the figures a machine reads: command, file, status,
exit code, row counts, the report files written, and for uploads the reconciliation.
It holds nothing else — never the API key, never a lead's cells.

A notification that fails (refused, timed out, answered 4xx/5xx) is a warning on
stderr and changes nothing: the exit code stays the run's. The URL itself is not
printed (a webhook URL is a secret); its host is.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._speech import speak
from ..settings import FILE, NOTIFY, Settings

if TYPE_CHECKING:
    from ..report import Report, UploadReport

#: A notification may not hold the job up for long.
TIMEOUT_S = 10.0


def summary(
    settings: Settings, report: Report, code: int, upload: UploadReport | None = None
) -> dict[str, Any]:
    """What is posted: a Slack-style ``text`` and the run's figures."""
    verdict = speak((upload or report).verdict()).removeprefix("Result: ")
    data: dict[str, Any] = {
        "text": f"leadprep {settings.command} {settings[FILE]}: {verdict}",
        "command": settings.command,
        "file": str(settings[FILE]),
        "status": report.status,
        "exit_code": code,
        "rows_total": report.rows_total,
        "rows_valid": report.rows_valid,
        "rows_invalid": report.rows_invalid,
        "rows_skipped": report.rows_skipped,
        "reports": {k: v for k, v in report.outputs.items() if k in ("report", "html", "errors")},
    }
    if upload is not None and upload.reconciliation is not None:
        totals = upload.totals()
        data["upload"] = {
            key: totals.get(key)
            for key in ("reconciled", "rows_sent", "leads_created", "leads_skipped")
        }
        data["campaign_id"] = upload.campaign_id
    return data


def notify_end(
    settings: Settings, report: Report, code: int, upload: UploadReport | None = None
) -> bool:
    """POST the run's summary to ``--notify`` (if given); whether it was delivered."""
    url = settings[NOTIFY]
    if not url:
        return False
    import httpx

    host = urlsplit(url).hostname or "the URL"
    try:
        answer = httpx.post(url, json=summary(settings, report, code, upload), timeout=TIMEOUT_S)
        answer.raise_for_status()
    except (httpx.HTTPError, ValueError) as exc:
        what = (
            f"answered {exc.response.status_code}"
            if isinstance(exc, httpx.HTTPStatusError)
            else type(exc).__name__
        )
        sys.stdout.flush()  # (the report printed before it comes first in a shared log)
        print(
            f"warning: --notify to {host} failed ({what}) — the run's result and exit code "
            "are unchanged; check the URL",
            file=sys.stderr,
        )
        return False
    return True
