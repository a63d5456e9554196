"""Check stage: apply the row rules to one batch at a time.

Each row gets at most one code, decided in this order (the first that applies):

1. ``missing_phone_number`` — blank phone cell
2. ``phone_precision_lost`` — numeric cell over 15 digits, or scientific notation
3. ``invalid_phone_number`` — phonenumbers says not valid (default region applies)
4. ``unsupported_country`` / ``unsupported_prefix`` — telephony routes
5. ``suppressed`` / ``already_uploaded`` — skipped on purpose, not errors
6. ``duplicate_phone_number`` — same E.164 as an earlier kept row (that row stays)

so a suppressed number that appears twice is suppressed twice, not a duplicate,
and a duplicate always names a row that is actually uploaded. Rows that pass are
returned with ``phone_number`` in E.164 and columns under their output names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._strings import byte_lengths
from .._types import BoolArray, IntArray, ObjArray, blank_texts
from ..dialnexa import PHONE_COLUMN as PHONE
from ..findings import (
    KINDS,
    ROW_ERROR_CODES,
    AlreadyUploaded,
    DuplicatePhoneNumber,
    EmptyVariableValue,
    Finding,
    FormulaLikeValue,
    InvalidEncoding,
    InvalidPhoneNumber,
    Kind,
    Messages,
    MissingPhoneNumber,
    PhonePrecisionLost,
    PhoneRecovered,
    RowFindings,
    Suppressed,
    SuspiciousNumber,
    UnsupportedCountry,
    UnsupportedPrefix,
)
from ..normalise import ColumnPlan, e164_arrow, e164_text
from ..read import Batch, Frame, arrow_column
from ._context import Context
from ._formulas import formula_like
from ._numbers import Recovered, placeholder, recover_numbers
from ._region import RegionWatch

#: The codes that are errors (the rest of a row's codes skip it on purpose).
_ERRORS = frozenset(ROW_ERROR_CODES)


class SeenNumbers:
    """Every kept number so far and the row it was first kept on — compactly.

    E.164 numbers are at most 15 digits, so each is stored as an ``int64`` key in
    a sorted array beside its first row: 16 bytes a number, where a Python set of
    strings takes ~100. A 10M-row file's index stays around 160 MB.
    """

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.rows = np.empty(0, dtype=np.int32)  # row numbers fit: 12 bytes a number

    def first_rows(self, keys: IntArray, rows: IntArray, groups: Groups | None = None) -> IntArray:
        """For each number (an E.164 integer key), the row it was first seen on
        (its own row if new); remember them. ``groups``: :func:`group_keys` of
        ``keys``, when worked out already (it needs no other batch)."""
        unique, first_index, inverse = groups if groups is not None else group_keys(keys)
        first = rows[first_index]
        # where each would go among the numbers kept so far (np.unique sorts them)
        where = np.searchsorted(self.keys, unique)
        if len(self.keys):
            at = where.clip(max=len(self.keys) - 1)
            known = self.keys[at] == unique
            first = np.where(known, self.rows[at], first)
            new = ~known
        else:
            new = np.ones(len(unique), dtype=bool)
        if new.any():
            self._merge(where[new], unique[new], first[new])
        result: IntArray = first[inverse]
        return result

    def _merge(self, where: IntArray, keys: IntArray, rows: IntArray) -> None:
        """Put sorted new ``keys`` (first seen on ``rows``) in at ``where``: one linear
        merge for both arrays (what ``np.insert`` does, but once, not per array)."""
        size = len(self.keys) + len(keys)
        slots = where + np.arange(len(keys))  # each new key's place in the merged array
        old = np.ones(size, dtype=bool)
        old[slots] = False
        merged_keys = np.empty(size, dtype=np.int64)
        merged_rows = np.empty(size, dtype=np.int32)
        merged_keys[old], merged_rows[old] = self.keys, self.rows
        merged_keys[slots], merged_rows[slots] = keys, rows
        self.keys, self.rows = merged_keys, merged_rows


#: A batch's distinct keys, where each first occurs, and each key's distinct index.
Groups = tuple[IntArray, IntArray, IntArray]


def group_keys(keys: IntArray) -> Groups:
    """``np.unique`` of ``keys`` with first indices and the inverse."""
    unique, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return unique, first_index, inverse.ravel()


@dataclass
class Prepared:
    """A batch after the order-independent rules (see :meth:`Checker.prepare`)."""

    batch: Batch
    #: the phone cells as read (a pyarrow string array)
    text: Any
    code: ObjArray
    reason: ObjArray
    #: E.164 integer keys (0 where not valid) and regions
    key: IntArray
    region: ObjArray
    #: positions still uploadable, for the duplicate check
    ok: IntArray
    #: kept column position -> True where the cell starts like a formula
    formulas: dict[int, BoolArray] = field(default_factory=dict)
    #: which phone column gave each row's number (``None``: always the first)
    source: IntArray | None = None
    #: rows whose phone was written as a number with all its digits, and the cell as read
    recovered: Recovered | None = None
    #: rows whose number looks like a placeholder, and why (:func:`placeholder`)
    placeholder: tuple[IntArray, ObjArray] | None = None
    #: the batch's numbers written without a country code (:meth:`RegionWatch.scan`)
    national: tuple[int, Any] = (0, None)
    #: :func:`group_keys` of the keys at ``ok`` (``None`` if duplicates are allowed)
    groups: Groups | None = None
    #: the rows at ``ok`` as they would go out (before duplicates are taken out)
    outgoing: Any = None


@dataclass
class Checked:
    """One batch, split: rows to upload and rows left out, with their findings."""

    #: the rows to upload: output column names, E.164 phones (a pyarrow Table)
    valid: Any
    valid_rows: IntArray
    #: every row-level finding of the batch, column-wise
    findings: list[RowFindings]
    #: the batch's cells, as read
    frame: Frame
    #: the rows with errors (indices into ``frame``) …
    rejected_rows: IntArray
    #: … and where their findings are in ``findings[0]``
    rejected_at: IntArray
    n_invalid: int = 0
    n_skipped: int = 0
    #: rows in the batch (valid + invalid + skipped)
    n_rows: int = 0

    @property
    def rejected(self) -> Frame:
        """The rows with errors, their original cells (made when asked for: only the
        errors file needs them)."""
        return self.frame.take(self.rejected_rows)

    @property
    def rejected_findings(self) -> list[Finding]:
        """The findings of :attr:`rejected`, row for row (built on demand)."""
        return self.findings[0].findings(self.rejected_at)


@dataclass
class Checker:
    """Stateful across batches (duplicate detection); one per file."""

    plan: ColumnPlan
    context: Context
    _seen: SeenNumbers = field(default_factory=lambda: SeenNumbers())
    _region: RegionWatch = field(init=False)

    def __post_init__(self) -> None:
        c = self.context
        self.phones, self.routes, self.suppress = c.phones, c.routes, c.suppress
        self.already_uploaded = c.already_uploaded
        self.allow_duplicates = c.allow_duplicates
        self.prompt_variables = list(c.prompt_variables)
        self._region = RegionWatch(self.phones.region)

    def check(self, batch: Batch) -> Checked:
        """Every rule, for one batch (batches must come in file order)."""
        return self.finish(self.prepare(batch))

    def prepare(self, batch: Batch) -> Prepared:
        """The rules that need no other batch: safe to run on several batches at once.

        Works on masks, integer keys and Arrow arrays; the only per-row Python
        objects made are the codes and reasons of rows that fail."""
        import pyarrow as pa

        text, source, lossy = self._phone_text(batch)
        n = len(text)
        text, recovered = recover_numbers(text)
        code = blank_texts(n)
        reason = blank_texts(n)
        key = np.zeros(n, dtype=np.int64)
        region = blank_texts(n)

        undecided = byte_lengths(text) > 0
        code[~undecided] = MissingPhoneNumber.code
        if self.plan.alternates and not undecided.all():
            # a blank phone with a number in another phone column: say where
            reason[~undecided] = self._elsewhere(batch, np.flatnonzero(~undecided))
        if lossy is not None:
            hit = lossy & undecided
            code[hit] = PhonePrecisionLost.code
            reason[hit] = "stored as a number with more than 15 digits; Excel rounded it"
            undecided &= ~hit

        todo = np.flatnonzero(undecided)
        answers = self.phones(text if len(todo) == n else text.take(pa.array(todo)))
        code[todo], reason[todo] = answers.code, answers.reason
        key[todo], region[todo] = answers.key, answers.region

        ok = todo[answers.key > 0]
        routed = self.routes.check_column(key[ok], region[ok])
        blocked = routed.astype(bool)
        code[ok[blocked]] = routed[blocked]
        ok = ok[~blocked]
        if self.suppress is not None and len(self.suppress):
            hit = np.isin(key[ok], self.suppress.keys)
            code[ok[hit]] = Suppressed.code
            ok = ok[~hit]
        if self.already_uploaded is not None and len(ok):
            hit = np.asarray(self.already_uploaded(e164_text(key[ok])), dtype=bool)
            code[ok[hit]] = AlreadyUploaded.code
            ok = ok[~hit]
        formulas = {}
        for position in self.plan.names:
            if position != self.plan.phone_position:
                hits = formula_like(arrow_column(batch.frame[position]))
                if hits.any():
                    formulas[position] = hits
        return Prepared(
            batch,
            text,
            code,
            reason,
            key,
            region,
            ok,
            formulas,
            source=source,
            recovered=recovered,
            placeholder=placeholder(key),
            national=self._region.scan(text),
            groups=None if self.allow_duplicates or not len(ok) else group_keys(key[ok]),
            outgoing=self._outgoing(batch.frame, ok, key[ok]),
        )

    def _outgoing(self, frame: Frame, ok: IntArray, keys: IntArray) -> Any:
        """Rows ``ok`` of ``frame`` as they go out (a pyarrow Table): output names,
        E.164 phones."""
        import pyarrow as pa

        names = list(self.plan.names.values())
        cells = [at for at, name in self.plan.names.items() if name != PHONE]
        kept = frame if len(ok) == len(frame) else frame.take(ok, cells)
        phones = e164_arrow(keys)
        arrays = [phones if name == PHONE else kept[at] for at, name in self.plan.names.items()]
        if PHONE not in names:
            names, arrays = [*names, PHONE], [*arrays, phones]
        return pa.Table.from_arrays(arrays, names=names)

    def _phone_text(self, batch: Batch) -> tuple[Any, IntArray | None, BoolArray | None]:
        """The phone cells: the phone column's, or where it is blank, the first fallback
        column's that is not (``--phone-column Mobile,Phone``); which column gave each
        (index into the plan's phone columns, ``None`` without fallbacks); and which
        cells had lost digits in Excel."""
        import pyarrow as pa
        import pyarrow.compute as pc

        positions = self.plan.phone_positions
        text = arrow_column(batch.frame[positions[0]])
        lossy = batch.lossy.get(positions[0])
        if len(positions) == 1:
            return text, None, lossy
        source = np.zeros(len(text), dtype=np.int64)
        for index, position in enumerate(positions[1:], start=1):
            blank = pc.equal(text, "")
            if not pc.any(blank).as_py():
                break
            other = arrow_column(batch.frame[position])
            # (a row an earlier fallback filled is no longer blank)
            take = blank.to_numpy(zero_copy_only=False) & pc.not_equal(other, "").to_numpy(
                zero_copy_only=False
            )
            source[take] = index
            text = pc.if_else(pa.array(take), other, text)
            extra = batch.lossy.get(position)
            if extra is not None:
                lossy = (lossy if lossy is not None else np.zeros(len(text), dtype=bool)) | (
                    extra & take
                )
        return text, source, lossy

    def _elsewhere(self, batch: Batch, rows: IntArray) -> ObjArray:
        """For rows with a blank phone: where another phone column has a number
        (``"; column E 'Work Phone' has …"``), or ``""``."""
        out = blank_texts(len(rows))
        for position in self.plan.alternates:
            cells = batch.frame.values(position)[rows]
            for i in np.flatnonzero((out == "") & (cells != "")).tolist():
                out[i] = (
                    f"; column {self.plan.describe(position)} has {cells[i]!r} "
                    f"(--phone-column {self.plan.with_fallback(position)} would use it)"
                )
        return out

    def file_findings(self) -> list[Finding]:
        """Findings about the whole file, known once every batch is checked."""
        mismatch = self._region.finding()
        return [mismatch] if mismatch is not None else []

    def finish(self, prepared: Prepared) -> Checked:
        """Duplicates (which depend on every earlier batch), then split; in file order."""
        import pyarrow as pa

        p = prepared
        rows, ok = p.batch.rows, p.ok
        self._region.add_scanned(*p.national)
        valid = p.outgoing
        if not self.allow_duplicates and len(ok):
            first = self._seen.first_rows(p.key[ok], rows[ok], p.groups)
            repeat = first != rows[ok]
            if repeat.any():
                p.code[ok[repeat]] = DuplicatePhoneNumber.code
                p.reason[ok[repeat]] = first[repeat].astype(str).astype(object)
                ok = ok[~repeat]
                valid = valid.filter(pa.array(~repeat))
        good = np.zeros(len(rows), dtype=bool)
        good[ok] = True
        return self._split(p, good, valid)

    def _split(self, p: Prepared, good: BoolArray, valid: Any) -> Checked:
        import pyarrow as pa
        import pyarrow.compute as pc

        frame, rows = p.batch.frame, p.batch.rows
        bad = np.flatnonzero(~good)
        b_code, b_reason, b_region = p.code[bad], p.reason[bad], p.region[bad]
        b_text = p.text.take(pa.array(bad)).to_numpy(zero_copy_only=False)
        b_e164 = e164_text(p.key[bad])
        origin = self.plan.origin_position
        b_origin = None if origin is None else frame.values(origin)[bad]
        b_source = None if p.source is None else p.source[bad]
        if p.recovered is not None:  # show the cell as written, not the digits read from it
            b_text = np.where(p.recovered.mask[bad], p.recovered.original[bad], b_text)
        problems = [
            RowFindings(
                code=b_code,
                row=rows[bad],
                column=PHONE,
                value=b_text,
                describe=Messages(
                    self._phone_message,
                    (b_code, b_text, b_reason, b_e164, b_region, b_source, b_origin),
                ),
            )
        ]
        is_error = np.fromiter(map(_ERRORS.__contains__, b_code), dtype=bool, count=len(b_code))

        valid_rows = rows[good]
        for var in self.prompt_variables:
            if var in valid.column_names:
                blank = np.flatnonzero(
                    pc.equal(valid.column(var), "").to_numpy(zero_copy_only=False)
                )
                if len(blank):
                    problems.append(
                        RowFindings(
                            code=np.full(len(blank), EmptyVariableValue.code, dtype=object),
                            row=valid_rows[blank],
                            column=var,
                            value=blank_texts(len(blank)),
                            describe=Messages(functools.partial(_blank_message, var)),
                        )
                    )
        problems.extend(self._phone_warnings(p, good))
        problems.extend(self._per_row(p.batch, p.batch.undecodable, InvalidEncoding))
        problems.extend(self._per_row(p.batch, p.formulas, FormulaLikeValue))
        rejected_at = np.flatnonzero(is_error)
        return Checked(
            valid=valid,
            valid_rows=valid_rows,
            findings=problems,
            frame=frame,
            rejected_rows=bad[rejected_at],
            rejected_at=rejected_at,
            n_invalid=len(rejected_at),
            n_skipped=len(bad) - len(rejected_at),
            n_rows=len(rows),
        )

    def _per_row(
        self, batch: Batch, flagged: dict[int, BoolArray], kind: type[Kind]
    ) -> list[RowFindings]:
        """Warnings of ``kind``, one per row with a flagged cell, naming the first one
        (``flagged``: column position → mask). The rows are uploaded all the same."""
        if not flagged:
            return []
        first = np.full(len(batch), -1, dtype=np.int64)
        for position in sorted(flagged):
            first[flagged[position] & (first < 0)] = position
        out = []
        for position in np.unique(first[first >= 0]).tolist():
            at = np.flatnonzero(first == position)
            column = self.plan.names.get(position, self.plan.original.get(position, ""))
            values = batch.frame.values(position)[at]
            out.append(
                RowFindings(
                    code=np.full(len(at), kind.code, dtype=object),
                    row=batch.rows[at],
                    column=column,
                    value=values,
                    describe=Messages(functools.partial(_cell_message, kind, column), (values,)),
                )
            )
        return out

    def _phone_message(
        self,
        code: str,
        text: str,
        reason: str,
        e164: str,
        region: str,
        source: int | None,
        origin: str | None,
    ) -> str:
        """A bad phone's message, and where the number came from if not the phone column."""
        return (
            self._message(code, text, reason, e164, region)
            + self._source_note(source)
            + _origin_note(origin)
        )

    def _source_note(self, source: int | None) -> str:
        """`` (from column G 'Phone')`` when a fallback column gave the number."""
        if not source:
            return ""
        position = self.plan.phone_positions[int(source)]
        return f" (from column {self.plan.describe(position)})"

    def _phone_warnings(self, p: Prepared, good: BoolArray) -> list[RowFindings]:
        """``phone_recovered`` and ``suspicious_number`` rows, column-wise."""
        out = []
        rows = p.batch.rows
        if p.recovered is not None:
            at = np.flatnonzero(p.recovered.mask)
            values = p.recovered.original[at]
            digits = p.text.take(at).to_numpy(zero_copy_only=False)
            out.append(
                _phone_block(
                    PhoneRecovered, rows[at], values, Messages(_recovered, (values, digits))
                )
            )
        if p.placeholder is None:
            return out
        at, why = p.placeholder
        kept = good[at]
        at, why = at[kept], why[kept]
        if len(at):
            e164 = e164_text(p.key[at])
            out.append(
                _phone_block(
                    SuspiciousNumber,
                    rows[at],
                    p.text.take(at).to_numpy(zero_copy_only=False),
                    Messages(_suspicious, (e164, why)),
                )
            )
        return out

    def _message(self, code: str, text: str, reason: str, e164: str, region: str) -> str:
        """The message of one row's finding, from its kind's template."""
        if code == InvalidPhoneNumber.code:
            read_as = (
                ""
                if text.lstrip().startswith("+")
                else f" (read with default region {self.phones.region})"
            )
            return InvalidPhoneNumber.message(
                text=text, read_as=read_as, reason=reason + _what_it_looks_like(text)
            )
        if code == UnsupportedCountry.code:
            allowed = ", ".join(self.routes.enabled_countries) or "none"
            return UnsupportedCountry.message(region=region, e164=e164, allowed=allowed)
        if code == UnsupportedPrefix.code:
            enabled = self.routes.describe(region)
            return UnsupportedPrefix.message(e164=e164, region=region, enabled=enabled)
        if code == DuplicatePhoneNumber.code:
            return DuplicatePhoneNumber.message(first_row=reason, e164=e164)
        return KINDS[code].message(text=text, reason=reason, e164=e164)


def _phone_block(
    kind: type[Kind], rows: IntArray, values: ObjArray, describe: Messages
) -> RowFindings:
    """Findings of ``kind`` on the phone column of ``rows`` (cells ``values``)."""
    return RowFindings(
        code=np.full(len(rows), kind.code, dtype=object),
        row=rows,
        column=PHONE,
        value=values,
        describe=describe,
    )


def _cell_message(kind: type[Kind], column: str, value: str) -> str:
    return kind.message(column=column, value=value)


def _recovered(value: str, digits: str) -> str:
    return PhoneRecovered.message(value=value, digits=digits)


def _suspicious(e164: str, why: str) -> str:
    return SuspiciousNumber.message(e164=e164, why=why)


#: Two phone numbers in one cell: ``98765 43213 / 98123 45678``.
_TWO_NUMBERS = re.compile(r"[0-9][0-9 ().-]{6,}[0-9]\s*(?:[/,;|&]|\bor\b|\band\b)\s*\+?[0-9]")


def _what_it_looks_like(text: str) -> str:
    """A word on the likely cause, for shapes a person recognises at once."""
    if _TWO_NUMBERS.search(text):
        return " — it looks like two numbers in one cell: keep one per row"
    return ""


def _origin_note(origin: str | None) -> str:
    """`` (row 14 of the original file)`` for a row of a fixed errors file given back."""
    if origin is None or not str(origin).strip():
        return ""
    return f" (row {str(origin).strip()} of the original file)"


def _blank_message(var: str) -> str:
    return EmptyVariableValue.message(var=var)
