"""leadprep — get lead lists into DialNexa without losing or doubling a row.

Python API::

    import leadprep
    report = leadprep.validate("leads.xlsx", telephony_config="routes.json")
    if report.exit_code == 3:
        raise SystemExit(report.to_text())
    report.to_dict()       # the JSON report (schemas/validation-report.schema.json)

Modules follow the pipeline: :mod:`~leadprep.read` → :mod:`~leadprep.headers` /
:mod:`~leadprep.phones` (normalise) → :mod:`~leadprep.check` (with
:mod:`~leadprep.routes`) → :mod:`~leadprep.report` → :mod:`~leadprep.outputs`,
wired together by :mod:`~leadprep.validate`.
"""

from ._exceptions import FileRejected, LeadprepError, UsageError
from ._version import __version__
from .findings import Finding
from .phones import PhoneNormaliser, normalise_one
from .prepare import prepare
from .reconcile import UploadReport
from .report import Report
from .routes import NetworkGroup, TelephonyConfig
from .upload import upload
from .validate import validate

# The API client (httpx) and the ledger load on first use. (Functions that share
# their module's name — upload, prepare — are imported above: a lazily provided
# attribute would be shadowed by the submodule once anything imports it.)
_LAZY = {
    "DialNexaClient": ".api",
    "RetryPolicy": ".api",
    "Ledger": ".ledger",
}


def __getattr__(name: str) -> object:
    """Load the upload side (httpx, SQLite) only when it is asked for."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'leadprep' has no attribute {name!r}")


__all__ = [
    "DialNexaClient",
    "Ledger",
    "RetryPolicy",
    "UploadReport",
    "prepare",
    "upload",
    "FileRejected",
    "Finding",
    "LeadprepError",
    "NetworkGroup",
    "PhoneNormaliser",
    "Report",
    "TelephonyConfig",
    "UsageError",
    "__version__",
    "normalise_one",
    "validate",
]
