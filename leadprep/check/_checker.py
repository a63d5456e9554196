"""Check stage: run the row rules over each batch, then split it into rows to upload
and rows left out.

:class:`Checker` is one per file. :meth:`Checker.prepare` runs every rule's
order-free step (safe on worker threads, several batches at once);
:meth:`Checker.finish` runs every rule's in-order step (duplicates) on batches in
file order and splits the batch into a :class:`Checked`. Which rules run, and in
which order, is :data:`~leadprep.check.rules.RULES` (read when a checker is made);
the checker knows none of them.
Rows that pass go out with ``phone_number`` in E.164 and columns under their
output names.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._exceptions import FileRejected
from .._types import IntArray, ObjArray
from ..dialnexa import PHONE_COLUMN as PHONE
from ..findings import KINDS, Cells, Finding, LeftOut, Lines, Messages, RowFindings, severity
from ..normalise import ColumnPlan, country_codes, e164_arrow, e164_text
from ..read import Batch, Frame, arrow_column
from . import rules
from ._context import Context
from ._lot import Lot
from ._region import RegionWatch
from ._rule import Rule


@dataclass
class Checked:
    """One batch, split: rows to upload and rows left out, with their findings."""

    #: the rows to upload: output column names, E.164 phones (a pyarrow Table)
    valid: Any
    valid_rows: IntArray
    #: every row-level finding of the batch, column-wise (the rows left out first)
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
    #: per output column, the rows with a cell in it
    filled: dict[str, int] = field(default_factory=dict)
    #: the valid numbers: E.164 keys, and a count by calling code (0-999)
    keys: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    codes: IntArray = field(default_factory=lambda: np.zeros(1000, dtype=np.int64))

    @property
    def rejected(self) -> Frame:
        """The rows with errors, their original cells (made when asked for: only the
        errors file needs them)."""
        return self.frame.take(self.rejected_rows)

    @property
    def rejected_findings(self) -> list[Finding]:
        """The findings of :attr:`rejected`, row for row (built on demand)."""
        return self.findings[0].findings(self.rejected_at)

    @property
    def rejected_lines(self) -> Lines:
        """The row, code, column and message of :attr:`rejected`, row for row: an errors
        file's share of the findings."""
        return self.findings[0].lines(self.rejected_at)


