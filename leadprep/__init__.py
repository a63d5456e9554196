"""leadprep — get lead lists into DialNexa without losing or doubling a row.

Python API::

    import leadprep
    result = leadprep.validate("leads.xlsx", telephony_config="routes.json")
    if result.exit_code == 3:
        raise SystemExit(result.to_text())
    result.valid           # DataFrame: the rows as they would be uploaded
    result.errors          # DataFrame: each bad row, with code, message and hint
    result.report          # the JSON report (schemas/validation-report.schema.json)

The package follows the pipeline: :mod:`~leadprep.read` → :mod:`~leadprep.normalise`
→ :mod:`~leadprep.check` → :mod:`~leadprep.report` / :mod:`~leadprep.write`, wired
together by :mod:`~leadprep.pipeline`; then :mod:`~leadprep.delivery` (chunk, ledger,
send, prepare) through :mod:`~leadprep.api`. :mod:`~leadprep.findings` names every
finding, :mod:`~leadprep.dialnexa` every limit of DialNexa's; :mod:`~leadprep.sandbox`
is a local DialNexa, :mod:`~leadprep.cli` the command line.
"""

from typing import TYPE_CHECKING

from ._exceptions import (
    ApiError,
    ApiValidationError,
    AuthenticationError,
    BadResponseError,
    ConflictError,
    FailedRow,
    FileRejected,
    InputNotFound,
    InputNotReadable,
    LeadprepError,
    LedgerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TransportError,
    UsageError,
)
from ._lazy import lazy_exports
from ._version import __version__

if TYPE_CHECKING:  # what the lazy names below resolve to
    from .api import DialNexaClient, RetryPolicy
    from .check import NetworkGroup, TelephonyConfig
    from .delivery import Ledger, prepare, upload
    from .findings import Finding
    from .normalise import PhoneNormaliser, normalise_one
    from .pipeline import validate
    from .report import Report, Result, UploadReport

# Everything else loads on first use: `import leadprep` (and so the `leadprep`
# command) starts in milliseconds, and `leadprep validate` can start reading a
# workbook on a second core while NumPy and pyarrow are still being imported.
_LAZY = {
    "validate": ".pipeline",
    "upload": ".delivery",
    "prepare": ".delivery",
    "DialNexaClient": ".api",
    "RetryPolicy": ".api",
    "Ledger": ".delivery",
    "Finding": ".findings",
    "PhoneNormaliser": ".normalise",
    "normalise_one": ".normalise",
    "UploadReport": ".report",
    "Report": ".report",
    "Result": ".report",
    "NetworkGroup": ".check",
    "TelephonyConfig": ".check",
}


__getattr__ = lazy_exports(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "ApiError",
    "ApiValidationError",
    "AuthenticationError",
    "BadResponseError",
    "ConflictError",
    "DialNexaClient",
    "FailedRow",
    "FileRejected",
    "Finding",
    "InputNotFound",
    "InputNotReadable",
    "LeadprepError",
    "Ledger",
    "LedgerError",
    "NetworkGroup",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PhoneNormaliser",
    "RateLimitedError",
    "Report",
    "Result",
    "RetryPolicy",
    "ServerError",
    "TelephonyConfig",
    "TransportError",
    "UploadReport",
    "UsageError",
    "__version__",
    "normalise_one",
    "prepare",
    "upload",
    "validate",
]
