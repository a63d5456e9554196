"""The file commands: ``validate``, ``upload``, ``prepare``, ``demo`` and ``sandbox``.

Each turns its arguments into a call of the Python API and prints the report:
``--report-json`` always, then the JSON, the verdict line (``--quiet``) or the text.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._exceptions import LeadprepError, UsageError
from .._outputs import check_outputs, input_paths, write_atomically
from ..dialnexa import ENV_API_KEY

if TYPE_CHECKING:
    from ..report import Report, UploadReport


def _check_paths(args: argparse.Namespace) -> None:
    """Before anything is read: the errors file's format, and no output over an input
    or over another output of the same run."""
    errors_output = getattr(args, "errors_output", None)
    if errors_output and Path(errors_output).suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(
            f"--errors-output {errors_output!r} must end in .csv or .xlsx",
            hint="pick the format by the file name",
        )
    inputs = input_paths(args.file, vars(args))
    ledger = getattr(args, "ledger", None)
    outputs = {
        "--output": getattr(args, "output", None),
        "--errors-output": errors_output,
        "--report-json": args.report_json,
        "--ledger": ledger if ledger != "off" else None,
    }
    check_outputs(inputs, outputs)


def _stderr_log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_validate(args: argparse.Namespace) -> int:
    _check_paths(args)
    _preload_workbook(args)
    from ..pipeline import validate

    try:
        report = validate(
            args.file,
            output=args.output,
            errors_output=args.errors_output,
            progress=not args.quiet,
            **_rule_kwargs(args),
        )
    except UsageError as exc:
        if args.report_json:
            _usage_report(args.file, exc).write_json(args.report_json)
        raise
    as_json = report.to_json() if args.report_json or args.format == "json" else ""
    if args.report_json:
        report.outputs["report"] = args.report_json
    _emit(args, as_json, report.to_text, report.verdict)
    return report.exit_code


def cmd_upload(args: argparse.Namespace) -> int:
    _check_paths(args)
    _preload_workbook(args)
    from ..delivery import upload

    try:
        report = upload(
            args.file,
            args.campaign,
            base_url=args.base_url,
            api_key=args.api_key,
            chunk_rows=args.chunk_rows,
            concurrency=args.concurrency,
            ledger=args.ledger,
            dry_run=args.dry_run,
            allow_reupload=args.allow_reupload,
            lock_wait_s=args.lock_wait,
            max_attempts=args.max_attempts,
            timeout=args.timeout,
            allow_insecure_http=args.allow_insecure_http,
            errors_output=args.errors_output,
            progress=not args.quiet,
            log=None if args.quiet else _stderr_log,
            **_rule_kwargs(args),
        )
    except UsageError as exc:
        if args.report_json:
            _usage_report(args.file, exc).write_json(args.report_json)
        raise
    except LeadprepError as exc:  # the ledger, mostly: a cron job still gets its report
        if args.report_json:
            write_atomically(
                args.report_json, _stopped_report(args.file, args.campaign, exc).to_json() + "\n"
            )
        raise
    _emit(args, report.to_json(), report.to_text, report.verdict)
    return report.exit_code


def cmd_prepare(args: argparse.Namespace) -> int:
    _check_paths(args)
    _preload_workbook(args)
    from ..delivery import prepare

    report = prepare(
        args.file,
        args.out_dir,
        chunk_rows=args.chunk_rows,
        errors_output=args.errors_output,
        progress=not args.quiet,
        **_rule_kwargs(args),
    )

    def text() -> str:
        from ..report import plural

        lines = [report.validation.to_text()]
        if report.chunks:
            n = len(report.chunks)
            lines.append(f"\n{plural(n, 'part')} in {args.out_dir}, ready to upload by hand:")
            lines.extend(
                f"  part-{c.index:04d}.csv  rows {c.first_row}-{c.last_row} "
                f"({plural(c.rows, 'row')}, {c.bytes:,} bytes)"
                for c in report.chunks
            )
        return "\n".join(lines)

    _emit(args, report.to_json(), text, report.validation.verdict)
    return (
        report.validation.exit_code
        if not report.oversized_rows
        else max(report.validation.exit_code, 1)
    )


def cmd_init(args: argparse.Namespace) -> int:
    """Print (or write) a config that makes FILE pass; exit 3 if none does."""
    check_outputs(input_paths(args.file, vars(args)), {"--output": args.output})
    from ..configfile import suggest_config

    found = suggest_config(
        args.file,
        prompt=args.prompt,
        sheet=args.sheet,
        default_region=args.default_region,
        telephony_config=args.telephony_config,
    )
    if not found.passes:
        print(found.report.to_text(), file=sys.stderr)
        print(
            "error: no settings make this file uploadable — fix what the report names first",
            file=sys.stderr,
        )
        return int(found.report.exit_code)
    text = found.to_toml()
    if args.output:
        write_atomically(args.output, text)
        if not args.quiet:
            print(f"wrote {args.output}: {found.report.verdict()}", file=sys.stderr)
    else:
        print(text, end="")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ._demo import run_demo

    return run_demo(keep=args.keep, quiet=args.quiet)


def cmd_sandbox(args: argparse.Namespace) -> int:

    from ..check import TelephonyConfig
    from ..sandbox import SandboxConfig, serve

    key = args.api_key or os.environ.get(ENV_API_KEY)
    if not key:
        raise UsageError("the sandbox needs a key to accept", hint="pass --api-key KEY")
    config = SandboxConfig(
        api_key=key,
        read_only_key=args.read_only_key,
        db=args.db,
        telephony=TelephonyConfig.load(args.telephony_config) if args.telephony_config else None,
        default_region=args.default_region,
        fail_rate=args.fail_rate,
        latency_ms=args.latency_ms,
        rate_limit=args.rate_limit,
        fail_after_commit_rate=args.fail_after_commit_rate,
        dial_after_ms=args.dial_after_ms,
        seed=args.seed,
    )
    serve(config, host=args.host, port=args.port)
    return 0


def _rule_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "phone_column": args.phone_column,
        "default_region": args.default_region,
        "telephony_config": args.telephony_config,
        "suppress": args.suppress,
        "prompt": args.prompt,
        "keep_headers": args.keep_headers,
        "allow_duplicates": args.allow_duplicates,
        "sheet": args.sheet,
        "columns": args.columns,
        "drop_columns": args.drop_columns,
        "only_prompt_columns": args.only_prompt_columns,
        "header_row": args.header_row,
    }


def _preload_workbook(args: argparse.Namespace) -> None:
    """Start parsing an XLSX input on another core while the pipeline is imported."""
    from ..read import preload

    preload(args.file, args.sheet)


def _emit(
    args: argparse.Namespace,
    as_json: str,
    text: Callable[[], str],
    verdict: Callable[[], str],
) -> None:
    """``--report-json`` (always), then stdout: the JSON, the verdict line, or the text.

    ``text`` and ``verdict`` are rendered only when printed: on a file with
    100,000 bad rows, building output nobody reads costs a good part of a second.
    """
    if args.report_json:
        write_atomically(args.report_json, as_json + "\n")
    if args.format == "json":
        print(as_json)
    elif args.quiet:
        print(verdict())
    else:
        print(text())


def _stopped_report(file: str, campaign: str, exc: LeadprepError) -> UploadReport:
    """The upload report of a run that stopped on ``exc`` (exit 4: a rerun resumes)."""
    from ..report import Report, UploadReport

    return UploadReport(validation=Report(file=file), campaign_id=campaign, stopped=str(exc))


def _usage_report(file: str, exc: UsageError) -> Report:
    from ..report import Report

    return Report(file=file, usage_error=str(exc))
