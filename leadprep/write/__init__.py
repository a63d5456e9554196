"""Write stage: the files written beside a report — the clean CSV and the errors sheet.

Every file is written to a temporary file beside its target and renamed into
place only when the run got that far (:class:`AtomicFile`); errors sheets are
neutralised against formula injection. The XLSX writer is :mod:`._xlsx`.
"""

from .._paths import AtomicFile
from ._files import (
    ERROR_META,
    REFUSED_BY_API,
    CleanCsvWriter,
    ErrorsWriter,
    add_refused_rows,
    neutralise,
)

__all__ = [
    "ERROR_META",
    "REFUSED_BY_API",
    "AtomicFile",
    "CleanCsvWriter",
    "ErrorsWriter",
    "add_refused_rows",
    "neutralise",
]
