"""Files written beside the report: the clean CSV and the errors sheet.

Both are streamed batch by batch into a temporary file next to the target and
moved into place only when the whole input was read (:meth:`commit`), so a
rejected or crashed run never leaves a half-written file that looks finished.

The errors file is for people to open in Excel, so any cell that a spreadsheet
would evaluate as a formula (``=…``, ``@…``, ``+cmd|…``) is neutralised with a
leading apostrophe (CSV) or stored as a plain string (XLSX). Plain numbers and
phones such as ``+91 98765-43210`` are left as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .._outputs import AtomicFile
from ..check import PLAIN_NUMBER
from ..findings import REPORT_COLUMNS, Finding
from ..normalise import ColumnPlan
from ._xlsx import MARKED, PLAIN

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ERROR_META = list(REPORT_COLUMNS)


def neutralise(value: str) -> str:
    """Make ``value`` inert in a spreadsheet (OWASP CSV injection advice)."""
    if value and value.startswith(_FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


class CleanCsvWriter(AtomicFile):
    """Valid rows, output column names, E.164 phones: UTF-8, ``\\n`` line ends,
    every value quoted (pyarrow's writer: fast, and safe for any cell content)."""

    def __init__(self, target: str | Path, columns: Sequence[str]) -> None:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        super().__init__(target)
        self.columns = list(columns)
        self._schema = pa.schema([(name, pa.string()) for name in self.columns])
        self._writer = pacsv.CSVWriter(
            str(self.tmp), self._schema, write_options=pacsv.WriteOptions(quoting_style="needed")
        )

    def write(self, frame: pd.DataFrame) -> None:
        if len(frame):
            import pyarrow as pa

            arrays = [pa.array(frame[name], pa.string()) for name in self.columns]
            self._writer.write_table(pa.Table.from_arrays(arrays, schema=self._schema))

    def commit(self) -> None:
        self._writer.close()
        super().commit()

    def discard(self) -> None:
        self._writer.close()
        super().discard()


class ErrorsWriter(AtomicFile):
    """Each bad row: its row number, code, message, and its cells as read."""

    def __init__(self, target: str | Path, plan: ColumnPlan) -> None:
        super().__init__(target)
        self.plan = plan
        self.positions = list(plan.original)
        #: output name → the header as the user wrote it (what error_column names)
        self._as_written = {plan.names[p]: plan.original[p].strip() for p in plan.names}
        self.header = ERROR_META + [plan.original[p] for p in self.positions]
        self.xlsx = self.target.suffix.lower() == ".xlsx"
        self.rows_written = 0
        if self.xlsx:
            self._init_xlsx()
        else:
            self._fh = self.tmp.open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._fh, lineterminator="\r\n")
            self._csv.writerow([neutralise(h) for h in self.header])

    def _init_xlsx(self) -> None:
        from ._xlsx import BOLD, REPORT, SheetWriter

        # The report's columns first, set apart; then the lead's own, as in the file.
        widths = [10.0, 26.0, 16.0, 70.0] + [
            min(max(len(self.plan.original[p]) + 4, 12), 40) for p in self.positions
        ]
        self._sheet = SheetWriter(self.tmp, "errors", widths=widths, autofilter=True)
        self._sheet.append(self.header, [REPORT] * len(ERROR_META) + [BOLD] * len(self.positions))
        width = len(ERROR_META) + len(self.positions)
        self._marked = [PLAIN] * width
        for i, position in enumerate(self.positions):
            if position == self.plan.phone_position:
                self._marked[len(ERROR_META) + i] = MARKED

    def write(self, rejected: pd.DataFrame, findings: Sequence[Finding]) -> None:
        if not findings:
            return
        cells = rejected[self.positions].to_numpy(dtype=object).tolist()
        origin = self.plan.origin_position
        origins = (
            rejected[origin].to_numpy(dtype=object).tolist()
            if origin is not None
            else [None] * len(cells)
        )
        for finding, values, first in zip(findings, cells, origins, strict=True):
            # A fixed errors file given back keeps naming the original file's rows.
            row = int(first) if first is not None and str(first).strip().isdigit() else finding.row
            column = self._as_written.get(finding.column or "", finding.column or "")
            meta = [row, finding.code, column, finding.message]
            if self.xlsx:
                self._sheet.append([*meta, *values], self._marked)
            else:
                self._csv.writerow(
                    [meta[0], *(neutralise(str(v)) for v in meta[1:])]
                    + [neutralise(str(v)) for v in values]
                )
            self.rows_written += 1

    def commit(self) -> None:
        if self.xlsx:
            self._sheet.close()
        else:
            self._fh.close()
        super().commit()

    def discard(self) -> None:
        if self.xlsx:
            self._sheet.abandon()
        else:
            self._fh.close()
        super().discard()
