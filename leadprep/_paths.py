"""Paths leadprep reads and writes: inputs that are regular files, outputs written
atomically, beside their target, and never over an input.

:func:`regular_file` refuses, before anything is opened, a path that is not a
regular file (a FIFO would block forever, a device never ends).
Every output goes to a temporary file in the target's folder and is renamed into
place only when it is complete (:class:`AtomicFile`, :func:`write_atomically`),
so a crash or a rejected file never leaves something that looks finished.
:func:`check_outputs` refuses, before anything is read or written, an output path
that is an input of the same run or another of its outputs.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from ._exceptions import FileRejected, UsageError
from .findings import UnreadableFile

PathLike = str | os.PathLike[str]


class AtomicFile:
    """A temp file in the target's directory, renamed over the target on commit."""

    def __init__(self, target: PathLike) -> None:
        self.target = Path(target)
        parent = self.target.parent
        if not parent.is_dir():
            raise UsageError(
                f"cannot write {self.target}: no directory {parent}",
                hint="create the directory or choose another path",
            )
        try:
            self.tmp = _new_file(parent, f".{self.target.name}.", ".part")
        except OSError as exc:
            raise UsageError(
                f"cannot write in {parent}: {exc.strerror or exc}",
                hint="choose a folder you can write to",
            ) from exc

    def commit(self) -> None:
        self.tmp.replace(self.target)

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> Path:
        """``with AtomicFile(target) as tmp:`` write ``tmp``; it replaces ``target`` only
        if the block ends normally, and is removed if it does not."""
        return self.tmp

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _new_file(folder: Path, prefix: str, suffix: str) -> Path:
    """A new, empty file of a random name in ``folder``, made with the permissions any
    new file of the user's gets (``0o666`` less the umask, as ``open`` makes them;
    ``mkstemp``'s ``0o600`` would leave a cron job's outputs unreadable to the
    colleague or the uploader that reads them)."""
    for _ in range(100):
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free temporary name in {folder}")


def write_atomically(target: PathLike, data: bytes | str | Iterable[str]) -> None:
    """Write ``data`` (text as UTF-8; or text in pieces, written as they come) to
    ``target`` through a temp file beside it."""
    with AtomicFile(target) as tmp:
        if isinstance(data, bytes | str):
            tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                fh.writelines(data)


def _same(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)  # hard links, bind mounts
    except OSError:
        return False


def check_outputs(
    inputs: Mapping[str, PathLike | None], outputs: Mapping[str, PathLike | None]
) -> None:
    """Refuse an output that would overwrite an input, or another output of the run.

    ``inputs`` and ``outputs`` map what the user called the path (``FILE``,
    ``--errors-output``) to the path; ``None`` entries are ignored."""
    given_in = [(name, Path(p)) for name, p in inputs.items() if p is not None]
    given_out = [(name, Path(p)) for name, p in outputs.items() if p is not None]
    for i, (name, path) in enumerate(given_out):
        for source, source_path in given_in:
            if _same(path, source_path):
                raise UsageError(
                    f"{name} {path} is the input {source}: writing it would destroy the input",
                    hint=f"write {name} to another file",
                )
        for other, other_path in given_out[:i]:
            if _same(path, other_path):
                raise UsageError(
                    f"{name} and {other} are the same file ({path}): one would overwrite the other",
                    hint="give each output a file of its own",
                )


#: What stat says a path is, when it is not a file to read.
_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def regular_file(path: Path, what: str = "file") -> int:
    """``path``'s size, after refusing what is not a regular file: opening a FIFO waits
    forever for a writer, a device never ends, and ``/proc`` files claim to be empty."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise UnreadableFile.reject(f"no such {what}: {path}", hint="check the path") from exc
    except OSError as exc:
        raise UnreadableFile.reject(
            f"cannot read {path}: {exc.strerror or exc}", hint="check the file's permissions"
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile.reject(f"{path} is a directory", hint="pass a CSV, XLSX or XLS file")
    kind = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), None)
    if kind is None and Path(os.path.realpath(path)).parts[1:2] in (("proc",), ("sys",)):
        kind = "a kernel file"
    if kind is not None:
        raise UnreadableFile.reject(
            f"{path} is {kind}, not a regular {what}",
            hint="save the data to a file first, and pass that file",
        )
    return info.st_size


def regular_input(path: Path, what: str, flag: str) -> None:
    """For a file named by an option (``--prompt``…): refuse, as the caller's mistake
    (:class:`UsageError`), what :func:`regular_file` refuses."""
    try:
        regular_file(path, what)
    except FileRejected as exc:
        raise UsageError(exc.message, hint=f"check the {flag} path") from exc
