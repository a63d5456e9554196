"""The one exception tree of leadprep.

Validation *findings* (a bad phone on row 12, a renamed header) are data, gathered
in a :class:`~leadprep.Report`. Exceptions are only for work that cannot go
on, and every one of them derives from :class:`LeadprepError` and carries the exit
code the CLI should end with::

    LeadprepError                 exit 1 (generic)
    ├── UsageError                exit 2  bad option, bad telephony config, unknown sheet
    ├── FileRejected              exit 3  the input file cannot be uploaded at all
    │                                      (.code is a file-level finding code)
    ├── LedgerError               exit 4  the upload ledger cannot be read or written
    │   └── LedgerBusy                    another upload holds it (delivery.LedgerBusy)
    └── ApiError                  exit 4  DialNexa refused or could not be reached
        ├── AuthenticationError   exit 5  401
        │   └── PermissionDeniedError     403
        ├── NotFoundError                 404
        ├── ConflictError                 409 (lead already dialled)
        ├── ApiValidationError            400/422, with .failed_rows from uploads
        ├── PayloadTooLargeError          413
        ├── RateLimitedError              429 after retries (.retry_after)
        ├── ServerError                   5xx after retries (.in_doubt)
        ├── BadResponseError              2xx whose body is not the documented JSON
        └── TransportError                no answer (.in_doubt once the body was sent)

Errors from pandas, openpyxl, xlrd and httpx are wrapped where they enter
(``raise FileRejected(...) from exc``) so callers only ever catch ``LeadprepError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._speech import speak

#: The exit codes of the command line (README), plus 70 for a bug in leadprep (BSD EX_SOFTWARE).
EXIT_OK = 0
EXIT_ROWS_LEFT_OUT = 1
EXIT_USAGE = 2
EXIT_FILE_REJECTED = 3
EXIT_INCOMPLETE = 4
EXIT_AUTH = 5
EXIT_INTERNAL = 70


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
        text = f"{self.message} — {self.hint}" if self.hint else self.message
        return speak(text)  # options named as the reader gives them (flags or keywords)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM: stop starting work, finish the bookkeeping, report, exit 128 + N.

    A :class:`KeyboardInterrupt`, so code that handles Ctrl-C handles SIGTERM too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class UsageError(LeadprepError):
    """The command was called wrongly: a bad option value, config file or sheet name."""

    exit_code = 2


class FileRejected(LeadprepError):
    """The input file as a whole cannot be uploaded (a file-level finding, exit 3)."""

    exit_code = 3

    def __init__(
        self, code: str, message: str, *, hint: str | None = None, fix: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.code = code
        #: the options (by long name) that make the file pass, when one set does
        self.fix: dict[str, Any] = fix or {}


class InputNotFound(FileRejected, FileNotFoundError):
    """The input path does not exist (from Python: raised, also a FileNotFoundError)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__("unreadable_file", message, hint=hint)


class InputNotReadable(FileRejected, PermissionError):
    """The input path cannot be read (from Python: raised, also a PermissionError)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__("unreadable_file", message, hint=hint)


class LedgerError(LeadprepError):
    """The upload ledger cannot be opened, read or written (damaged, read-only, disk full).

    Nothing is lost: what the ledger recorded before stays, and a rerun resumes
    once the ledger is usable again. The message names the ledger's path."""

    exit_code = 4


class ApiError(LeadprepError):
    """DialNexa answered with an error, or could not be reached.

    ``status_code`` is the HTTP status (``None`` when no answer came), ``body``
    the server's answer as text (never the request, never the API key).
    """

    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status_code: int | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status_code = status_code
        self.body = body


class AuthenticationError(ApiError):
    """401: the API key is missing, invalid or revoked. Nothing is retried."""

    exit_code = 5


class PermissionDeniedError(AuthenticationError):
    """403: the key lacks the permission, or (single calls) Telephony Config blocks it."""


class NotFoundError(ApiError):
    """404: no such campaign or lead in this workspace — the id given is wrong, so a
    usage error (exit 2) from every command, as from ``upload``."""

    exit_code = EXIT_USAGE


class ConflictError(ApiError):
    """409: conflicts with current state, e.g. the lead was already dialled."""


@dataclass(frozen=True)
class FailedRow:
    """One row DialNexa refused in an upload: where, which number, and why."""

    position: int | None
    phone_number: str | None
    reason: str
    group: str = ""


class ApiValidationError(ApiError):
    """400/422: the request was refused as invalid; ``failed_rows`` when the API listed rows."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status_code: int | None = None,
        body: str | None = None,
        failed_rows: tuple[FailedRow, ...] = (),
    ) -> None:
        super().__init__(message, hint=hint, status_code=status_code, body=body)
        self.failed_rows = failed_rows


class PayloadTooLargeError(ApiError):
    """413: the file is over DialNexa's size limit (:data:`~leadprep.dialnexa.FILE_CAP`)."""


class RateLimitedError(ApiError):
    """429 after every retry: ``retry_after`` seconds is what the server last asked for."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status_code: int | None = 429,
        body: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, hint=hint, status_code=status_code, body=body)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx after every retry. ``in_doubt`` if the request may have been carried out."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status_code: int | None = None,
        body: str | None = None,
        in_doubt: bool = False,
    ) -> None:
        super().__init__(message, hint=hint, status_code=status_code, body=body)
        self.in_doubt = in_doubt


class BadResponseError(ApiError):
    """A success status with a body that is not the JSON the docs describe."""


class TransportError(ApiError):
    """No usable answer: connection refused, reset, or timed out.

    ``in_doubt`` is True when the failure came *after* the request body was sent
    (read timeout, dropped connection): the server may have acted on it.
    """

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        in_doubt: bool = False,
    ) -> None:
        super().__init__(message, hint=hint)
        self.in_doubt = in_doubt
