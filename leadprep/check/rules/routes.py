"""``unsupported_country`` / ``unsupported_prefix``: the workspace may not call the number.

Checked against the run's telephony config (:class:`~leadprep.check.TelephonyConfig`):
a country with no enabled network group, or an enabled country whose groups'
prefixes do not cover the number.
"""

from __future__ import annotations

import json
from typing import Any

from ...findings import Cell, Cells, RowKind
from ...settings import TELEPHONY_CONFIG
from .._lot import Lot
from .._routes import COUNTRY, PREFIX
from .._rule import Rule


class UnsupportedCountry(RowKind):
    code = COUNTRY
    description = "The number's country has no enabled network group."
    template = "{region} number {e164}; enabled countries: {allowed}"
    hint = "enable a network group for that country in Telephony Config, or remove these leads"

    @classmethod
    def describe_all(cls, cells: Cells, context: Any) -> list[str]:
        allowed = ", ".join(context.routes.enabled_countries) or "none"
        return cls.messages(len(cells.e164), region=cells.region, e164=cells.e164, allowed=allowed)

    @classmethod
    def advise_all(cls, cells: Cells, context: Any) -> list[str]:
        where = (
            "add it to network_groups in the --telephony-config file"
            if context.settings.given(TELEPHONY_CONFIG)
            else "pass --telephony-config FILE whose network_groups have it, beside your "
            f"{context.region} group"
        )
        advice = {region: _enable(region, where) for region in set(cells.region)}
        return [advice[region] for region in cells.region]


def _enable(region: str, where: str) -> str:
    """How to call ``region``'s numbers: enable it in DialNexa, and in leadprep ``where``."""
    group = json.dumps({"country": region, "name": region, "prefixes": [], "enabled": True})
    return (
        f"to call {region} numbers, enable the country in Workspace Settings › "
        f"Telephony Config, and for leadprep {where}: {group}; or remove these leads"
    )


class UnsupportedPrefix(RowKind):
    code = PREFIX
    description = "The country is enabled, but no enabled group's prefix covers the number."
    template = "number {e164} matches no enabled {region} prefix (enabled: {enabled})"
    hint = "enable a network group whose prefixes cover these numbers, or remove these leads"

    @classmethod
    def describe(cls, cell: Cell, context: Any) -> str:
        enabled = context.routes.describe(cell.region)
        return cls.message(e164=cell.e164, region=cell.region, enabled=enabled)


class Routes(Rule):
    kinds = (UnsupportedCountry, UnsupportedPrefix)

    def check(self, lot: Lot) -> None:
        at = lot.open
        codes = self.context.routes.check_column(lot.key[at], lot.region[at])
        blocked = codes.astype(bool)
        lot.code[at[blocked]] = codes[blocked]
        lot.open = at[~blocked]
