"""Who is reading: options named as the reader would give them.

Messages and hints are written once, naming command-line flags (``pass
--phone-column NAME``). Shown to someone who called the Python API they read
``pass phone_column=NAME``; the command line marks its own run with
:func:`speaking_to_the_command_line`, and its readers see the flags as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_COMMAND_LINE: ContextVar[bool] = ContextVar("leadprep_command_line", default=False)

#: Flag → keyword argument of validate/upload/prepare/DialNexaClient; ``True`` for switches.
KEYWORDS: dict[str, tuple[str, bool]] = {
    "--phone-column": ("phone_column", False),
    "--default-region": ("default_region", False),
    "--telephony-config": ("telephony_config", False),
    "--suppress": ("suppress", False),
    "--prompt": ("prompt", False),
    "--sheet": ("sheet", False),
    "--columns": ("columns", False),
    "--drop-columns": ("drop_columns", False),
    "--only-prompt-columns": ("only_prompt_columns", True),
    "--header-row": ("header_row", False),
    "--keep-headers": ("keep_headers", True),
    "--allow-duplicates": ("allow_duplicates", True),
    "--allow-reupload": ("allow_reupload", True),
    "--allow-insecure-http": ("allow_insecure_http", True),
    "--output": ("output", False),
    "--errors-output": ("errors_output", False),
    "--ledger": ("ledger", False),
    "--chunk-rows": ("chunk_rows", False),
    "--concurrency": ("concurrency", False),
    "--max-attempts": ("max_attempts", False),
    "--lock-wait": ("lock_wait_s", False),
    "--timeout": ("timeout", False),
    "--base-url": ("base_url", False),
    "--api-key": ("api_key", False),
    "--out-dir": ("out_dir", False),
}
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


def _keyword(match: re.Match[str]) -> str:
    flag, _, value = match.group(0).partition(" ")
    known = KEYWORDS.get(flag)
    if known is None:
        return match.group(0)
    name, switch = known
    if switch:
        return f"{name}=True" + (f" {value}" if value else "")
    return f"{name}={value}" if value else f"{name}=…"
