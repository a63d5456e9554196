"""What one run's rows are checked against: loaded once from its settings.

The telephony config, the do-not-call lists and the agent prompt are files the
settings name; :meth:`Context.load` reads them before the lead file is opened,
so a bad one is a usage error (exit 2) that names it, and nothing is read twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import UsageError
from .._types import BoolArray, ObjArray
from ..dialnexa import DEFAULT_REGION as IMPLICIT_REGION
from ..normalise import PhoneNormaliser
from ..settings import (
    ALLOW_DUPLICATES,
    ALLOW_SUSPICIOUS,
    DEFAULT_REGION,
    ONLY_PROMPT_COLUMNS,
    PROMPT,
    SUPPRESS,
    TELEPHONY_CONFIG,
    Settings,
)
from ._prompt import load_prompt
from ._routes import TelephonyConfig
from ._suppress import SuppressionList, load_suppression, merged

#: Given E.164 numbers, which ones the ledger already holds for the campaign.
UploadedLookup = Callable[[ObjArray], BoolArray]


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

    @classmethod
    def load(cls, settings: Settings, *, already_uploaded: UploadedLookup | None = None) -> Context:
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
