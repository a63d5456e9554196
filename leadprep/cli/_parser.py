"""The ``leadprep`` argument parser, derived from the declarations of the options.

Every flag, its help and its group come from :mod:`leadprep.settings`; this module
only knows the commands (their help text and handler). Nothing is parsed into a
value here: an option's value is read by its declaration (:class:`Settings`),
so a flag, a config key and a Python keyword are read alike. Flags left out are
left out of the namespace (``default=SUPPRESS``), so what was typed is known.

Handlers are imported when their command runs: ``leadprep lead get`` never
loads pyarrow, ``leadprep validate`` never loads httpx or the ledger.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from .._exceptions import EXIT_USAGE
from .._version import __version__
from ..settings import Option, options_of

if TYPE_CHECKING:
    from ..settings import Settings

Handler = Callable[["Settings"], int]


@dataclass(frozen=True)
class Command:
    """One command: its words, its help, and where its handler lives."""

    name: str
    help: str
    handler: str  # "module:function" in this package
    description: str = ""
    #: what a person needs to know when the command is stopped (Ctrl-C, SIGTERM)
    interrupted: str = "nothing was sent; run the same command again"

    def load(self) -> Handler:
        module, _, function = self.handler.partition(":")
        found: Handler = getattr(importlib.import_module(module, __package__), function)
        return found


_MAYBE_SENT = "the request may have reached DialNexa before the stop: {check}"

COMMANDS = (
    Command(
        "validate",
        "check a CSV/XLSX/XLS file and report every row that would not upload",
        "._files:cmd_validate",
        "Check FILE against DialNexa's upload rules before anything is sent.",
        "nothing was written (outputs are put in place only when complete); run the same "
        "command again",
    ),
    Command(
        "upload",
        "validate FILE, then upload its valid rows to a campaign, resumably",
        "._files:cmd_upload",
        "Validate FILE, upload the valid rows in chunks, reconcile. Rerunning the same "
        "command resumes; numbers already uploaded to the campaign are skipped.",
        "nothing acknowledged was lost; run the same command again: it resumes",
    ),
    Command(
        "prepare",
        "validate FILE and write API-ready CSV parts for uploading by hand",
        "._files:cmd_prepare",
        "",
        "no part was left half-written, but the folder may hold only some of them; run "
        "the same command again before uploading any",
    ),
    Command(
        "init",
        "inspect FILE and print a commented config (TOML) that makes it pass",
        "._files:cmd_init",
        "Validate FILE, apply the fix each refusal names, and print the options found "
        "(header row, phone column, columns to keep, region) as a config for --config: "
        "a cron job's settings, ready to edit.",
        "no config was written; run it again",
    ),
    Command(
        "demo",
        "the whole job on an embedded sandbox: validate, upload, reconcile, rerun",
        "._files:cmd_demo",
        "",
        "the demo stopped; it touched nothing outside its own temporary folder (or --keep)",
    ),
    Command(
        "campaign create",
        "POST /campaigns",
        "._records:campaign_create",
        "",
        _MAYBE_SENT.format(check="look for the campaign in DialNexa before creating it again"),
    ),
    Command(
        "lead add",
        "POST /campaigns-leads",
        "._records:lead_add",
        "",
        _MAYBE_SENT.format(check="look the number up in the campaign before adding it again"),
    ),
    Command(
        "lead get",
        "GET /campaigns-leads/{id}",
        "._records:lead_get",
        "",
        "nothing was changed; run it again",
    ),
    Command(
        "lead update",
        "PATCH /campaigns-leads/{id} (only while pending)",
        "._records:lead_update",
        "",
        _MAYBE_SENT.format(check="check the lead with 'leadprep lead get' before repeating"),
    ),
    Command(
        "sandbox",
        "serve a local DialNexa-compatible API (for demos, tests, dry runs)",
        "._files:cmd_sandbox",
        "Serve the five DialNexa endpoints on HOST:PORT/v1, state in SQLite.",
        "the sandbox stopped; with --db its state is kept for the next start",
    ),
)
#: The words that group commands (``leadprep campaign create``), and their help.
_GROUPS = {"campaign": "create a campaign", "lead": "add, get or update one lead"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message} — see '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: a sub-parser per command, an argument per option."""
    parser = _Parser(
        prog="leadprep",
        description="Check lead lists against DialNexa's upload rules, then upload them.",
    )
    parser.add_argument("--version", action="version", version=f"leadprep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    groups: dict[str, Any] = {}
    for command in COMMANDS:
        first, _, second = command.name.partition(" ")
        if second:
            if first not in groups:
                groups[first] = sub.add_parser(first, help=_GROUPS[first]).add_subparsers(
                    dest="action", metavar="ACTION", parser_class=_Parser, required=True
                )
            here = groups[first].add_parser(second, help=command.help)
        else:
            here = sub.add_parser(first, help=command.help, description=command.description or None)
        _add_options(here, command.name)
        here.set_defaults(_command=command.name, _parser=here)
    return parser


def _add_options(parser: argparse.ArgumentParser, command: str) -> None:
    sections: dict[str, Any] = {}
    for option in options_of(command):
        if option.positional:
            parser.add_argument(option.name, metavar=option.convert.metavar, help=option.help)
            continue
        group = option.group
        if group not in sections:
            sections[group] = parser if group == "options" else parser.add_argument_group(group)
        flags = [option.flag, *([option.short] if option.short else [])]
        sections[group].add_argument(*flags, **_argument(option))


def _argument(option: Option[Any]) -> dict[str, Any]:
    """How argparse reads ``option``: as text (converted later), a switch, or repeated."""
    shown = f" (default {option.shown_default})" if option.shown_default else ""
    env = f" (env {option.env})" if option.env else ""
    spec: dict[str, Any] = {
        "dest": option.name,
        "default": argparse.SUPPRESS,
        "help": option.help.replace("%", "%%") + shown + env,
    }
    arity = option.convert.arity
    if arity == "switch":
        spec["action"] = "store_true"
    else:
        spec["metavar"] = option.convert.metavar
        if arity == "repeat":
            spec["action"] = "append"
    return spec


def parse(argv: list[str]) -> tuple[str, dict[str, object]]:
    """The command and what was typed for it (option name → text), or argparse's exit."""
    namespace, extra = build_parser().parse_known_args(argv)
    typed = vars(namespace)
    if extra:  # said by the command's own parser: its usage, and 'leadprep CMD --help'
        typed["_parser"].error(f"unrecognized arguments: {' '.join(extra)}")
    typed.pop("_parser")
    command = str(typed.pop("_command"))
    for word in ("command", "action"):
        typed.pop(word, None)
    return command, typed


def command_named(name: str) -> Command:
    return next(c for c in COMMANDS if c.name == name)
