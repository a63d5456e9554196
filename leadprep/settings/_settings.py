"""The options of one run, whichever way they were given: :class:`Settings`.

Values come from the command line, a config file, the environment or Python
keywords; each is converted by its option's declaration once, here, and the
stages read them typed: ``settings[HEADER_ROW]`` is an ``int | None``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from .._exceptions import UsageError
from ._file import ConfigFile
from ._option import Option, options_of

T = TypeVar("T")


class Settings:
    """Option → value for one command; an option not given reads as its default."""

    __slots__ = ("_values", "command")

    def __init__(self, command: str, values: Mapping[Option[Any], object] | None = None) -> None:
        self.command = command
        self._values: dict[Option[Any], object] = dict(values or {})

    def __getitem__(self, option: Option[T]) -> T:
        if option in self._values:
            return cast(T, self._values[option])
        return option.default

    def given(self, option: Option[Any]) -> bool:
        """Was ``option`` given (by any source), rather than left at its default?"""
        return option in self._values

    def with_values(self, values: Mapping[Option[Any], object]) -> Settings:
        """These settings with ``values`` set too (already converted)."""
        return Settings(self.command, {**self._values, **values})

    def items(self) -> Iterable[tuple[Option[Any], object]]:
        """The options given, with their values, in declaration order."""
        return [(o, self._values[o]) for o in options_of(self.command) if o in self._values]

    def __repr__(self) -> str:
        shown = ", ".join(f"{o.name}=…" if o.env else f"{o.name}={v!r}" for o, v in self.items())
        return f"Settings({self.command!r}, {shown})"

    # -- where values come from -------------------------------------------------

    @classmethod
    def from_keywords(cls, command: str, keywords: Mapping[str, object]) -> Settings:
        """The Python API's keywords (``None`` means not given), then the environment."""
        by_name = {o.name: o for o in options_of(command) if o.python}
        values: dict[Option[Any], object] = {}
        for name, value in keywords.items():
            option = by_name.get(name)
            if option is None:
                raise TypeError(f"{command}() got an unexpected keyword argument {name!r}")
            if value is not None:
                values[option] = convert(option, value, _said_as_keyword(option, value))
        return cls._finish(command, values, os.environ, python=True)

    @classmethod
    def gather(
        cls,
        command: str,
        typed: Mapping[str, object],
        config: ConfigFile | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """The command line's values (``typed``: option name → what was typed), over the
        config file's, over the environment's."""
        values: dict[Option[Any], object] = {}
        if config is not None:
            for option, (key, value) in config.values_for(command).items():
                values[option] = convert(option, value, config.said(key, value))
        for option in options_of(command):
            if option.name in typed:
                value = typed[option.name]
                values[option] = convert(option, value, _said_as_flag(option, value))
        return cls._finish(command, values, os.environ if environ is None else environ)

    @classmethod
    def _finish(
        cls,
        command: str,
        values: dict[Option[Any], object],
        environ: Mapping[str, str],
        *,
        python: bool = False,
    ) -> Settings:
        for option in options_of(command):
            found = environ.get(option.env) if option.env else None
            if option not in values and found:
                values[option] = convert(option, found, _said_as_env(option))
        missing = [
            o
            for o in options_of(command)
            if command in o.required_in and o not in values and (o.python or not python)
        ]
        if missing:
            names = ", ".join(o.flag or o.name.upper() for o in missing)
            raise UsageError(
                f"leadprep {command} needs {names}", hint=f"see 'leadprep {command} --help'"
            )
        return cls(command, values)

    # -- what is derived ---------------------------------------------------------

    def files(self, io: str) -> dict[str, Path]:
        """The files the run ``"reads"`` or ``"writes"``, by how the user named them
        (``--errors-output``); ``--ledger off`` is no file."""
        found: dict[str, Path] = {}
        for option, value in self.items():
            if option.io != io:
                continue
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if isinstance(item, Path) and not (option.name == "ledger" and str(item) == "off"):
                    found[option.flag if len(items) == 1 else f"{option.flag} {item}"] = item
        return found

    def fingerprint(self, **extra: object) -> str:
        """A digest of everything that decides what an upload sends (the options that
        change it, the content of the files they name) and ``extra``: a different
        value means a different run in the ledger."""
        data: dict[str, object] = {
            option.name: _identity(value) for option, value in self.items() if option.changes_upload
        }
        data.update({k: _identity(v) for k, v in extra.items()})
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()


def convert(option: Option[T], value: object, refused: Callable[[str], UsageError]) -> T:
    """``value`` converted by ``option``'s declaration; a refusal says what is wrong."""
    try:
        return option.convert(value)
    except ValueError as exc:
        raise refused(str(exc)) from exc


def _said_as_flag(option: Option[Any], value: object) -> Callable[[str], UsageError]:
    shown = value if isinstance(value, str) else json.dumps(value, default=str)
    name = option.flag or option.name.upper()

    def refused(what: str) -> UsageError:
        return UsageError(f"{name} {shown}: {what}", hint=f"see 'leadprep --help' for {name}")

    return refused


def _said_as_keyword(option: Option[Any], value: object) -> Callable[[str], UsageError]:
    def refused(what: str) -> UsageError:
        return UsageError(f"{option.name}={value!r}: {what}", hint="see help(leadprep)")

    return refused


def _said_as_env(option: Option[Any]) -> Callable[[str], UsageError]:
    def refused(what: str) -> UsageError:
        return UsageError(f"${option.env}: {what}", hint=f"fix or unset {option.env}")

    return refused


def _identity(value: object) -> object:
    """What a value is, for the fingerprint: a file by its content, not its name."""
    if isinstance(value, Path):
        return {"file": str(value), "sha256": file_digest(value)}
    if isinstance(value, tuple | list):
        return [_identity(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _identity(v) for k, v in value.items()}
    return value if isinstance(value, str | int | float | bool) or value is None else repr(value)


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes (``None`` for anything else)."""
    try:
        if not path.is_file():  # a FIFO would block; validation says what is wrong
            return None
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()
