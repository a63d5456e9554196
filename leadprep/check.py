"""Check stage: apply spec §4's row rules to one batch at a time.

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
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .findings import (
    ALREADY_UPLOADED,
    DUPLICATE_PHONE_NUMBER,
    EMPTY_VARIABLE_VALUE,
    INVALID_PHONE_NUMBER,
    MISSING_PHONE_NUMBER,
    PHONE_PRECISION_LOST,
    SEVERITY,
    SUPPRESSED,
    UNSUPPORTED_COUNTRY,
    UNSUPPORTED_PREFIX,
    Finding,
    RowFindings,
)
from .headers import PHONE, ColumnPlan
from .phones import ObjArray, PhoneNormaliser
from .read import Batch
from .read._batch import BoolArray, IntArray
from .routes import TelephonyConfig
from .suppress import SuppressionList

#: Given E.164 numbers, which ones the ledger already holds for the campaign.
UploadedLookup = Callable[[ObjArray], BoolArray]

#: Row codes that leave a row out as an error (the others are deliberate skips).
_ERROR_CODES = np.array([c for c, sev in SEVERITY.items() if sev == "error"])


class SeenNumbers:
    """Every kept number so far and the row it was first kept on — compactly.

    E.164 numbers are at most 15 digits, so each is stored as an ``int64`` key in
    a sorted array beside its first row: 16 bytes a number, where a Python set of
    strings takes ~100. A 10M-row file's index stays around 160 MB.
    """

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.rows = np.empty(0, dtype=np.int32)  # row numbers fit: 12 bytes a number

    def first_rows(self, e164: ObjArray, rows: IntArray) -> IntArray:
        """For each number, the row it was first seen on (its own row if new); remember them."""
        import pyarrow as pa
        import pyarrow.compute as pc

        digits = pc.utf8_slice_codeunits(pa.array(e164, pa.string()), 1)
        keys = pc.cast(digits, pa.int64()).to_numpy(zero_copy_only=False)
        unique, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
        first = rows[first_index]
        if len(self.keys):
            at = np.searchsorted(self.keys, unique).clip(max=len(self.keys) - 1)
            known = self.keys[at] == unique
            first = np.where(known, self.rows[at], first)
            new = ~known
        else:
            new = np.ones(len(unique), dtype=bool)
        if new.any():
            keys_new, rows_new = unique[new], first[new]  # sorted: np.unique sorts
            where = np.searchsorted(self.keys, keys_new)
            self.keys = np.insert(self.keys, where, keys_new)  # one linear merge
            self.rows = np.insert(self.rows, where, rows_new)
        result: IntArray = first[inverse.ravel()]
        return result


@dataclass
class Prepared:
    """A batch after the order-independent rules (see :meth:`Checker.prepare`)."""

    batch: Batch
    text: ObjArray
    code: ObjArray
    reason: ObjArray
    e164: ObjArray
    region: ObjArray
    #: positions still uploadable, for the duplicate check
    ok: IntArray


@dataclass
class Checked:
    """One batch, split: rows to upload and rows left out, with their findings."""

    valid: pd.DataFrame
    valid_rows: IntArray
    #: every row-level finding of the batch, column-wise
    findings: list[RowFindings]
    #: rows with errors: original cells (source column positions) …
    rejected: pd.DataFrame
    #: … and where their findings are in ``findings[0]``
    rejected_at: IntArray
    n_invalid: int = 0
    n_skipped: int = 0
    #: rows in the batch (valid + invalid + skipped)
    n_rows: int = 0

    @property
    def rejected_findings(self) -> list[Finding]:
        """The findings of :attr:`rejected`, row for row (built on demand)."""
        return self.findings[0].findings(self.rejected_at)


@dataclass
class Checker:
    """Stateful across batches (duplicate detection); one per file."""

    plan: ColumnPlan
    phones: PhoneNormaliser
    routes: TelephonyConfig
    suppress: SuppressionList | None = None
    already_uploaded: UploadedLookup | None = None
    allow_duplicates: bool = False
    prompt_variables: list[str] = field(default_factory=list)
    _seen: SeenNumbers = field(default_factory=lambda: SeenNumbers())

    def check(self, batch: Batch) -> Checked:
        """Every rule, for one batch (batches must come in file order)."""
        return self.finish(self.prepare(batch))

    def prepare(self, batch: Batch) -> Prepared:
        """The rules that need no other batch: safe to run on several batches at once."""
        frame = batch.frame
        pos = self.plan.phone_position
        text = frame[pos].to_numpy(dtype=object)
        # Arrow-backed from the fast reader: hand the phone column over as Arrow.
        arrow = (
            frame[pos].array.__arrow_array__()
            if isinstance(frame[pos].dtype, pd.ArrowDtype)
            else None
        )
        n = len(frame)
        code = np.full(n, "", dtype=object)
        reason = np.full(n, "", dtype=object)
        e164 = np.full(n, "", dtype=object)
        region = np.full(n, "", dtype=object)

        code[text == ""] = MISSING_PHONE_NUMBER
        lossy = batch.lossy.get(pos)
        if lossy is not None:
            hit = lossy & (code == "")
            code[hit] = PHONE_PRECISION_LOST
            reason[hit] = "stored as a number with more than 15 digits; Excel rounded it"

        todo = np.flatnonzero(code == "")
        if arrow is not None:
            import pyarrow as pa

            answers = self.phones(arrow.take(pa.array(todo)))
        else:
            answers = self.phones(text[todo])
        code[todo], reason[todo] = answers.code, answers.reason
        e164[todo], region[todo] = answers.e164, answers.region

        ok = np.flatnonzero(code == "")
        code[ok] = self.routes.check_column(e164[ok], region[ok])

        ok = np.flatnonzero(code == "")
        if self.suppress is not None and len(self.suppress):
            hit = pd.Series(e164[ok], dtype=object).isin(self.suppress.numbers).to_numpy()
            code[ok[hit]] = SUPPRESSED
            ok = ok[~hit]
        if self.already_uploaded is not None and len(ok):
            hit = np.asarray(self.already_uploaded(e164[ok]), dtype=bool)
            code[ok[hit]] = ALREADY_UPLOADED
            ok = ok[~hit]
        return Prepared(batch, text, code, reason, e164, region, ok)

    def finish(self, prepared: Prepared) -> Checked:
        """Duplicates (which depend on every earlier batch), then split; in file order."""
        batch, text, code, reason, e164, region, ok = (
            prepared.batch,
            prepared.text,
            prepared.code,
            prepared.reason,
            prepared.e164,
            prepared.region,
            prepared.ok,
        )
        rows = batch.rows
        if not self.allow_duplicates and len(ok):
            first = self._seen.first_rows(e164[ok], rows[ok])
            repeat = first != rows[ok]
            code[ok[repeat]] = DUPLICATE_PHONE_NUMBER
            reason[ok[repeat]] = first[repeat].astype(str).astype(object)

        return self._split(batch, text, code, reason, e164, region)

    def _split(
        self,
        batch: Batch,
        text: ObjArray,
        code: ObjArray,
        reason: ObjArray,
        e164: ObjArray,
        region: ObjArray,
    ) -> Checked:
        frame, rows = batch.frame, batch.rows
        good = code == ""
        bad = np.flatnonzero(~good)
        b_code, b_text, b_reason, b_e164, b_region = (
            code[bad],
            text[bad],
            reason[bad],
            e164[bad],
            region[bad],
        )
        problems = [
            RowFindings(
                code=b_code,
                row=rows[bad],
                column=PHONE,
                value=b_text,
                describe=lambda i: self._message(
                    b_code[i], b_text[i], b_reason[i], b_e164[i], b_region[i]
                ),
            )
        ]
        is_error = np.isin(b_code.astype(str), _ERROR_CODES)

        plan = self.plan
        valid = frame.loc[good, list(plan.names)]
        valid.columns = pd.Index(plan.columns)
        valid[PHONE] = e164[good]
        valid = valid.reset_index(drop=True)
        valid_rows = rows[good]
        for var in self.prompt_variables:
            if var in valid.columns:
                blank = np.flatnonzero((valid[var] == "").to_numpy())
                if len(blank):
                    problems.append(
                        RowFindings(
                            code=np.full(len(blank), EMPTY_VARIABLE_VALUE, dtype=object),
                            row=valid_rows[blank],
                            column=var,
                            value=np.full(len(blank), "", dtype=object),
                            describe=functools.partial(_blank_message, var),
                        )
                    )
        rejected_at = np.flatnonzero(is_error)
        return Checked(
            valid=valid,
            valid_rows=valid_rows,
            findings=problems,
            rejected=frame.iloc[bad[rejected_at]],
            rejected_at=rejected_at,
            n_invalid=len(rejected_at),
            n_skipped=len(bad) - len(rejected_at),
            n_rows=len(rows),
        )

    def _message(self, code: str, text: str, reason: str, e164: str, region: str) -> str:
        if code == MISSING_PHONE_NUMBER:
            return "the phone number is blank"
        if code == PHONE_PRECISION_LOST:
            return f"{text!r} has lost digits: {reason}"
        if code == INVALID_PHONE_NUMBER:
            read_as = (
                ""
                if text.lstrip().startswith("+")
                else f" (read with default region {self.phones.region})"
            )
            return f"{text!r} is not a valid phone number{read_as}: {reason}"
        if code == UNSUPPORTED_COUNTRY:
            allowed = ", ".join(self.routes.enabled_countries) or "none"
            return f"{region} number {e164}; enabled countries: {allowed}"
        if code == UNSUPPORTED_PREFIX:
            return (
                f"number {e164} matches no enabled {region} prefix "
                f"(enabled: {self.routes.describe(region)})"
            )
        if code == SUPPRESSED:
            return f"number {e164} is on the do-not-call list"
        if code == ALREADY_UPLOADED:
            return f"number {e164} was already uploaded to this campaign"
        if code == DUPLICATE_PHONE_NUMBER:
            return f"same number as row {reason} ({e164}), which is kept"
        return reason


def _blank_message(var: str, _index: int) -> str:
    return f"{{{{{var}}}}} is blank on this row"
