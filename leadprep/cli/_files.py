"""The file commands: ``validate``, ``upload``, ``prepare``, ``init``, ``demo`` and ``sandbox``.

Each turns its settings into a call of the Python API and prints the report:
``--report-json`` always, then the JSON, the verdict line (``--quiet``) or the text.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .._exceptions import LeadprepError, UsageError
from .._paths import check_outputs, write_atomically
from ..settings import (
    API_KEY,
    CAMPAIGN,
    CONFIG_OUTPUT,
    DB,
    DEFAULT_REGION,
    DIAL_AFTER_MS,
    ERRORS_OUTPUT,
    FAIL_AFTER_COMMIT_RATE,
    FAIL_RATE,
    FILE,
    FORMAT,
    HOST,
    KEEP,
    LATENCY_MS,
    OUT_DIR,
    PORT,
    QUIET,
    RATE_LIMIT,
    READ_ONLY_KEY,
    REPORT_HTML,
    REPORT_JSON,
    SEED,
    SHEET,
    TELEPHONY_CONFIG,
    VERBOSE,
    Settings,
)
from ._notify import notify_end

if TYPE_CHECKING:
    from ..report import Report, UploadReport


def _check_paths(settings: Settings) -> None:
    """Before anything is read: the errors file's format, and no output over an input
    or over another output of the same run."""
    from ..pipeline import inputs_of

    check_outputs(inputs_of(settings[FILE], settings), settings.files("writes"))
    errors_output = settings[ERRORS_OUTPUT]
    if errors_output and errors_output.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(
            f"--errors-output {str(errors_output)!r} must end in .csv or .xlsx",
            hint="pick the format by the file name",
        )


def _stderr_log(message: str) -> None:
    """A log line, after whatever stdout holds: one file gets both in the order made."""
    sys.stdout.flush()
    print(message, file=sys.stderr, flush=True)


def cmd_validate(settings: Settings) -> int:
    _check_paths(settings)
    _preload_workbook(settings)
    from ..pipeline import validate_with

    try:
        report = validate_with(settings[FILE], settings, progress=not settings[QUIET])
    except UsageError as exc:
        _usage_report(settings, exc)
        raise
    _name_reports(settings, report)
    _emit(settings, report.json_chunks, report, Rendered(report))
    return report.exit_code


def cmd_upload(settings: Settings) -> int:
    _check_paths(settings)
    _preload_workbook(settings)
    from ..delivery import upload_with

    quiet = settings[QUIET]
    try:
        report = upload_with(
            settings[FILE], settings, progress=not quiet, log=None if quiet else _stderr_log
        )
    except UsageError as exc:
        _usage_report(settings, exc)
        raise
    except LeadprepError as exc:  # the ledger, mostly: a cron job still gets its report
        stopped = _stopped_report(settings, exc)
        path = settings[REPORT_JSON]
        if path:
            write_atomically(path, stopped.to_json() + "\n")
        notify_end(settings, stopped.validation, exc.exit_code, stopped)
        raise
    _name_reports(settings, report.validation)
    _emit(settings, report.json_chunks, report.validation, Rendered(report.validation, report))
    return report.exit_code


def cmd_prepare(settings: Settings) -> int:
    _check_paths(settings)
    _preload_workbook(settings)
    from ..delivery import prepare_with

    report = prepare_with(settings[FILE], settings, progress=not settings[QUIET])

    def parts() -> list[str]:
        from ..report import plural

        if not report.chunks:
            return []
        n = len(report.chunks)
        return [
            f"\n{plural(n, 'part')} in {settings[OUT_DIR]}, ready to upload by hand:",
            *(
                f"  {c.file}  rows {c.first_row}-{c.last_row} "
                f"({plural(c.rows, 'row')}, {c.bytes:,} bytes)"
                for c in report.chunks
            ),
        ]

    code = (
        report.validation.exit_code
        if not report.oversized_rows
        else max(report.validation.exit_code, 1)
    )
    _name_reports(settings, report.validation)
    rendered = Rendered(report.validation, report, after=parts, upload_text=False)
    _emit(settings, report.json_chunks, report.validation, rendered, code=code)
    return code


def cmd_init(settings: Settings) -> int:
    """Print (or write) a config that makes FILE pass; exit 3 if none does."""
    from ..pipeline import inputs_of
    from ..suggest import suggest_config

    output = settings[CONFIG_OUTPUT]
    check_outputs(inputs_of(settings[FILE], settings), settings.files("writes"))
    found = suggest_config(settings[FILE], settings)
    if not found.passes:
        print(found.report.to_text(), file=sys.stderr)
        print(
            "error: no settings make this file uploadable — fix what the report names first",
            file=sys.stderr,
        )
        return int(found.report.exit_code)
    text = found.to_toml()
    if output:
        write_atomically(output, text)
        if not settings[QUIET]:
            print(f"wrote {output}: {found.report.verdict()}", file=sys.stderr)
    else:
        print(text, end="")
    return 0


def cmd_demo(settings: Settings) -> int:
    from ._demo import run_demo

    keep = settings[KEEP]
    return run_demo(keep=str(keep) if keep else None, quiet=settings[QUIET])


def cmd_sandbox(settings: Settings) -> int:
    from ..sandbox import SandboxConfig, serve

    key = settings[API_KEY]
    if not key:
        raise UsageError("the sandbox needs a key to accept", hint="pass --api-key KEY")
    routes = settings[TELEPHONY_CONFIG]
    config = SandboxConfig(
        api_key=key,
        read_only_key=settings[READ_ONLY_KEY],
        db=settings[DB],
        telephony=routes if isinstance(routes, Path) else None,
        default_region=settings[DEFAULT_REGION] or "IN",
        fail_rate=settings[FAIL_RATE],
        latency_ms=settings[LATENCY_MS],
        rate_limit=settings[RATE_LIMIT],
        fail_after_commit_rate=settings[FAIL_AFTER_COMMIT_RATE],
        dial_after_ms=settings[DIAL_AFTER_MS],
        seed=settings[SEED],
    )
    serve(config, host=settings[HOST], port=settings[PORT])
    return 0


def _preload_workbook(settings: Settings) -> None:
    """Start parsing an XLSX input on another core while the pipeline is imported."""
    from ..read import preload

    preload(settings[FILE], settings[SHEET])


class Rendered:
    """The text and HTML of a run's report, made only when asked for: on a file with
    100,000 bad rows, building output nobody reads costs a good part of a second."""

    def __init__(
        self,
        validation: Report,
        upload: UploadReport | None = None,
        *,
        after: Callable[[], list[str]] | None = None,
        upload_text: bool = True,
    ) -> None:
        self.validation, self.upload, self.after = validation, upload, after
        self.upload_text = upload_text

    def text(self, *, verbose: bool) -> str:
        if self.upload is not None and self.upload_text:
            lines = [self.upload.to_text(verbose=verbose)]
        else:
            lines = [self.validation.to_text(verbose=verbose)]
        if self.after is not None:
            lines.extend(self.after())
        return "\n".join(lines)

    def verdict(self) -> str:
        if self.upload is not None and self.upload_text:
            return self.upload.verdict()
        return self.validation.verdict()

    def html(self) -> str:
        from ..report import render_html

        return render_html(self.validation, self.upload)


def _name_reports(settings: Settings, report: Report) -> None:
    """The report files a run writes, in its ``outputs`` (before they are rendered)."""
    if settings[REPORT_JSON]:
        report.outputs["report"] = str(settings[REPORT_JSON])
    if settings[REPORT_HTML]:
        report.outputs["html"] = str(settings[REPORT_HTML])


def _emit(
    settings: Settings,
    json_of: Callable[[], Iterable[str]],
    report: Report,
    rendered: Rendered,
    *,
    code: int | None = None,
) -> None:
    """The report files (``--report-json``, ``--report-html``), then stdout — the JSON,
    the text, or with ``-q`` the verdict line unless all went well — then ``--notify``."""
    code = report.exit_code if code is None else code
    json_path, html_path = settings[REPORT_JSON], settings[REPORT_HTML]
    if json_path:
        write_atomically(json_path, itertools.chain(json_of(), "\n"))
    if html_path:
        write_atomically(html_path, rendered.html())
    if settings[FORMAT] == "json":
        sys.stdout.writelines(itertools.chain(json_of(), "\n"))
    elif settings[QUIET]:
        if code:
            print(rendered.verdict())
    else:
        print(rendered.text(verbose=settings[VERBOSE]))
    notify_end(settings, report, code, rendered.upload)


def _stopped_report(settings: Settings, exc: LeadprepError) -> UploadReport:
    """The upload report of a run that stopped on ``exc`` (exit 4: a rerun resumes)."""
    from ..delivery import reconcile
    from ..report import Report, UploadReport

    report = UploadReport(
        validation=Report(file=str(settings[FILE])),
        campaign_id=settings[CAMPAIGN],
        stopped=str(exc),
    )
    report.reconciliation = reconcile(report)
    return report


def _usage_report(settings: Settings, exc: UsageError) -> None:
    usage_report(settings[FILE], settings[REPORT_JSON], exc)


def usage_report(file: object, path: object, exc: LeadprepError) -> None:
    """A run refused before reading still leaves its ``--report-json`` (exit 2), unless
    that path is the input itself."""
    if not path:
        return
    from ..report import Report

    target = Path(str(path))
    try:
        check_outputs({"FILE": Path(str(file))}, {"--report-json": target})
    except UsageError:
        return
    report: Report = Report(file=str(file), usage_error=str(exc))
    report.write_json(target)
