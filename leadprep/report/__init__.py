"""Report stage: what a run found and did, as JSON for machines and text for people.

* :class:`Report` — one file's validation: counts, findings, summary (:mod:`._validation`);
* :class:`UploadReport` — the validation plus every chunk (:mod:`._upload`), reconciled:
  :class:`Reconciliation`, the numbers delivery works out (:mod:`._totals`);
* :func:`dumps` — report JSON, readable at the top and fast below (:mod:`._json`).
"""

from ._html import render_html
from ._json import dumps
from ._result import Kept, Result
from ._totals import Difference, Reconciliation
from ._upload import ChunkReport, UploadReport
from ._validation import DETAIL_PER_CODE, Report, plural, row_ranges

__all__ = [
    "DETAIL_PER_CODE",
    "ChunkReport",
    "Difference",
    "Kept",
    "Reconciliation",
    "Report",
    "Result",
    "UploadReport",
    "dumps",
    "plural",
    "render_html",
    "row_ranges",
]
