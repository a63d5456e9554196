"""Run the command line: parse, dispatch, and turn every failure into one line and an exit code."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from .._exceptions import EXIT_INTERNAL, LeadprepError
from ._parser import build_parser


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


def run() -> None:
    """Console entry point: run, flush, and leave without tearing down the heap.

    After a large file the interpreter would spend a noticeable share of the run
    freeing millions of objects one by one; every file is closed and every
    report written by now, so the process ends at once.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
