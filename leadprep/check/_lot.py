"""One batch under check: its cells, and what the rules have decided of it so far.

A :class:`Lot` is what every row rule reads and writes. It starts with each row's
phone cell (from the phone column, or its fallbacks where that is blank) and
every row *open* — going out; a rule that leaves rows out gives them its code
(:meth:`Lot.leave_out`) and they are closed to the rules after it, so each row
gets at most one code, from the first rule in :data:`~leadprep.check.rules.RULES`
that applies. Warnings are added as column-wise :class:`RowFindings` blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._types import BoolArray, IntArray, ObjArray, blank_texts
from ..dialnexa import PHONE_COLUMN as PHONE
from ..findings import Kind, Messages, RowFindings, Severity
from ..read import Batch, arrow_column

if TYPE_CHECKING:
    from ..normalise import ColumnPlan
    from ._context import Context


@dataclass
class Lot:
    """A batch, its phone cells, and each row's fate so far (arrays over its rows)."""

    batch: Batch
    plan: ColumnPlan
    context: Context
    #: each row's phone cell (a pyarrow string array; rules may rewrite it: the
    #: digits a number-formatted cell stood for, a number without its extension)
    text: Any
    #: which of the plan's phone columns gave each row's cell (``None``: always the first)
    source: IntArray | None
    #: Excel number cells whose digits were lost (``None``: none)
    lossy: BoolArray | None
    #: ``""`` while a row goes out, else the code that leaves it out …
    code: ObjArray = field(init=False)
    #: … and what its rule noted for the message (a reason, a row number)
    reason: ObjArray = field(init=False)
    #: the E.164 number of each valid phone as an integer (0: not valid), its region
    key: IntArray = field(init=False)
    region: ObjArray = field(init=False)
    #: the rows still going out, in file order
    open: IntArray = field(init=False)
    #: the cell as written where a rule rewrote it (``None``: nowhere)
    written: ObjArray | None = None
    #: warnings, column-wise
    warnings: list[RowFindings] = field(default_factory=list)
    #: what a rule leaves for its own in-order step (by rule)
    notes: dict[str, Any] = field(default_factory=dict)
    #: the open rows as they go out (a pyarrow Table), once every rule's check is done
    outgoing: Any = None

    def __post_init__(self) -> None:
        n = len(self.text)
        self.code = blank_texts(n)
        self.reason = blank_texts(n)
        self.key = np.zeros(n, dtype=np.int64)
        self.region = blank_texts(n)
        self.open = np.arange(n, dtype=np.int64)

    @classmethod
    def start(cls, batch: Batch, plan: ColumnPlan, context: Context) -> Lot:
        """The batch's phone cells: the phone column's, or where it is blank, the first
        fallback column's that is not (``--phone-column Mobile,Phone``)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        positions = plan.phone_positions
        text = arrow_column(batch.frame[positions[0]])
        lossy = batch.lossy.get(positions[0])
        source = None
        if len(positions) > 1:
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
        return cls(batch=batch, plan=plan, context=context, text=text, source=source, lossy=lossy)

    def __len__(self) -> int:
        return len(self.text)

    @property
    def rows(self) -> IntArray:
        """Each row's spreadsheet row number."""
        return self.batch.rows

    def leave_out(self, hit: BoolArray, code: str, reason: ObjArray | str | None = None) -> None:
        """The open rows where ``hit`` (a mask over :attr:`open`) are left out with ``code``
        (and ``reason``, one for all or one per hit row)."""
        if not hit.any():
            return
        at = self.open[hit]
        self.code[at] = code
        if reason is not None:
            self.reason[at] = reason
        self.open = self.open[~hit]
        if self.outgoing is not None:  # (an in-order rule: the table is made already)
            import pyarrow as pa

            self.outgoing = self.outgoing.filter(pa.array(~hit))

    def open_texts(self) -> Any:
        """The phone cells of the open rows (a pyarrow string array)."""
        import pyarrow as pa

        return self.text if len(self.open) == len(self) else self.text.take(pa.array(self.open))

    def warn(
        self,
        kind: type[Kind],
        at: IntArray,
        values: ObjArray,
        describe: Messages,
        *,
        column: str = PHONE,
        level: Severity | None = None,
    ) -> None:
        """``kind`` on rows ``at`` (indices) in ``column`` (the phone's unless named),
        cells ``values``; ``level``: its severity in this run, when not the kind's."""
        if len(at):
            self.warnings.append(
                RowFindings(
                    code=np.full(len(at), kind.code, dtype=object),
                    row=self.rows[at],
                    column=column,
                    value=values,
                    describe=describe,
                    level=level,
                )
            )

    def remember_written(self, at: IntArray, cells: ObjArray) -> None:
        """Rows ``at`` were rewritten; ``cells`` is how they were written (kept for
        messages, which show a cell as the user wrote it)."""
        if self.written is None:
            self.written = blank_texts(len(self))
        self.written[at] = cells

    def cells(self, at: IntArray) -> ObjArray:
        """The phone cells of rows ``at`` as written (before any rewrite)."""
        texts: ObjArray = self.text.take(at).to_numpy(zero_copy_only=False)
        if self.written is not None:
            texts = np.where(self.written[at] != "", self.written[at], texts)
        return texts
