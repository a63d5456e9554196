"""``outside_calling_hours``: during the call window, never a time the lead may be called
where the lead is (``--call-window``, ``--calling-hours``): left out.

Each number's zones come from phonenumbers' time-zone data; a number that may be
in several (a toll-free line, a Russian mobile) must be callable in all of them at
once. The verdict depends only on the zones and the country's hours, so it is
worked out once per distinct pair (:mod:`.._hours`), not per row.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ...findings import Cell, RowKind
from ...normalise import ZoneBook
from ...settings import CALL_WINDOW, CALLING_HOURS, CallWindow, Hours
from .._context import Context
from .._hours import callable_spans, local_window
from .._lot import Lot
from .._routes import by_region
from .._rule import Rule

_DAY = 24 * 60 + 1  # (an hour code: start × _DAY + end, both in minutes)
_PAIR = _DAY * _DAY


class OutsideCallingHours(RowKind):
    code = "outside_calling_hours"
    description = (
        "During the call window (--call-window) it is never within the lead's calling hours "
        "where the lead's number is (every time zone it may be in)."
    )
    template = "{e164} would be called {reason}"
    hint = (
        "schedule this lead in another window (prepare --split-by-timezone groups leads by "
        "zone), or change --calling-hours if the hours are wrong"
    )

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        return cls.message(e164=cell.e164, reason=cell.reason)


class CallingHours(Rule):
    kinds = (OutsideCallingHours,)

    def __init__(self, context: Context, plan: Any) -> None:
        super().__init__(context, plan)
        window = context.settings[CALL_WINDOW]
        assert window is not None  # noqa: S101 - wanted only with a window
        self.window: CallWindow = window
        self.hours = context.settings[CALLING_HOURS]
        self.book = ZoneBook()
        #: (zone index, hours) → why the lead is not callable ("" when it is)
        self._verdicts: dict[tuple[int, Hours], str] = {}
        self._lock = threading.Lock()

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return context.settings[CALL_WINDOW] is not None

    def check(self, lot: Lot) -> None:
        at = lot.open
        if not len(at):
            return
        zones = self.book.of(lot.key[at])
        # one verdict per distinct (zones, hours) pair, spread back to the rows
        by_code: dict[int, Hours] = {}
        region_code = np.empty(len(at), dtype=np.int64)
        for region, rows in by_region(lot.region[at]):
            hours = self.hours.of(region)
            code = hours.start * _DAY + hours.end
            region_code[rows], by_code[code] = code, hours
        pairs, inverse = np.unique(zones * _PAIR + region_code, return_inverse=True)
        verdicts = [self._verdict(int(p // _PAIR), by_code[int(p % _PAIR)]) for p in pairs]
        reasons = np.array(verdicts, dtype=object)[inverse.reshape(-1)]
        hit = reasons != ""
        lot.leave_out(hit, OutsideCallingHours.code, reasons[hit])

    def _verdict(self, zone: int, hours: Hours) -> str:
        key = (zone, hours)
        with self._lock:
            if key in self._verdicts:
                return self._verdicts[key]
        names = self.book.zones[zone]
        spans = callable_spans(self.window, names, hours)
        if spans is None:
            why = (
                "at an unknown local time: no time zone is known for this number, so no time "
                "of the window can be said to be within its calling hours"
            )
        elif spans:
            why = ""
        else:
            why = f"{local_window(self.window, names)}, never within its calling hours {hours}"
        with self._lock:
            self._verdicts[key] = why
        return why
