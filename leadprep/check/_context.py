"""What one run's rows are checked against: loaded once from its settings.

The telephony config, the do-not-call lists and the agent prompt are files the
settings name; :meth:`Context.load` reads them before the lead file is opened,
so a bad one is a usage error (exit 2) that names it, and nothing is read twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._exceptions import UsageError
from .._types import BoolArray, IntArray, ObjArray
from ..dialnexa import DEFAULT_REGION as IMPLICIT_REGION
from ..normalise import PhoneNormaliser
from ..settings import (
    ALLOW_DUPLICATES,
    ALLOW_SUSPICIOUS,
    DEFAULT_REGION,
    ONLY_PROMPT_COLUMNS,
    PROMPT,
    SUPPRESS,
    SUPPRESS_MAX_AGE,
    TELEPHONY_CONFIG,
    ContactCap,
    Settings,
)
from ._prompt import load_prompt
from ._routes import TelephonyConfig
from ._suppress import SuppressionList, load_suppression, merged

#: Given E.164 numbers, which ones the ledger already holds for the campaign.
UploadedLookup = Callable[[ObjArray], BoolArray]


@dataclass(frozen=True)
class Contacted:
    """The numbers the ledger shows uploaded at least ``cap.contacts`` times in the last
    ``cap.days`` days, to any campaign (``--max-contacts``): sorted keys, and each
    one's count."""

    cap: ContactCap
    keys: IntArray
    counts: IntArray

    @classmethod
    def of(cls, cap: ContactCap, counts: dict[str, int]) -> Contacted:
        """From E.164 number → uploads in the period."""
        keys = np.array([int(p.removeprefix("+")) for p in counts], dtype=np.int64)
        order = np.argsort(keys)
        values = np.array(list(counts.values()), dtype=np.int64)
        return cls(cap=cap, keys=keys[order], counts=values[order])

    def counts_of(self, keys: IntArray) -> IntArray:
        """Each number's uploads in the period, where at or past the cap (else 0)."""
        if not len(self.keys):
            return np.zeros(len(keys), dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found: IntArray = np.where(self.keys[at] == keys, self.counts[at], 0)
        return found


@dataclass(frozen=True)
class Context:
    """Everything the row rules of one run need besides the rows themselves."""

    settings: Settings
    #: the region of numbers written without a country code, and whether it was given
    region: str
    region_given: bool
    phones: PhoneNormaliser
    routes: TelephonyConfig
    suppress: SuppressionList | None
    prompt_variables: tuple[str, ...]
    already_uploaded: UploadedLookup | None = None
    contacted: Contacted | None = None
    _phones: dict[str, PhoneNormaliser] = field(default_factory=dict, compare=False, repr=False)

    @property
    def allow_duplicates(self) -> bool:
        return self.settings[ALLOW_DUPLICATES]

    @property
    def allow_suspicious(self) -> bool:
        return self.settings[ALLOW_SUSPICIOUS]

    def phones_in(self, region: str) -> PhoneNormaliser:
        """The phone normaliser of ``region`` (one per region, made when first asked)."""
        if region == self.region:
            return self.phones
        if region not in self._phones:
            self._phones[region] = PhoneNormaliser(region)
        return self._phones[region]

    def stale_lists(self) -> list[dict[str, Any]]:
        """The audit records of the do-not-call lists older than ``--suppress-max-age``."""
        days = self.settings[SUPPRESS_MAX_AGE]
        return [] if days is None or self.suppress is None else self.suppress.stale(days)

    @property
    def suppression_records(self) -> list[dict[str, Any]]:
        """Each do-not-call list used: path, SHA-256, numbers read, age (the audit trail)."""
        return [] if self.suppress is None else list(self.suppress.records)

    @classmethod
    def load(
        cls,
        settings: Settings,
        *,
        already_uploaded: UploadedLookup | None = None,
        contacted: Contacted | None = None,
    ) -> Context:
        """Read what ``settings`` names (raising :class:`UsageError` for what is wrong)."""
        if settings[ONLY_PROMPT_COLUMNS] and settings[PROMPT] is None:
            raise UsageError(
                "--only-prompt-columns keeps the columns the agent prompt uses, but no prompt "
                "was given",
                hint="pass --prompt FILE too",
            )
        given = settings[DEFAULT_REGION]
        phones = PhoneNormaliser(given or IMPLICIT_REGION)
        lists = [load_suppression(path, phones) for path in settings[SUPPRESS]]
        prompt = settings[PROMPT]
        return cls(
            settings=settings,
            region=phones.region,
            region_given=given is not None,
            phones=phones,
            routes=_routes(settings[TELEPHONY_CONFIG], phones.region),
            suppress=merged(lists) if lists else None,
            prompt_variables=tuple(load_prompt(prompt)) if prompt is not None else (),
            already_uploaded=already_uploaded,
            contacted=contacted,
        )


def _routes(value: Any, region: str) -> TelephonyConfig:
    """The telephony config a setting names (a file, a mapping, or one already loaded);
    without one, the whole of the default region is enabled."""
    if value is None:
        return TelephonyConfig.whole_country(region)
    if isinstance(value, TelephonyConfig):
        return value
    if isinstance(value, dict):
        config: TelephonyConfig = TelephonyConfig.from_dict(value)
        return config
    return TelephonyConfig.load(value)
