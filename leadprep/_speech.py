"""Who is reading: options named as the reader would give them.

Messages and hints are written once, naming command-line flags (``pass
--phone-column NAME``). Shown to someone who called the Python API they read
``pass phone_column=NAME``; the command line marks its own run with
:func:`speaking_to_the_command_line`, and its readers see the flags as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_COMMAND_LINE: ContextVar[bool] = ContextVar("leadprep_command_line", default=False)

#: Flag → keyword argument of the Python API, ``True`` for switches: filled by
#: :func:`leadprep.settings.declare` from each option's declaration.
KEYWORDS: dict[str, tuple[str, bool]] = {}
_FLAG = re.compile(
    r"--[a-z][a-z-]*[a-z](?: (?![a-z]+ )(?:'[^']*'|[A-Z][A-Z0-9_.]*|\S+\.\w+|[0-9]+))?"
)


@contextmanager
def speaking_to_the_command_line() -> Iterator[None]:
    """While this holds, messages name command-line flags as written."""
    token = _COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _COMMAND_LINE.reset(token)


def speak(text: str) -> str:
    """``text`` with each known flag named as the current reader would give it."""
    if _COMMAND_LINE.get() or "--" not in text:
        return text
    return _FLAG.sub(_keyword, text)


def speaker() -> Callable[[str], str]:
    """:func:`speak` for the current reader, to apply to many texts (the command line's
    reader gets each text as it is, without asking again for each)."""
    return str if _COMMAND_LINE.get() else speak


def _keyword(match: re.Match[str]) -> str:
    flag, _, value = match.group(0).partition(" ")
    known = KEYWORDS.get(flag)
    if known is None:
        return match.group(0)
    name, switch = known
    if switch:
        return f"{name}=True" + (f" {value}" if value else "")
    return f"{name}={value}" if value else f"{name}=…"
