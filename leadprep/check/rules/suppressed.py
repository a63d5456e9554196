"""``suppressed``: the number is on a do-not-call list (``--suppress FILE``): skipped."""

from __future__ import annotations

from ...findings import SkipKind
from .._context import Context
from .._lot import Lot
from .._rule import Rule


class Suppressed(SkipKind):
    code = "suppressed"
    description = "The number is on the do-not-call list."
    template = "number {e164} is on the do-not-call list"
    hint = "on the do-not-call list; nothing to do"


class Suppress(Rule):
    kinds = (Suppressed,)

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return context.suppress is not None and len(context.suppress) > 0

    def check(self, lot: Lot) -> None:
        suppress = self.context.suppress
        if suppress is not None and len(lot.open):
            lot.leave_out(suppress.hits(lot.key[lot.open]), Suppressed.code)
