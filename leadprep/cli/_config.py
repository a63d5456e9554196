"""``--config FILE`` on the command line: the file's options become flags, before the user's.

The config's options are turned into the flags they name and put right after the
command words, so argparse parses them exactly as if typed — same types, same
checks — and any flag the user did type comes later and wins. An option only
some commands have (``campaign``) is skipped by the others; one no command has
is a usage error.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from .._exceptions import UsageError
from ..configfile import load_config, options_for

#: Options whose value is a comma-separated list, so a TOML list may set them.
_LISTS = frozenset({"--phone-column", "--columns", "--drop-columns"})


def expand_config(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``argv`` with ``--config FILE`` replaced by the flags the file sets."""
    argv = list(argv)
    path, argv = _take_config(argv)
    if path is None:
        return argv
    command, at, sub = _command(parser, argv)
    if sub is None:
        return argv  # no command: argparse says what is missing
    config = load_config(path)
    known = _options(sub)
    everywhere = _all_options(parser)
    tokens: list[str] = []
    typed = set(argv[at:])
    for key, value in options_for(config, command).items():
        flag = f"--{key}"
        action = known.get(flag)
        if action is None:
            if flag in everywhere and key in config:
                continue  # a top-level option of another command
            raise UsageError(
                f"the config {path} sets {key!r}, which `leadprep {' '.join(command)}` "
                "does not take",
                hint=f"see 'leadprep {' '.join(command)} --help' for its options",
            )
        tokens.extend(_tokens(flag, action, value, path, typed))
    return [*argv[:at], *tokens, *argv[at:]]


def _take_config(argv: list[str]) -> tuple[str | None, list[str]]:
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == "--config":
            if i + 1 >= len(argv):
                raise UsageError("--config needs a file", hint="--config leads.toml")
            return argv[i + 1], argv[:i] + argv[i + 2 :]
        if word.startswith("--config="):
            return word.partition("=")[2], argv[:i] + argv[i + 1 :]
    return None, argv


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    # argparse keeps its sub-parsers on a private action; no public way to list them.
    for action in parser._actions:  # (see above)
        if isinstance(action, argparse._SubParsersAction):  # (see above)
            return dict(action.choices)
    return {}


def _command(
    parser: argparse.ArgumentParser, argv: list[str]
) -> tuple[list[str], int, argparse.ArgumentParser | None]:
    """The command words (``["lead", "add"]``), where they end, and their parser."""
    words: list[str] = []
    current: argparse.ArgumentParser | None = parser
    at = 0
    for i, token in enumerate(argv):
        if current is None:
            break
        subs = _subcommands(current)
        if not subs:
            break
        if token.startswith("-"):
            continue
        if token not in subs:
            return words, i, None
        words.append(token)
        current = subs[token]
        at = i + 1
    return words, at, current if words else None


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {
        option: action
        for action in parser._actions  # argparse's list of a parser's options (private)
        for option in action.option_strings
        if option.startswith("--")
    }


def _all_options(parser: argparse.ArgumentParser) -> set[str]:
    found = set(_options(parser))
    for sub in _subcommands(parser).values():
        found |= _all_options(sub)
    return found


def _tokens(
    flag: str, action: argparse.Action, value: Any, path: str, typed: set[str]
) -> list[str]:
    def wrong(what: str) -> UsageError:
        return UsageError(
            f"the config {path} sets {flag[2:]} = {value!r}: {what}",
            hint=f"see 'leadprep --help' for what {flag} takes",
        )

    if action.nargs == 0:  # a switch
        if not isinstance(value, bool):
            raise wrong("write true or false")
        return [flag] if value else []
    if isinstance(action, argparse._AppendAction):  # repeatable flags (--note)
        if flag in typed:
            return []  # the command line's own values replace the config's
        items = value if isinstance(value, list) else [value]
        return [t for item in items for t in (flag, _text(item, wrong))]
    if isinstance(value, list):
        if flag not in _LISTS:
            raise wrong("one value, not a list")
        return [flag, ",".join(_text(item, wrong) for item in value)]
    return [flag, _text(value, wrong)]


def _text(value: Any, wrong: Any) -> str:
    if isinstance(value, bool | dict | list):
        raise wrong("a plain value")
    return str(value)
