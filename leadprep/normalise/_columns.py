"""Normalise stage, columns: header names → API variable names, and the column plan.

``" Customer Name "`` becomes ``customer_name``: invisible characters
and BOMs stripped, trimmed, lowercased, every run of spaces, hyphens and
punctuation turned into one ``_``. The plan says which source column becomes
which output column and which one is ``phone_number``; it refuses files whose
columns cannot be uploaded (missing phone column, duplicates, too many).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..dialnexa import MAX_CUSTOM_COLUMNS
from ..dialnexa import PHONE_COLUMN as PHONE
from ..findings import (
    REPORT_COLUMNS,
    DuplicateColumn,
    Finding,
    HeaderRenamed,
    MissingPhoneNumberColumn,
    ReportColumnsDropped,
    TooManyCustomColumns,
)
from ..read import column_letter

_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u200e\u200f\u2060\u00ad]")
_SEPARATORS = re.compile(r"[\W_]+")
_PHONE_LIKE = re.compile(r"phone|mobile|\bmob|cell|contact|msisdn|\btel|number|whats", re.I)


def normalise_header(name: str) -> str:
    """The variable name for header ``name`` (``""`` if nothing is left)."""
    cleaned = _INVISIBLE.sub("", name).strip().lower()
    return _SEPARATORS.sub("_", cleaned).strip("_")


def _clean_only(name: str) -> str:
    """What ``--keep-headers`` still does: drop invisible characters and outer spaces."""
    return _INVISIBLE.sub("", name).strip()


@dataclass
class ColumnPlan:
    """Which source columns go out, under which names."""

    #: source column position -> output name, in source order
    names: dict[int, str]
    #: source column position -> header as written in the file
    original: dict[int, str]
    phone_position: int
    findings: list[Finding] = field(default_factory=list)
    #: position of ``source_row`` when the input is a fixed leadprep errors file
    origin_position: int | None = None

    @property
    def columns(self) -> list[str]:
        return list(self.names.values())


def plan_columns(
    header: Sequence[str],
    *,
    header_row: int = 1,
    keep_headers: bool = False,
    phone_column: str | None = None,
) -> ColumnPlan:
    """Map ``header`` to output names; raise :class:`FileRejected` if it cannot upload."""
    rename = _clean_only if keep_headers else normalise_header
    names: dict[int, str] = {}
    original: dict[int, str] = {}
    report = _report_columns(header)
    for pos, raw in enumerate(header):
        if not raw.strip() or pos in report.values():
            continue  # blank header (the reader guarantees no data), or a report column
        name = rename(raw) or f"column_{column_letter(pos).lower()}"
        names[pos] = name
        original[pos] = raw

    phone_pos = _find_phone(names, original, phone_column, rename)
    names[phone_pos] = PHONE

    by_name: dict[str, list[int]] = defaultdict(list)
    for pos, name in names.items():
        by_name[name].append(pos)
    clashes = {n: ps for n, ps in by_name.items() if len(ps) > 1}
    if clashes:
        name, positions = next(iter(clashes.items()))
        described = ", ".join(f"{column_letter(p)} ({original[p]!r})" for p in positions)
        more = f" (and {len(clashes) - 1} more names)" if len(clashes) > 1 else ""
        raise DuplicateColumn.reject(
            f"columns {described} all become {name!r}{more}",
            hint="give every column a distinct name, or pass --phone-column"
            if name == PHONE
            else "give every column a distinct name",
        )

    custom = [n for p, n in names.items() if p != phone_pos]
    if len(custom) > MAX_CUSTOM_COLUMNS:
        raise TooManyCustomColumns.reject(
            f"{len(custom)} columns besides phone_number; DialNexa accepts at most "
            f"{MAX_CUSTOM_COLUMNS} ({', '.join(custom)})",
            hint="drop the columns the agent prompt does not use",
        )

    findings = [
        HeaderRenamed.finding(
            row=header_row,
            column=name,
            value=original[pos],
            letter=column_letter(pos),
            original=original[pos],
            name=name,
        )
        for pos, name in names.items()
        if name != original[pos]
    ]
    if report:
        listed = ", ".join(f"{column_letter(p)} {name!r}" for name, p in report.items())
        findings.insert(0, ReportColumnsDropped.finding(columns=listed))
    return ColumnPlan(
        names=names,
        original=original,
        phone_position=phone_pos,
        findings=findings,
        origin_position=report.get(REPORT_COLUMNS[0]),
    )


def _report_columns(header: Sequence[str]) -> dict[str, int]:
    """Report column → position, when the input is a leadprep errors file given back
    (all four columns there, by name); else empty."""
    found = {cell.strip(): pos for pos, cell in enumerate(header) if cell.strip() in REPORT_COLUMNS}
    return found if len(found) == len(REPORT_COLUMNS) else {}


def _find_phone(
    names: dict[int, str],
    original: dict[int, str],
    phone_column: str | None,
    rename: object,
) -> int:
    if phone_column is not None:
        wanted = phone_column.strip()
        for pos, raw in original.items():
            if _clean_only(raw) == wanted:
                return pos
        for pos, name in names.items():
            if name == normalise_header(wanted):
                return pos
        raise MissingPhoneNumberColumn.reject(
            f"--phone-column {phone_column!r} names no column",
            hint="the columns are: " + ", ".join(repr(o) for o in original.values()),
        )
    for pos, name in names.items():
        if name == PHONE:
            return pos
    candidates = [raw for raw in original.values() if _PHONE_LIKE.search(raw)]
    hint = (
        f"did you mean --phone-column {candidates[0]!r}?"
        if candidates
        else "rename the phone column to phone_number, or pass --phone-column NAME"
    )
    raise MissingPhoneNumberColumn.reject(
        "no phone_number column (columns: " + ", ".join(repr(o) for o in original.values()) + ")",
        hint=hint,
    )
