"""Where the command line keeps what it compiles, between runs (``~/.cache/leadprep``).

The command line turns it on (:func:`enable`, before anything heavy is imported);
the Python API leaves it off and never writes files it was not asked for. Stages
that keep something there register a saver (:func:`on_save`); the command line
calls :func:`save` at its end. ``LEADPREP_CACHE_DIR`` names another folder, or,
set empty, turns the cache off.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

#: The environment variable naming the folder (empty: no cache).
CACHE_ENV = "LEADPREP_CACHE_DIR"

_folder: Path | None = None
_savers: list[Callable[[], object]] = []


def default_folder() -> Path | None:
    """``$LEADPREP_CACHE_DIR``, else leadprep's folder in the user's cache directory
    (``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError, OSError):  # no home (a bare cron or container)
            return None
    return Path(base) / "leadprep"


def enable(folder: Path | None) -> None:
    """Keep compiled things in ``folder`` from now on (``None``: nowhere)."""
    global _folder
    _folder = folder


def folder() -> Path | None:
    return _folder


def on_save(saver: Callable[[], object]) -> None:
    """Call ``saver`` when the command line ends (it must not raise for a full disk)."""
    _savers.append(saver)


def save() -> None:
    """Run the savers (the command line, at its end)."""
    for saver in _savers:
        saver()
