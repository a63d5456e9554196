"""What ``leadprep.validate`` / ``prepare`` / ``upload`` return in Python: a :class:`Result`.

A data team's notebook wants tables, not a report object::

    result = leadprep.validate(df, default_region="IN")
    result.valid        # DataFrame: the rows as they would be uploaded (E.164 phones)
    result.errors       # DataFrame: each bad row — row, column, code, message, hint,
                        # then its cells as read
    result.report       # dict: the JSON report
    result.exit_code    # … and everything else of the run's report object

Both DataFrames are indexed by the row each came from: the spreadsheet row number
of a file (the header is row 1), or — for a DataFrame passed in — that DataFrame's
own index labels, so ``df.loc[result.errors.index]`` finds the bad rows again. The
rows are kept while the run streams (:class:`Kept`, only when Python asked) and the
DataFrames are made when first read.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np

from .._types import IntArray

if TYPE_CHECKING:
    import pandas as pd

    from ..check import Checked
    from ..findings import Finding
    from ._upload import UploadReport
    from ._validation import Report

ERROR_COLUMNS = ("row", "column", "code", "message", "hint")

#: the run's report object: :class:`Report` (validate) or :class:`UploadReport`
R = TypeVar("R", "Report", "UploadReport")


class Kept:
    """The rows of a run, kept for the Python result: the valid ones as they go out, and
    the bad ones with their cells and findings."""

    def __init__(self) -> None:
        self.valid: list[Any] = []
        self.valid_rows: list[IntArray] = []
        self.bad: list[tuple[Any, list[Finding]]] = []
        self.headers: dict[int, str] = {}

    def add(self, checked: Checked, headers: dict[int, str]) -> None:
        self.headers = headers
        self.valid.append(checked.valid)
        self.valid_rows.append(checked.valid_rows)
        if len(checked.rejected_rows):
            self.bad.append((checked.rejected, checked.rejected_findings))


class Result(Generic[R]):
    """A run's outcome for Python: :attr:`valid`, :attr:`errors`, :attr:`report`, and
    every attribute of the run's report object (:attr:`details`) besides."""

    def __init__(self, details: R, kept: Kept, source: Any = None) -> None:
        #: the run's report object (:class:`Report`, or :class:`UploadReport`)
        self.details: R = details
        self._kept = kept
        #: a DataFrame's index labels, when one was passed in
        self._labels = getattr(source, "index", None) if _is_frame(source) else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.details, name)

    def __repr__(self) -> str:
        return f"<leadprep.Result {self.details.verdict()!r}>"

    @property
    def report(self) -> dict[str, Any]:
        """The JSON report, as a dict."""
        data: dict[str, Any] = self.details.to_dict()
        return data

    def _index(self, rows: IntArray) -> pd.Index:
        import pandas as pd

        if self._labels is not None:
            labels: pd.Index = pd.Index(self._labels[rows - 2], name=self._labels.name)
            return labels
        return pd.Index(rows, name="row")

    @functools.cached_property
    def valid(self) -> pd.DataFrame:
        """The rows as they would be uploaded: output column names, E.164 phones."""
        import pandas as pd
        import pyarrow as pa

        kept = self._kept
        tables = [t for t in kept.valid if t is not None]
        if not tables:
            return pd.DataFrame()
        frame: pd.DataFrame = pa.concat_tables(tables).to_pandas()
        rows = np.concatenate(kept.valid_rows) if kept.valid_rows else np.zeros(0, np.int64)
        frame.index = self._index(rows.astype(np.int64))
        return frame

    @functools.cached_property
    def errors(self) -> pd.DataFrame:
        """Each row with an error: row, column, code, message, hint, then its cells."""
        import pandas as pd

        headers: list[str] = _distinct(self._kept.headers)
        records: list[list[Any]] = []
        for cells, findings in self._kept.bad:
            values = cells.rows(list(self._kept.headers))
            row: list[Any]
            for finding, row in zip(findings, values, strict=True):
                meta: list[Any] = [
                    finding.row,
                    finding.column,
                    finding.code,
                    finding.message,
                    finding.advice,
                ]
                records.append([*meta, *row])
        frame = pd.DataFrame(records, columns=[*ERROR_COLUMNS, *headers])
        rows = frame["row"].to_numpy(dtype=np.int64) if len(frame) else np.zeros(0, np.int64)
        frame.index = self._index(rows)
        return frame


def _is_frame(source: Any) -> bool:
    return type(source).__module__.startswith("pandas") and hasattr(source, "columns")


def _distinct(headers: dict[int, str]) -> list[str]:
    """The headers as column names, a repeated one told apart by its letter."""
    from ..read import column_letter

    seen: dict[str, int] = {}
    for header in headers.values():
        seen[header] = seen.get(header, 0) + 1
    return [
        f"{h} ({column_letter(p)})" if seen[h] > 1 or h in ERROR_COLUMNS else h
        for p, h in headers.items()
    ]
