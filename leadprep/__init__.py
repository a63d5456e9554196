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
wired together by :mod:`~leadprep._validate`.
"""

from typing import TYPE_CHECKING

from ._exceptions import FileRejected, LeadprepError, UsageError
from ._lazy import lazy_exports
from ._version import __version__

if TYPE_CHECKING:  # what the lazy names below resolve to
    from ._prepare import prepare
    from ._upload import upload
    from ._validate import validate
    from .api import DialNexaClient, RetryPolicy
    from .findings import Finding
    from .ledger import Ledger
    from .phones import PhoneNormaliser, normalise_one
    from .reconcile import UploadReport
    from .report import Report
    from .routes import NetworkGroup, TelephonyConfig

# Everything else loads on first use: `import leadprep` (and so the `leadprep`
# command) starts in milliseconds, and `leadprep validate` can start reading a
# workbook on a second core while pandas is still being imported. The modules
# behind validate/upload/prepare are private so that a submodule of the same
# name never shadows the function.
_LAZY = {
    "validate": "._validate",
    "upload": "._upload",
    "prepare": "._prepare",
    "DialNexaClient": ".api",
    "RetryPolicy": ".api",
    "Ledger": ".ledger",
    "Finding": ".findings",
    "PhoneNormaliser": ".phones",
    "normalise_one": ".phones",
    "UploadReport": ".reconcile",
    "Report": ".report",
    "NetworkGroup": ".routes",
    "TelephonyConfig": ".routes",
}


__getattr__ = lazy_exports(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
