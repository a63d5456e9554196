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
)
from .headers import PHONE, ColumnPlan
from .phones import ObjArray, PhoneNormaliser
from .read import Batch
from .read._batch import BoolArray, IntArray
from .routes import TelephonyConfig
from .suppress import SuppressionList

#: Given E.164 numbers, which ones the ledger already holds for the campaign.
UploadedLookup = Callable[[ObjArray], BoolArray]


@dataclass
class Checked:
    """One batch, split: rows to upload and rows left out, with their findings."""

    valid: pd.DataFrame
    valid_rows: IntArray
    findings: list[Finding]
    #: rows with errors: original cells (source column positions) and their findings
    rejected: pd.DataFrame
    rejected_findings: list[Finding]
    n_invalid: int = 0
    n_skipped: int = 0


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
    _first_seen: dict[str, int] = field(default_factory=dict)

    def check(self, batch: Batch) -> Checked:
        frame, rows = batch.frame, batch.rows
        pos = self.plan.phone_position
        text = frame[pos].to_numpy(dtype=object)
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
        if not self.allow_duplicates:
            seen = self._first_seen
            for i in ok:
                first = seen.setdefault(e164[i], int(rows[i]))
                if first != rows[i]:
                    code[i] = DUPLICATE_PHONE_NUMBER
                    reason[i] = str(first)

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
        findings = [
            Finding(
                code=code[i],
                row=int(rows[i]),
                column=PHONE,
                value=text[i],
                message=self._message(code[i], text[i], reason[i], e164[i], region[i]),
            )
            for i in bad
        ]
        is_error = np.array([SEVERITY[c] == "error" for c in code[bad]], dtype=bool)
        errors = [f for f, err in zip(findings, is_error, strict=True) if err]

        plan = self.plan
        valid = frame.loc[good, list(plan.names)]
        valid.columns = pd.Index(plan.columns)
        valid[PHONE] = e164[good]
        valid = valid.reset_index(drop=True)
        valid_rows = rows[good]
        for var in self.prompt_variables:
            if var in valid.columns:
                blank = np.flatnonzero((valid[var] == "").to_numpy())
                findings.extend(
                    Finding(
                        code=EMPTY_VARIABLE_VALUE,
                        row=int(valid_rows[i]),
                        column=var,
                        value="",
                        message=f"{{{{{var}}}}} is blank on this row",
                    )
                    for i in blank
                )
        return Checked(
            valid=valid,
            valid_rows=valid_rows,
            findings=findings,
            rejected=frame.iloc[bad[is_error]],
            rejected_findings=errors,
            n_invalid=int(is_error.sum()),
            n_skipped=int((~is_error).sum()),
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
