"""``leadprep`` command line: the Python API behind flags derived from the options' declarations.

Every failure ends as one line ``error: <what> — <what to do>`` on stderr and the
exit code (0 ok · 1 rows left out · 2 usage · 3 file rejected ·
4 upload incomplete · 5 auth refused); a traceback only with ``--debug``.

Importing this package changes nothing in the process; the console entry
(:func:`run`) alone tunes it for a command-line run.
"""

from ._main import main, run
from ._parser import build_parser

__all__ = ["build_parser", "main", "run"]
