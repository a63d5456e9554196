"""Config files for repeatable jobs (``--config FILE``): TOML, options by their long names.

A cron job that needs the same six flags every day keeps them in a file::

    # leads.toml
    phone-column = ["Mobile", "Phone"]     # any long option, by its name
    default-region = "IN"
    columns = ["Name", "City", "Loan Amount"]

    [upload]                                # options for one command only
    campaign = "cmp_123"
    api-key = "${DIALNEXA_API_KEY}"         # ${VAR}: from the environment

Top-level keys apply to every command that has the option (``campaign`` is
ignored by ``validate``); a ``[command]`` table (``[upload]``, ``[lead.add]``) to
that command only, and wins over the top level. A table named after an option
(``[calling-hours]``) is that option's value. A key no command knows, a
``${VAR}`` that is not set or a file that is not TOML is a usage error naming it.
"""

from __future__ import annotations

import os
import re
import select
import stat
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._exceptions import UsageError
from ._option import COMMANDS, REGISTRY, Option, options_of

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: A config is a few lines; more than this is not one.
MAX_CONFIG_BYTES = 1 << 20
#: How long a config given as a pipe (``--config <(leadprep init FILE)``) may take.
PIPE_WAIT_S = 60.0
#: The first word of every command: the names of command tables.
_COMMAND_WORDS = frozenset(c.split()[0] for c in COMMANDS)


@dataclass(frozen=True)
class ConfigFile:
    """A loaded config: its path and its data, every ``${VAR}`` replaced."""

    path: Path
    data: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path) -> ConfigFile:
        """The TOML at ``path`` (a file, or a pipe read for at most :data:`PIPE_WAIT_S`)."""
        path = Path(path)
        try:
            if stat.S_ISFIFO(path.stat().st_mode):
                text = _read_pipe(path)
            else:
                from .._paths import regular_input

                regular_input(path, "config file", "--config")
                text = path.read_bytes()[:MAX_CONFIG_BYTES].decode("utf-8")
            data = tomllib.loads(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(
                f"cannot read the config {path}: {exc}", hint="check the path"
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(
                f"the config {path} is not valid TOML: {exc}",
                hint='write one option per line: name = "value"',
            ) from exc
        expanded: dict[str, Any] = _expand(data, path)
        return cls(path, expanded)

    def values_for(self, command: str) -> dict[Option[Any], tuple[str, object]]:
        """Option → (key, value as written) for ``command``: the top level, then the
        command's own table over it. Raises for a key or table no command knows."""
        known = {o.key: o for o in options_of(command)}
        found: dict[Option[Any], tuple[str, object]] = {}
        for key, value, table in self._entries(command):
            option = known.get(key)
            if option is not None:
                found[option] = (key, value)
            elif table or not any(o.key == key for o in REGISTRY):
                raise UsageError(
                    f"the config {self.path} sets {key!r}, which `leadprep {command}` "
                    "does not take",
                    hint=f"see 'leadprep {command} --help' for its options",
                )
        return found

    def _entries(self, command: str) -> list[tuple[str, object, bool]]:
        """(key, value, from the command's table) for ``command``, top level first."""
        entries: list[tuple[str, object, bool]] = []
        for key, value in self.data.items():
            if isinstance(value, dict) and key in _COMMAND_WORDS:
                continue
            if isinstance(value, dict) and not any(o.key == key for o in REGISTRY):
                raise UsageError(
                    f"the config {self.path} has a table [{key}], which is neither a command "
                    "nor an option",
                    hint="name a command ([upload], [lead.add]) or an option",
                )
            entries.append((key, value, False))
        table: Any = self.data
        for word in command.split():
            table = table.get(word, {}) if isinstance(table, dict) else {}
        if isinstance(table, dict):
            entries.extend(
                (key, value, True)
                for key, value in table.items()
                if not (isinstance(value, dict) and not any(o.key == key for o in REGISTRY))
            )
        return entries

    def said(self, key: str, value: object) -> Callable[[str], UsageError]:
        """How a refusal of ``key = value`` names it."""

        def refused(what: str) -> UsageError:
            return UsageError(
                f"the config {self.path} sets {key} = {value!r}: {what}",
                hint=f"see 'leadprep --help' for what --{key} takes",
            )

        return refused


def _read_pipe(path: Path) -> str:
    """A pipe's text, read without ever waiting more than :data:`PIPE_WAIT_S` in all."""
    deadline = time.monotonic() + PIPE_WAIT_S
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO may wait: not so
    try:
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_CONFIG_BYTES:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise UsageError(
                    f"the config {path} sent nothing for {PIPE_WAIT_S:.0f} s",  # (whole s)
                    hint="give a config file, or a command that writes one and ends",
                )
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)[:MAX_CONFIG_BYTES].decode("utf-8")
    finally:
        os.close(fd)


def _expand(value: Any, path: Path, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _expand(v, path, f"{key}.{k}" if key else k) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, path, key) for v in value]
    if isinstance(value, str):

        def variable(match: re.Match[str]) -> str:
            name = match.group(1)
            found = os.environ.get(name)
            if found is None:
                raise UsageError(
                    f"the config {path} uses ${{{name}}} in {key!r}, but {name} is not set",
                    hint=f"export {name}=… before running, or write the value in the file",
                )
            return found

        return _VARIABLE.sub(variable, value)
    return value
