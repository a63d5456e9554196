"""Run the command line: parse, dispatch, and turn every failure into one line and an exit code."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from .. import _cache
from .._exceptions import EXIT_INTERNAL, Interrupted, LeadprepError
from .._speech import speaking_to_the_command_line
from ..settings import FILE_COMMANDS, ConfigFile, Settings
from ._parser import command_named, parse


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code. Every failure is one line on stderr."""
    command, typed = parse(sys.argv[1:] if argv is None else list(argv))
    debug = bool(typed.get("debug"))
    with _signals_interrupt(), speaking_to_the_command_line():
        try:
            config = ConfigFile.load(str(typed["config"])) if "config" in typed else None
            settings = Settings.gather(command, typed, config)
        except LeadprepError as exc:
            if debug:
                traceback.print_exc()
            if command in FILE_COMMANDS:
                from ._files import usage_report

                usage_report(typed.get("file"), typed.get("report_json"), exc)
            print(f"error: {exc}", file=sys.stderr)
            return exc.exit_code
        return _dispatch(settings, debug=debug)


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While a command runs, SIGINT and SIGTERM (cron's and systemd's stop) interrupt it.

    Set for SIGINT too: a shell starts background jobs with SIGINT ignored, and
    Python then leaves it ignored, so ``kill -INT`` would do nothing. Only the main
    thread may set handlers; the previous ones are put back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _dispatch(settings: Settings, *, debug: bool) -> int:
    try:
        code: int = command_named(settings.command).load()(settings)
    except LeadprepError as exc:
        if debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:  # a signal before an upload could report it itself
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        todo = command_named(settings.command).interrupted
        print(f"error: interrupted by {signal.Signals(signum).name} — {todo}", file=sys.stderr)
        return 128 + signum
    except Exception as exc:  # a bug: say so plainly, traceback on request
        if debug:
            traceback.print_exc()
        print(
            f"error: unexpected {type(exc).__name__}: {exc} — "
            "re-run with --debug and report the traceback",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


#: Settings NumPy and pyarrow's allocator (mimalloc) read when they load, unless the
#: environment says otherwise. Nothing here uses BLAS, whose idle threads spin for
#: about a tenth of a second of CPU after NumPy loads. And no 2 MB pages: each batch
#: frees and allocates the same buffers, which on huge pages the kernel zeroes again
#: and again — up to a fifth of a run's CPU, varying from run to run with how many
#: huge pages it can find (``perf`` on ``bench/run.py``).
PROCESS_DEFAULTS = {
    "OPENBLAS_NUM_THREADS": "1",
    "NUMPY_MADVISE_HUGEPAGE": "0",
    "MIMALLOC_ALLOW_THP": "0",
}


#: The cyclic collector's thresholds for a command-line run (:func:`gc.set_threshold`;
#: the default is 700, 10, 10). An XLSX's rows come from calamine as one Python list
#: each, and a batch's 50,000 of them live until it is made columns: at the default,
#: the collector runs every 700 new lists and keeps scanning the live ones again as
#: they age. A 1M-row XLSX cron job: ~0.5 s less (``farm-bench``, 5 runs: paired ratio
#: 0.92, the same as switching the collector off; peak memory the same; openpyxl's
#: path, for the largest sheets, 88 → 65 s there); a CSV run makes few such objects
#: and does not change. Cycles are still collected.
GC_THRESHOLDS = (20_000, 50, 1_000)


def run() -> None:
    """Console entry point: tune the process, run, flush, and leave without tearing
    down the heap. Only the command line does this; the library changes nothing.

    Patterns compiled for the checks are kept between runs (:mod:`leadprep._cache`).

    After a large file the interpreter would spend a noticeable share of the run
    freeing millions of objects one by one; every file is closed and every
    report written by now, so the process ends at once.
    """
    for name, value in PROCESS_DEFAULTS.items():  # (before anything imports NumPy)
        os.environ.setdefault(name, value)
    keep_freed_memory()
    gc.set_threshold(*GC_THRESHOLDS)
    _cache.enable(_cache.default_folder())  # compiled patterns, kept between runs
    with without_pandas():
        code = main()
    _cache.save()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


#: glibc's ``M_TOP_PAD`` (malloc.h), and what it is set to.
_M_TOP_PAD = -2
TOP_PAD = 64 << 20


def keep_freed_memory() -> bool:
    """Have glibc keep 64 MB of freed heap for reuse instead of handing it back.

    Each batch allocates and frees the same few dozen arrays of a few MB; by
    default glibc gives freed memory at the top of its heaps back to the system
    and the next batch faults it in again, page by page: about a quarter of a
    million-row run's CPU time went to the kernel (``bench/run.py``; set this
    way, ~40% less of it, and the run ~8% faster). Peak memory is what the
    batches need either way. Anywhere but glibc this does nothing; returns
    whether it was set."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a libc without mallopt (musl has it; others?)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_TOP_PAD, TOP_PAD))


@contextmanager
def without_pandas() -> Iterator[None]:
    """Run with pandas unimportable, unless it is loaded already.

    pyarrow imports pandas whenever it turns Python objects into Arrow, to ask
    whether they are pandas objects: ~0.15 s, a tenth of a million-row run, for a
    question whose answer is always no on the command line (it reads files, and
    nothing in leadprep needs pandas for them). pyarrow treats an unimportable
    pandas as absent and works on; so does everything else here."""
    if "pandas" in sys.modules:
        yield
        return
    hide = _Hidden("pandas")
    sys.meta_path.insert(0, hide)
    try:
        yield
    finally:
        sys.meta_path.remove(hide)


class _Hidden:
    """An import finder (a ``find_spec`` is all ``sys.meta_path`` asks of one; its ABC,
    ``importlib.abc``, costs ~12 ms to import) that refuses one package and its modules."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname == self.name or fullname.startswith(self.name + "."):
            raise ImportError(f"{self.name} is not used by the command line")
