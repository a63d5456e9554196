"""When a lead may be called during a call window: exact intervals, in real time zones.

The campaign dials during ``--call-window`` (two instants). A lead's number may
ring in one or several time zones (:class:`~leadprep.normalise.ZoneBook`); in each,
the lead may be called during its country's hours (``--calling-hours``) of each
local day. The lead is callable at the instants inside the window that fall in
the allowed hours *of every zone it may be in* — the call happens at one instant,
wherever the person is. Those instants are worked out as UTC intervals with
:mod:`zoneinfo`, so days that are 23 or 25 hours long (a DST change inside the
window) come out right; a lead with none is ``outside_calling_hours``.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from ..settings import CallWindow, Hours

Span = tuple[dt.datetime, dt.datetime]
_UTC = dt.UTC
#: How many zones a message names before it says "and N more".
SHOWN_ZONES = 2


@functools.cache
def zone(name: str) -> dt.tzinfo | None:
    """The time zone ``name`` (phonenumbers' names, old ones included), ``None`` if unknown."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _allowed(window: CallWindow, tz: dt.tzinfo, hours: Hours) -> list[Span]:
    """The UTC spans, around ``window``, when local time in ``tz`` is within ``hours``."""
    first = window.start.astimezone(tz).date() - dt.timedelta(days=1)
    last = window.end.astimezone(tz).date()
    spans = []
    day = first
    while day <= last:
        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=hours.start)
        end_day = day if hours.end > hours.start else day + dt.timedelta(days=1)
        end = dt.datetime.combine(end_day, dt.time()) + dt.timedelta(minutes=hours.end)
        spans.append(
            (start.replace(tzinfo=tz).astimezone(_UTC), end.replace(tzinfo=tz).astimezone(_UTC))
        )
        day += dt.timedelta(days=1)
    return spans


def _intersect(a: list[Span], b: list[Span]) -> list[Span]:
    """The instants in both lists of sorted, disjoint spans."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def callable_spans(window: CallWindow, zones: tuple[str, ...], hours: Hours) -> list[Span] | None:
    """The spans of ``window`` when a lead in any of ``zones`` may be called (UTC);
    ``None`` when a zone is not known (no time can be said to be safe)."""
    spans = [(window.start.astimezone(_UTC), window.end.astimezone(_UTC))]
    for name in zones:
        tz = zone(name)
        if tz is None:
            return None
        spans = _intersect(spans, _allowed(window, tz, hours))
    return spans


def _local(moment: dt.datetime, tz: dt.tzinfo, *, date: bool) -> str:
    local = moment.astimezone(tz)
    text = local.strftime("%H:%M %Z")
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')} {text}" if date else text


def local_window(window: CallWindow, zones: tuple[str, ...]) -> str:
    """The window in the lead's local time, zone by zone: ``Thu 3 Dec 23:30 EST –
    08:30 EST (America/New_York)``."""
    parts = []
    for name in zones[:SHOWN_ZONES]:
        tz = zone(name)
        if tz is None:
            continue
        start, end = window.start.astimezone(tz), window.end.astimezone(tz)
        same_day = start.date() == end.date()
        parts.append(
            f"{_local(start, tz, date=True)} – {_local(end, tz, date=not same_day)} ({name})"
        )
    more = len(zones) - SHOWN_ZONES
    if more > 0:
        parts.append(f"and {more} more zones it may be in")
    return ", ".join(parts)
