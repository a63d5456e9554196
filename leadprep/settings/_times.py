"""The values of the who-and-when options (spec §12), and how each is read.

* :class:`CallWindow` — ``--call-window START/END``: when the campaign dials,
  two ISO 8601 times with their offsets;
* :class:`CallingHours` — ``--calling-hours HH:MM-HH:MM`` for every country, or a
  config table by country (``[calling-hours]`` ``IN = "09:00-21:00"``);
* :class:`ContactCap` — ``--max-contacts N/DAYS``.

Each converter takes the command line's text, a TOML value or a Python value,
like the others in :mod:`._convert`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from ._convert import Convert

#: Where a country has no hours of its own: ``IN`` 09:00-21:00, any other 08:00-21:00
#: (a starting table, not legal advice: the user replaces it).
DEFAULT_HOURS = {"IN": "09:00-21:00", "*": "08:00-21:00"}
#: A window longer than this is not one campaign's (and would be slow to check).
MAX_WINDOW = dt.timedelta(days=62)
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class CallWindow:
    """When the campaign dials: ``start`` up to ``end`` (aware datetimes)."""

    start: dt.datetime
    end: dt.datetime

    def __str__(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


class Hours(NamedTuple):
    """Allowed local hours, in minutes after midnight; ``end`` ≤ ``start``: past midnight."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class CallingHours:
    """Allowed local hours by country (``"*"``: every other country)."""

    table: tuple[tuple[str, Hours], ...]

    def of(self, region: str) -> Hours:
        found = dict(self.table)
        return found.get(region) or found.get("*") or _hours(DEFAULT_HOURS["*"])

    def __str__(self) -> str:
        return ", ".join(f"{region} {hours}" for region, hours in self.table)


#: The calling hours when none are given: :data:`DEFAULT_HOURS`.
DEFAULT_CALLING_HOURS = CallingHours(
    table=(("IN", Hours(9 * 60, 21 * 60)), ("*", Hours(8 * 60, 21 * 60)))
)


class ContactCap(NamedTuple):
    """At most ``contacts`` uploads of a number in ``days`` days, to any campaign."""

    contacts: int
    days: int

    def __str__(self) -> str:
        return f"{self.contacts}/{self.days}"


def _hours(text: str) -> Hours:
    match = _CLOCK.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not hours: write HH:MM-HH:MM, such as 09:00-21:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"{text!r} is not a time of day: hours 00-23, minutes 00-59")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end % (24 * 60):
        raise ValueError(f"{text!r} starts when it ends: write the hours calls are allowed")
    return Hours(start, end)


def _when(text: str, what: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise ValueError(
            f"the {what} {text!r} is not an ISO 8601 time: write 2026-12-04T10:00+05:30"
        ) from None
    if moment.tzinfo is None:
        raise ValueError(
            f"the {what} {text!r} has no offset: write it with one, such as "
            f"{text.strip()}+05:30 (IST) or {text.strip()}Z (UTC)"
        )
    return moment


class Window(Convert[CallWindow]):
    """``START/END``: two ISO 8601 times with offsets, the end after the start."""

    metavar = "START/END"

    def __call__(self, value: object) -> CallWindow:
        if isinstance(value, CallWindow):
            return value
        if isinstance(value, list | tuple) and len(value) == 2:
            start, end = (self._one(v, w) for v, w in zip(value, ("start", "end"), strict=True))
        else:
            text = self.plain(value)
            if text.count("/") != 1:
                raise ValueError(
                    "write START/END, such as 2026-12-04T10:00+05:30/2026-12-04T19:00+05:30"
                )
            first, second = text.split("/")
            start, end = _when(first, "start"), _when(second, "end")
        if end <= start:
            raise ValueError("the window ends before it starts")
        if end - start > MAX_WINDOW:
            raise ValueError(f"the window is longer than {MAX_WINDOW.days} days")
        return CallWindow(start, end)

    def _one(self, value: object, what: str) -> dt.datetime:
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise ValueError(f"the {what} {value.isoformat()} has no time zone")
            return value
        return _when(self.plain(value), what)


class HoursTable(Convert[CallingHours]):
    """``HH:MM-HH:MM`` for every country, or a table by country code
    (``{"IN": "09:00-21:00", "US": "08:00-20:00", "*": "09:00-20:00"}``); the
    countries it does not name keep :data:`DEFAULT_HOURS`."""

    metavar = "HH:MM-HH:MM"

    def __call__(self, value: object) -> CallingHours:
        import phonenumbers

        if isinstance(value, CallingHours):
            return value
        if not isinstance(value, Mapping):
            return CallingHours(table=(("*", _hours(self.plain(value))),))
        given: dict[str, Hours] = {}
        for key, hours in value.items():
            region = str(key).strip().upper()
            if region not in phonenumbers.SUPPORTED_REGIONS and region != "*":
                raise ValueError(
                    f"{key!r} is not a region: use two-letter country codes (IN, US), "
                    "or * for every other country"
                )
            given[region] = _hours(self.plain(hours))
        table = {r: _hours(h) for r, h in DEFAULT_HOURS.items()} | given
        return CallingHours(table=tuple(sorted(table.items(), key=lambda kv: kv[0] == "*")))


class Cap(Convert[ContactCap]):
    """``N/DAYS``: at most N uploads of a number in DAYS days."""

    metavar = "N/DAYS"

    def __call__(self, value: object) -> ContactCap:
        if isinstance(value, ContactCap):
            return value
        parts = (
            [str(v) for v in value]
            if isinstance(value, list | tuple)
            else self.plain(value).split("/")
        )
        try:
            contacts, days = (int(p.strip()) for p in parts)
        except ValueError:
            raise ValueError("write N/DAYS, such as 3/30 (3 uploads in 30 days)") from None
        if contacts < 1 or days < 1:
            raise ValueError("both N and DAYS must be positive")
        return ContactCap(contacts, days)
