"""``leadprep`` command line: argparse front to the Python API.

Every failure ends as one line ``error: <what> — <what to do>`` on stderr and the
spec's exit code (0 ok · 1 rows left out · 2 usage · 3 file rejected ·
4 upload incomplete · 5 auth refused); a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from ._exceptions import LeadprepError, UsageError
from ._version import __version__
from .report import EXIT_INTERNAL, EXIT_USAGE, Report
from .validate import validate


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message} — see '{self.prog} --help'\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar; one-line result"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")


def _validation_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("validation rules")
    g.add_argument("--phone-column", metavar="NAME", help="column to use as phone_number")
    g.add_argument(
        "--default-region",
        metavar="CC",
        default="IN",
        help="region for numbers written without +country code (default: IN)",
    )
    g.add_argument(
        "--telephony-config",
        metavar="FILE",
        help="JSON of enabled network groups (schemas/telephony-config.schema.json)",
    )
    g.add_argument("--suppress", metavar="FILE", help="do-not-call list: these numbers are skipped")
    g.add_argument("--prompt", metavar="FILE", help="agent prompt: check its {{variables}}")
    g.add_argument(
        "--keep-headers", action="store_true", help="upload headers as written (no renaming)"
    )
    g.add_argument("--allow-duplicates", action="store_true", help="keep repeated phone numbers")
    g.add_argument("--sheet", metavar="NAME", help="Excel sheet to read (default: the first)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leadprep",
        description="Check lead lists against DialNexa's upload rules, then upload them.",
    )
    parser.add_argument("--version", action="version", version=f"leadprep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    v = sub.add_parser(
        "validate",
        help="check a CSV/XLSX/XLS file and report every row that would not upload",
        description="Check FILE against DialNexa's upload rules before anything is sent.",
    )
    v.add_argument("file", metavar="FILE")
    v.add_argument(
        "--output", "-o", metavar="CLEAN.csv", help="write the valid rows (E.164, UTF-8)"
    )
    v.add_argument(
        "--errors-output",
        metavar="ERRORS.csv|.xlsx",
        help="write each bad row with its row number, code and message",
    )
    v.add_argument("--report-json", metavar="PATH", help="write the JSON report (always written)")
    v.add_argument("--format", choices=("text", "json"), default="text", help="what goes to stdout")
    _validation_options(v)
    _common(v)
    v.set_defaults(handler=_cmd_validate)
    return parser


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
    }


def _cmd_validate(args: argparse.Namespace) -> int:
    if args.errors_output and Path(args.errors_output).suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(
            f"--errors-output {args.errors_output!r} must end in .csv or .xlsx",
            hint="pick the format by the file name",
        )
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
    if args.report_json:
        report.write_json(args.report_json)
        report.outputs["report"] = args.report_json
    if args.format == "json":
        print(report.to_json())
    elif args.quiet:
        print(report.to_text().splitlines()[-1])
    else:
        print(report.to_text())
    return report.exit_code


def _usage_report(file: str, exc: UsageError) -> Report:
    return Report(file=file, usage_error=str(exc))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except LeadprepError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("error: interrupted — run the command again to start over", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, traceback on request
        if args.debug:
            traceback.print_exc()
        print(
            f"error: unexpected {type(exc).__name__}: {exc} — "
            "re-run with --debug and report the traceback",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
