"""The one exception tree of leadprep.

Validation *findings* (a bad phone on row 12, a renamed header) are data, gathered
in a :class:`~leadprep.report.Report`. Exceptions are only for work that cannot go
on, and every one of them derives from :class:`LeadprepError` and carries the exit
code the CLI should end with::

    LeadprepError                 exit 1 (generic)
    ├── UsageError                exit 2  bad option, bad telephony config, unknown sheet
    └── FileRejected              exit 3  the input file cannot be uploaded at all
                                           (.code is one of the spec's file-level codes)

Errors from pandas, openpyxl, xlrd and httpx are wrapped where they enter
(``raise FileRejected(...) from exc``) so callers only ever catch ``LeadprepError``.
"""

from __future__ import annotations


class LeadprepError(Exception):
    """Root of every error leadprep raises on purpose.

    ``hint`` says what the user can do about it; the CLI prints
    ``error: <message> — <hint>``.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class UsageError(LeadprepError):
    """The command was called wrongly: a bad option value, config file or sheet name."""

    exit_code = 2


class FileRejected(LeadprepError):
    """The input file as a whole cannot be uploaded (spec §4 file-level errors)."""

    exit_code = 3

    def __init__(self, code: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code
