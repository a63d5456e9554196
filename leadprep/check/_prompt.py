"""Agent prompt variables: which ``{{var}}`` placeholders a prompt uses."""

from __future__ import annotations

import re
from pathlib import Path

from .._exceptions import UsageError
from .._paths import regular_input

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")


def prompt_variables(text: str) -> list[str]:
    """Placeholders in ``text``, in first-use order, each once (case-sensitive)."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def load_prompt(path: str | Path) -> list[str]:
    path = Path(path)
    regular_input(path, "prompt file", "--prompt")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"cannot read prompt {path}: {exc}", hint="check the --prompt path"
        ) from exc
    return prompt_variables(text)
