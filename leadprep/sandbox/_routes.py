"""The workspace's destinations, read by the sandbox itself (the telephony config JSON).

Decided here with plain string prefixes, not with leadprep's column-wise check,
so tests compare two implementations of the same rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers

from ..dialnexa import (
    REASON_NO_ENABLED_COUNTRIES,
    REASON_UNSUPPORTED_COUNTRY,
    REASON_UNSUPPORTED_PREFIX,
)


@dataclass(frozen=True)
class Routes:
    """Enabled network groups: country → prefixes (``()``: the whole country)."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]
    sip: bool = False

    @classmethod
    def of(cls, source: str | Path | Mapping[str, Any] | None, region: str) -> Routes:
        """From the config's JSON (a file or its data); ``None``: all of ``region``."""
        if source is None:
            return cls(((region, ()),))
        data = source if isinstance(source, Mapping) else json.loads(Path(source).read_text())
        groups = tuple(
            (
                str(g["country"]).upper(),
                tuple("+" + "".join(ch for ch in p if ch.isdigit()) for p in g.get("prefixes", [])),
            )
            for g in data.get("network_groups", [])
            if g.get("enabled", True)
        )
        return cls(groups, bool(data.get("sip", False)))

    def problem(self, e164: str) -> str | None:
        """Why DialNexa would refuse to call ``e164``, or ``None``."""
        if self.sip:
            return None
        if not self.groups:
            return REASON_NO_ENABLED_COUNTRIES
        region = phonenumbers.region_code_for_number(phonenumbers.parse(e164))
        mine = [prefixes for country, prefixes in self.groups if country == region]
        if not mine:
            return REASON_UNSUPPORTED_COUNTRY
        if any(not prefixes or e164.startswith(prefixes) for prefixes in mine):
            return None
        return REASON_UNSUPPORTED_PREFIX
