"""Deliver stage: valid rows into DialNexa, exactly once — one module per responsibility.

* :func:`upload` — plan, send, reconcile, resumably (:mod:`._upload`);
* planning: cut valid rows into API-ready CSV parts (:class:`Chunker`, :mod:`._chunk`)
  as the file is validated (:mod:`._plan`);
* sending, with the client's retries (:mod:`._send`), and isolating the rows
  DialNexa refuses (:mod:`._isolate`);
* :class:`Ledger` — the durable SQLite record that makes uploads resumable (:mod:`._ledger`);
* :func:`reconcile` — every row accounted for, as numbers the report renders
  (:mod:`._reconcile`);
* :func:`prepare` — the same parts as files, for uploading by hand (:mod:`._prepare`).

Names load on first use, so the command line can show its help without importing
the pipeline.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._chunk import Chunk, Chunker, encode_rows
    from ._ledger import Ledger, LedgerBusy, default_path
    from ._prepare import prepare, prepare_with
    from ._reconcile import reconcile
    from ._upload import file_sha256, upload, upload_with

__all__ = [
    "Chunk",
    "Chunker",
    "Ledger",
    "LedgerBusy",
    "default_path",
    "encode_rows",
    "file_sha256",
    "prepare",
    "prepare_with",
    "reconcile",
    "upload",
    "upload_with",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "Chunk": "._chunk",
        "Chunker": "._chunk",
        "encode_rows": "._chunk",
        "Ledger": "._ledger",
        "LedgerBusy": "._ledger",
        "default_path": "._ledger",
        "prepare": "._prepare",
        "prepare_with": "._prepare",
        "reconcile": "._reconcile",
        "file_sha256": "._upload",
        "upload": "._upload",
        "upload_with": "._upload",
    },
)
