"""An option, declared once: :class:`Option`, and the :data:`REGISTRY` that holds them all.

Everything else about an option is derived from its declaration: the command
line's flag and help (``leadprep.cli``), the config-file key, the Python API's
keyword, what ``leadprep init`` writes, and the ledger's fingerprint of a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from .._speech import KEYWORDS
from ._convert import Convert

T = TypeVar("T")

#: Every command, as the command line spells it.
COMMANDS = (
    "validate",
    "prepare",
    "upload",
    "init",
    "demo",
    "sandbox",
    "campaign create",
    "lead add",
    "lead get",
    "lead update",
)
#: The commands that read a lead file and check it.
FILE_COMMANDS = ("validate", "prepare", "upload")


@dataclass(frozen=True, eq=False)
class Option(Generic[T]):
    """One option of one or more commands.

    ``name`` is the Python keyword (``default_region``); the flag and the config
    key are the name with dashes (``--default-region``, ``default-region = …``)
    unless ``flag`` says otherwise. ``changes_upload``: a different value makes a
    different upload (it goes into the ledger's fingerprint of a run). ``init``:
    ``leadprep init`` writes the value it found or was given."""

    name: str
    help: str
    convert: Convert[T]
    default: T
    commands: tuple[str, ...]
    changes_upload: bool = False
    flag: str = ""
    short: str | None = None
    group: str = "options"
    required_in: tuple[str, ...] = ()
    env: str | None = None
    init: bool = False
    #: a positional argument of the command line (``FILE``)
    positional: bool = False
    #: a keyword of the Python API (the command line's own switches are not)
    python: bool = True
    #: how ``--help`` shows the default (``""``: not shown)
    shown_default: str = field(default="")
    #: the option names a file the run reads, or one it writes (outputs may never
    #: land on inputs, nor on each other: :func:`leadprep._paths.check_outputs`)
    io: Literal["", "reads", "writes"] = ""

    def __post_init__(self) -> None:
        if not self.flag and not self.positional:
            object.__setattr__(self, "flag", "--" + self.name.replace("_", "-"))
        unknown = set(self.commands) - set(COMMANDS)
        if unknown:
            raise ValueError(f"option {self.name} names unknown commands {sorted(unknown)}")

    @property
    def key(self) -> str:
        """The config-file key: the flag without its dashes."""
        return self.flag.removeprefix("--")

    @property
    def switch(self) -> bool:
        return self.convert.arity == "switch"

    def takes(self, command: str) -> bool:
        return command in self.commands

    def __repr__(self) -> str:
        return f"Option({self.name})"


#: Every option, in the order ``--help`` and ``leadprep init`` show them.
REGISTRY: list[Option[object]] = []


def declare(option: Option[T]) -> Option[T]:
    """Add ``option`` to :data:`REGISTRY` and return it (one line per declaration)."""
    REGISTRY.append(option)  # type: ignore[arg-type]  # the registry holds every T
    if option.python:  # messages name it as a Python caller writes it
        KEYWORDS[option.flag] = (option.name, option.switch)
    return option


def options_of(command: str) -> list[Option[object]]:
    """The options ``command`` takes, in declaration order."""
    return [option for option in REGISTRY if option.takes(command)]
