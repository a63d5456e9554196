"""How an option's value is read, whichever way it arrives.

A value comes as command-line text (``"3"``), a TOML value (``3``, ``true``,
``["Mobile", "Phone"]``) or a Python keyword (``header_row=3``). Each converter
takes any of them and returns the option's one type, or raises :class:`ValueError`
saying what is wrong with the value (the caller names the option as its reader
gave it). ``arity`` tells the command line how the option is written: a switch,
one value, a comma-separated list, or a repeatable flag.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Arity = Literal["switch", "one", "list", "repeat"]


class Convert(Generic[T_co]):
    """A value of any source → ``T_co``."""

    arity: Arity = "one"
    metavar = "VALUE"

    def __call__(self, value: object) -> T_co:
        raise NotImplementedError

    def plain(self, value: object) -> str:
        """One scalar value as text (a list, table or switch value is refused)."""
        if isinstance(value, list | tuple):
            raise ValueError("one value, not a list")
        if isinstance(value, bool | dict) or value is None:
            raise ValueError("write a plain value")
        return str(value).strip()


class Text(Convert[str]):
    def __init__(self, metavar: str = "TEXT") -> None:
        self.metavar = metavar

    def __call__(self, value: object) -> str:
        return self.plain(value)


class Switch(Convert[bool]):
    arity: Arity = "switch"

    def __call__(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValueError("write true or false")
        return value


class Whole(Convert[int]):
    """A whole number of at least ``minimum``."""

    def __init__(self, minimum: int = 1, metavar: str = "N") -> None:
        self.minimum = minimum
        self.metavar = metavar

    def __call__(self, value: object) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = self.plain(value)
            try:
                number = int(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a whole number") from None
        if number < self.minimum:
            least = "positive" if self.minimum == 1 else f"at least {self.minimum}"
            raise ValueError(f"{number} is not {least}")
        return number


class Number(Convert[float]):
    """A finite number within ``low``–``high`` (``low`` excluded when ``strict``)."""

    def __init__(
        self, low: float = 0.0, high: float = math.inf, *, strict: bool = True, metavar: str = "S"
    ) -> None:
        self.low, self.high, self.strict = low, high, strict
        self.metavar = metavar

    def __call__(self, value: object) -> float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            text = self.plain(value)
            try:
                number = float(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a number") from None
        below = number <= self.low if self.strict else number < self.low
        if not math.isfinite(number) or below or number > self.high:
            bound = "above" if self.strict else "at least"
            top = f" and at most {self.high:g}" if math.isfinite(self.high) else ""
            raise ValueError(f"{number:g} is not a number {bound} {self.low:g}{top}")
        return number


class Choice(Convert[str]):
    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.metavar = "{" + ",".join(choices) + "}"

    def __call__(self, value: object) -> str:
        text = self.plain(value)
        if text not in self.choices:
            raise ValueError(f"{text!r} is not one of {', '.join(self.choices)}")
        return text


class Columns(Convert[tuple[str, ...]]):
    """Column names or letters: ``"Name,Mobile,F"`` or ``["Name", "Mobile", "F"]``."""

    arity: Arity = "list"

    def __init__(self, metavar: str = "SPEC") -> None:
        self.metavar = metavar

    def __call__(self, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            items: Sequence[object] = value.split(",")
        elif isinstance(value, list | tuple):
            items = value
        else:
            raise ValueError("write the columns comma-separated, or as a list")
        return tuple(text for item in items if (text := self.plain(item)))


class Region(Convert[str]):
    """A two-letter region phonenumbers knows (``IN``, ``US``), upper-cased."""

    metavar = "CC"

    def __call__(self, value: object) -> str:
        import phonenumbers  # (here: the command line starts without it)

        text = self.plain(value)
        if text.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(
                f"{text!r} is not a region: use a two-letter ISO country code such as IN, US or GB"
            )
        return text.upper()


class FilePath(Convert[Path]):
    def __init__(self, metavar: str = "FILE") -> None:
        self.metavar = metavar

    def __call__(self, value: object) -> Path:
        if isinstance(value, os.PathLike):
            return Path(value)
        text = self.plain(value)
        if not text:
            raise ValueError("write a path")
        return Path(text)


class Source(Convert[object]):
    """A file path, or (from Python) the data itself: a mapping, or the object it
    loads into (the stage that reads it says what it accepts)."""

    def __init__(self, metavar: str = "FILE") -> None:
        self.metavar = metavar

    def __call__(self, value: object) -> object:
        if isinstance(value, str | os.PathLike | int | float | bool | list | tuple):
            return FilePath()(value)
        return value


class Repeat(Convert[tuple[T, ...]]):
    """A repeatable option: each value converted by ``one``."""

    arity: Arity = "repeat"

    def __init__(self, one: Convert[T]) -> None:
        self.one = one
        self.metavar = one.metavar

    def __call__(self, value: object) -> tuple[T, ...]:
        items = value if isinstance(value, list | tuple) else [value]
        return tuple(self.one(item) for item in items)
