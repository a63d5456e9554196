"""Report stage: what a run found and did, as JSON for machines and text for people.

* :class:`Report` — one file's validation: counts, findings, summary (:mod:`._validation`);
* :class:`UploadReport` — the validation plus every chunk, reconciled (:mod:`._reconcile`);
* :func:`dumps` — report JSON, readable at the top and fast below (:mod:`._json`).
"""

from ._json import dumps
from ._reconcile import ChunkReport, UploadReport
from ._validation import DETAIL_PER_CODE, Report, plural, row_ranges

__all__ = [
    "DETAIL_PER_CODE",
    "ChunkReport",
    "Report",
    "UploadReport",
    "dumps",
    "plural",
    "row_ranges",
]