@dataclass
class Checker:
    """The rules of one run over one file's batches (stateful across batches)."""

    plan: ColumnPlan
    context: Context
    #: write the messages of rows left out by the order-free rules on the workers, in
    #: :meth:`prepare` (an errors file wants every one; the report a few)
    write_ahead: bool = False
    active: list[Rule] = field(init=False)
    _region: RegionWatch = field(init=False)

    def __post_init__(self) -> None:
        self.active = [
            rule(self.context, self.plan) for rule in rules.RULES if rule.wanted(self.context)
        ]
        self._region = RegionWatch.for_plan(
            self.context.region, self.context.region_given, self.plan.original
        )
        self._errors = frozenset(code for code in KINDS if severity(code) == "error")

    def prepare(self, batch: Batch) -> Lot:
        """Every rule's order-free step (safe to run on several batches at once); with
        :attr:`write_ahead`, the messages of the rows they left out."""
        lot = Lot.start(batch, self.plan, self.context)
        for rule in self.active:
            rule.check(lot)
        if self.write_ahead:
            closed = np.ones(len(lot), dtype=bool)
            closed[lot.open] = False
            at = np.flatnonzero(closed)
            lot.notes["written"] = (
                at,
                self._messages(*self._left_out_cells(lot, at), *self._whence(lot, at)),
            )
        lot.notes["national"] = self._region.scan(
            lot.text, lot.batch.frame, lot.notes.get("extensions"), lot.notes.get("region_given")
        )
        lot.outgoing = self._outgoing(lot)
        lot.notes["filled"] = self._filled(lot)
        return lot

    def _filled(self, lot: Lot) -> dict[str, int]:
        """Per output column, the batch's rows with a cell in it (the phone: any of its
        columns)."""
        import pyarrow.compute as pc

        counts = {PHONE: len(lot) - int(pc.sum(pc.equal(lot.text, "")).as_py() or 0)}
        for position, name in self.plan.names.items():
            if name != PHONE:
                column = arrow_column(lot.batch.frame[position])
                counts[name] = len(lot) - int(pc.sum(pc.equal(column, "")).as_py() or 0)
        return counts

    def finish(self, lot: Lot) -> Checked:
        """Every rule's in-order step, then the split; batches in file order."""
        self._region.add_scanned(*lot.notes["national"])
        for rule in self.active:
            rule.finish(lot)
        return self._split(lot)

    def region_sampled(self) -> bool:
        """Has the region check seen all the numbers it judges a list by?"""
        return self._region.sampled()

    def region_decision(self) -> dict[str, Any]:
        """The region check's record (:meth:`RegionWatch.decision`)."""
        return self._region.decision()

    def file_findings(self) -> list[Finding]:
        """Findings about the whole file, known once every batch is checked; a list that
        is another country's (and the region was not given) is refused."""
        mismatch = self._region.finding()
        if mismatch is None:
            return []
        if mismatch.severity == "file":
            raise FileRejected(
                mismatch.code, mismatch.message, hint=mismatch.hint, fix=self._region.fix()
            )
        return [mismatch]

    def _outgoing(self, lot: Lot) -> Any:
        """The open rows as they go out (a pyarrow Table): output names, E.164 phones."""
        import pyarrow as pa

        frame, ok = lot.batch.frame, lot.open
        names = list(self.plan.names.values())
        cells = [at for at, name in self.plan.names.items() if name != PHONE]
        kept = frame if len(ok) == len(frame) else frame.take(ok, cells)
        phones = e164_arrow(lot.key[ok])
        arrays = [phones if name == PHONE else kept[at] for at, name in self.plan.names.items()]
        if PHONE not in names:
            names, arrays = [*names, PHONE], [*arrays, phones]
        return pa.Table.from_arrays(arrays, names=names)

    def _split(self, lot: Lot) -> Checked:
        rows = lot.rows
        good = np.zeros(len(lot), dtype=bool)
        good[lot.open] = True
        bad = np.flatnonzero(~good)
        cells = self._left_out_cells(lot, bad)
        b_code, b_text = cells[0], cells[1]
        left_out = RowFindings(
            code=b_code,
            row=rows[bad],
            column=PHONE,
            value=b_text,
            describe=Messages(
                None,
                (*cells, *self._whence(lot, bad)),
                _written_ahead(lot, bad),
                write_all=self._messages,
            ),
            advise=Messages(None, cells, write_all=functools.partial(self._worded, _advice)),
        )
        is_error = np.fromiter(map(self._errors.__contains__, b_code), bool, count=len(b_code))
        rejected_at = np.flatnonzero(is_error)
        return Checked(
            valid=lot.outgoing,
            valid_rows=rows[good],
            findings=[left_out, *lot.warnings],
            frame=lot.batch.frame,
            rejected_rows=bad[rejected_at],
            rejected_at=rejected_at,
            n_invalid=len(rejected_at),
            n_skipped=len(bad) - len(rejected_at),
            n_rows=len(rows),
            filled=lot.notes["filled"],
            keys=lot.key[lot.open],
            codes=np.bincount(country_codes(lot.key[lot.open]), minlength=1000),
        )

    def _left_out_cells(
        self, lot: Lot, at: IntArray
    ) -> tuple[ObjArray, ObjArray, ObjArray, ObjArray, ObjArray]:
        """Rows ``at``'s code, phone cell as written, reason, E.164 and region."""
        return (lot.code[at], lot.cells(at), lot.reason[at], e164_text(lot.key[at]), lot.region[at])

    def _whence(self, lot: Lot, at: IntArray) -> tuple[IntArray | None, ObjArray | None]:
        """Rows ``at``'s phone column (when there are several) and the original row (a
        fixed errors file's)."""
        origin = self.plan.origin_position
        return (
            None if lot.source is None else lot.source[at],
            None if origin is None else lot.batch.frame.values(origin)[at],
        )

    def _worded(self, words: _Words, codes: ObjArray, *fields: ObjArray) -> ObjArray:
        """Each row's words, as ``words`` of its kind gives them (its ``describe_all``
        or ``advise_all``), a code's rows together; ``fields``: the rows'
        :class:`Cells`, column by column."""
        out = np.empty(len(codes), dtype=object)
        codes = np.asarray(codes, dtype=object)
        for code in dict.fromkeys(codes.tolist()):
            at = np.flatnonzero(codes == code)
            kind = KINDS[code]
            assert issubclass(kind, LeftOut)  # noqa: S101 - only rules leave rows out
            cells = Cells(*(np.asarray(field, dtype=object)[at].tolist() for field in fields))
            out[at] = words(kind)(cells, self.context)
        return out

    def _messages(
        self,
        codes: ObjArray,
        texts: ObjArray,
        reasons: ObjArray,
        e164s: ObjArray,
        regions: ObjArray,
        sources: IntArray | None,
        origins: ObjArray | Sequence[str | None] | None,
    ) -> ObjArray:
        """Messages of rows left out: each kind's for its rows (each code's rows
        together), then where the number came from if not the phone column, and which
        row of the original file a fixed errors file's row was."""
        out = self._worded(lambda kind: kind.describe_all, codes, texts, reasons, e164s, regions)
        said: ObjArray = out + self._endings(len(out), sources, origins)
        return said

    def endings(self, lot: Lot, at: IntArray) -> ObjArray:
        """What the messages of rows ``at`` end with (``""`` for most): where the number
        came from if not the phone column, and which row of the original file a fixed
        errors file's row was. (:func:`leadprep.batch.mark_duplicates` words the
        repeats it finds with them.)"""
        return self._endings(len(at), *self._whence(lot, at))

    def _endings(
        self,
        n: int,
        sources: IntArray | None,
        origins: ObjArray | Sequence[str | None] | None,
    ) -> ObjArray:
        out = np.full(n, "", dtype=object)
        if sources is not None:
            for i in np.flatnonzero(sources).tolist():
                position = self.plan.phone_positions[int(sources[i])]
                out[i] += f" (from column {self.plan.describe(position)})"
        if origins is not None:
            for i, origin in enumerate(origins):
                if origin is not None and str(origin).strip():
                    out[i] += f" (row {str(origin).strip()} of the original file)"
        return out


#: A kind's words for many rows: its ``describe_all`` or its ``advise_all``.
_Words = Callable[[type[LeftOut]], Callable[[Cells, Any], list[str]]]


def _advice(kind: type[LeftOut]) -> Callable[[Cells, Any], list[str]]:
    """What to do about rows left out: each kind's advice for its rows."""
    return kind.advise_all


def _written_ahead(lot: Lot, bad: IntArray) -> list[ObjArray]:
    """Messages of rows ``bad`` written by :meth:`Checker.prepare` (``None`` where not:
    rows the in-order rules left out), as :class:`Messages` keeps them done."""
    ahead = lot.notes.get("written")
    if ahead is None:
        return []
    at, messages = ahead
    done = np.full(len(bad), None, dtype=object)
    done[np.searchsorted(bad, at)] = messages  # (rows left out early stay left out)
    return [done]
