"""``leadprep`` command line: argparse front to the Python API.

Every failure ends as one line ``error: <what> — <what to do>`` on stderr and the
exit code (0 ok · 1 rows left out · 2 usage · 3 file rejected ·
4 upload incomplete · 5 auth refused); a traceback only with ``--debug``.
"""

import os

# Settings NumPy and pyarrow's allocator (mimalloc) read when they load (the modules
# below import them), unless the environment says otherwise. Nothing here uses BLAS,
# whose idle threads spin for about a tenth of a second of CPU after NumPy loads.
# And no 2 MB pages: each batch frees and allocates the same buffers, which on huge
# pages the kernel zeroes again and again — up to a fifth of a run's CPU, varying
# from run to run with how many huge pages it can find (``perf`` on ``bench/run.py``).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")

# (after the settings: these import NumPy)
from ._main import main, run
from ._parser import build_parser

__all__ = ["build_parser", "main", "run"]
