"""Finding codes and the :class:`Finding` record.

Every problem leadprep reports is a ``Finding``: a code from spec §4, the
spreadsheet row (``None`` for file-level findings), the column, a message a person
can act on, and the offending value. Findings are plain data; the report groups
and renders them.

Severities:

* ``file``    — the file cannot be uploaded (exit 3)
* ``error``   — the row is left out (exit 1)
* ``skipped`` — the row is left out on purpose, not an error (exit unaffected)
* ``warning`` — informational, never changes the exit code
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Severity = Literal["file", "error", "skipped", "warning"]

# File-level errors (exit 3).
UNREADABLE_FILE = "unreadable_file"
UNSUPPORTED_FORMAT = "unsupported_format"
EMPTY_FILE = "empty_file"
NO_DATA_ROWS = "no_data_rows"
MISSING_PHONE_NUMBER_COLUMN = "missing_phone_number_column"
TOO_MANY_CUSTOM_COLUMNS = "too_many_custom_columns"
DUPLICATE_COLUMN = "duplicate_column"
EMPTY_COLUMN_NAME = "empty_column_name"
NO_ENABLED_COUNTRIES = "no_enabled_countries"

# Row-level errors (exit 1).
MISSING_PHONE_NUMBER = "missing_phone_number"
INVALID_PHONE_NUMBER = "invalid_phone_number"
PHONE_PRECISION_LOST = "phone_precision_lost"
UNSUPPORTED_COUNTRY = "unsupported_country"
UNSUPPORTED_PREFIX = "unsupported_prefix"
DUPLICATE_PHONE_NUMBER = "duplicate_phone_number"

# Rows left out on purpose.
SUPPRESSED = "suppressed"
ALREADY_UPLOADED = "already_uploaded"

# Warnings.
HEADER_RENAMED = "header_renamed"
FORMAT_MISMATCH = "format_mismatch"
FILE_TOO_LARGE = "file_too_large"
PROMPT_VARIABLE_MISSING = "prompt_variable_missing"
EMPTY_VARIABLE_VALUE = "empty_variable_value"

SEVERITY: dict[str, Severity] = {
    **dict.fromkeys(
        [
            UNREADABLE_FILE,
            UNSUPPORTED_FORMAT,
            EMPTY_FILE,
            NO_DATA_ROWS,
            MISSING_PHONE_NUMBER_COLUMN,
            TOO_MANY_CUSTOM_COLUMNS,
            DUPLICATE_COLUMN,
            EMPTY_COLUMN_NAME,
            NO_ENABLED_COUNTRIES,
        ],
        "file",
    ),
    **dict.fromkeys(
        [
            MISSING_PHONE_NUMBER,
            INVALID_PHONE_NUMBER,
            PHONE_PRECISION_LOST,
            UNSUPPORTED_COUNTRY,
            UNSUPPORTED_PREFIX,
            DUPLICATE_PHONE_NUMBER,
        ],
        "error",
    ),
    SUPPRESSED: "skipped",
    ALREADY_UPLOADED: "skipped",
    **dict.fromkeys(
        [
            HEADER_RENAMED,
            FORMAT_MISMATCH,
            FILE_TOO_LARGE,
            PROMPT_VARIABLE_MISSING,
            EMPTY_VARIABLE_VALUE,
        ],
        "warning",
    ),
}

#: What to do about each code, shown once per code in the text report.
HINTS: dict[str, str] = {
    UNREADABLE_FILE: "re-export the file from the source system (CSV UTF-8 or XLSX)",
    UNSUPPORTED_FORMAT: "export the list as CSV, XLSX or XLS",
    EMPTY_FILE: "check that the export actually wrote data",
    NO_DATA_ROWS: "the file has a header but no lead rows; check the export's filters",
    MISSING_PHONE_NUMBER_COLUMN: "rename the phone column to phone_number, "
    "or pass --phone-column NAME",
    TOO_MANY_CUSTOM_COLUMNS: "DialNexa accepts at most 15 columns besides phone_number; "
    "drop the columns the agent prompt does not use",
    DUPLICATE_COLUMN: "give every column a distinct name (names are compared after "
    "normalisation; --keep-headers compares them as written)",
    EMPTY_COLUMN_NAME: "give the column a header, or delete the stray cells",
    NO_ENABLED_COUNTRIES: "enable at least one network group in the telephony config",
    MISSING_PHONE_NUMBER: "fill in the phone number or delete the row",
    INVALID_PHONE_NUMBER: "correct the number; numbers from outside the default region "
    "need their country code (+44…), or set --default-region",
    PHONE_PRECISION_LOST: "the spreadsheet stored the phone as a number and rounded it; "
    "format the column as Text in the source and re-export",
    UNSUPPORTED_COUNTRY: "enable a network group for that country in Telephony Config, "
    "or remove these leads",
    UNSUPPORTED_PREFIX: "enable a network group whose prefixes cover these numbers, "
    "or remove these leads",
    DUPLICATE_PHONE_NUMBER: "the first occurrence is kept; remove the repeats, "
    "or pass --allow-duplicates",
    SUPPRESSED: "on the do-not-call list; nothing to do",
    ALREADY_UPLOADED: "already in this campaign; --allow-reupload sends it again",
    HEADER_RENAMED: "DialNexa column names are case-sensitive {{variables}}; "
    "--keep-headers keeps them as written",
    FORMAT_MISMATCH: "rename the file to match its real format",
    FILE_TOO_LARGE: "over DialNexa's 10 MB limit: upload splits it, prepare writes parts",
    PROMPT_VARIABLE_MISSING: "add a column with that name, or fix the placeholder",
    EMPTY_VARIABLE_VALUE: "the agent will see a blank for this variable on these rows",
}

#: Codes in the order the text report presents them.
ORDER: list[str] = list(SEVERITY)

MAX_VALUE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: ``code`` at spreadsheet ``row`` in ``column``.

    ``row`` and ``column`` are ``None`` for file-level findings. ``value`` is the
    cell as read (truncated to 200 characters so reports stay readable).
    """

    code: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.code]

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        if value is not None and len(value) > MAX_VALUE_CHARS:
            value = value[:MAX_VALUE_CHARS] + "…"
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "value": value,
        }


@dataclass(frozen=True)
class RowFindings:
    """Row-level findings of one batch, held column-wise (one entry per finding).

    A file with 100,000 bad rows would spend most of a second building Finding
    objects and messages of which the report keeps 10,000 per code; here counts
    and row numbers are taken from the arrays, and a :class:`Finding` (with its
    message, from ``describe(i)``) is made only for the entries someone keeps.
    """

    code: npt.NDArray[np.object_]
    row: npt.NDArray[np.int64]
    column: str
    value: npt.NDArray[np.object_]
    describe: Callable[[int], str]

    def __len__(self) -> int:
        return len(self.code)

    def finding(self, i: int) -> Finding:
        """Entry ``i`` as a :class:`Finding`."""
        return Finding(
            code=str(self.code[i]),
            row=int(self.row[i]),
            column=self.column,
            value=self.value[i],
            message=self.describe(i),
        )

    def findings(self, where: npt.NDArray[np.intp]) -> list[Finding]:
        """Entries ``where``, in order, as :class:`Finding` objects."""
        return [self.finding(i) for i in where.tolist()]
