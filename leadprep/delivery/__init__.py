"""Deliver stage: valid rows into DialNexa, exactly once — chunk, ledger, send, prepare.

* :class:`Chunker` cuts valid rows into API-ready CSV parts (:mod:`._chunk`);
* :class:`Ledger` is the durable SQLite record that makes uploads resumable (:mod:`._ledger`);
* :func:`upload` plans into the ledger, sends, resumes and reconciles (:mod:`._send`);
* :func:`prepare` writes the same parts as files, for uploading by hand (:mod:`._prepare`).

Names load on first use, so the command line can show its defaults without
importing the pipeline.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._chunk import Chunk, Chunker, encode_rows
    from ._ledger import Ledger, LedgerBusy, default_path
    from ._prepare import prepare, prepare_with
    from ._send import file_sha256, upload, upload_with

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
        "file_sha256": "._send",
        "upload": "._send",
        "upload_with": "._send",
    },
)
