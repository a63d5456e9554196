"""``already_uploaded``: the ledger shows the number acknowledged for this campaign: skipped."""

from __future__ import annotations

import numpy as np

from ...findings import SkipKind
from ...normalise import e164_text
from .._context import Context
from .._lot import Lot
from .._rule import Rule


class AlreadyUploaded(SkipKind):
    code = "already_uploaded"
    description = "The ledger shows this number was acknowledged for this campaign before."
    template = "number {e164} was already uploaded to this campaign"
    hint = "already in this campaign; --allow-reupload sends it again"


class Uploaded(Rule):
    kinds = (AlreadyUploaded,)

    @classmethod
    def wanted(cls, context: Context) -> bool:
        return context.already_uploaded is not None

    def check(self, lot: Lot) -> None:
        lookup = self.context.already_uploaded
        if lookup is not None and len(lot.open):
            hit = np.asarray(lookup(e164_text(lot.key[lot.open])), dtype=bool)
            lot.leave_out(hit, AlreadyUploaded.code)
