"""What the rows hold, beside what was wrong with them: the report's ``profile``.

* ``filled`` — per output column, how many rows have a cell (the fill rate is this
  over ``rows_total``): a column an agent prompt needs and that is half empty shows;
* ``countries`` — the valid numbers by country calling code (``"+91"``), exact;
* ``kinds`` — mobile, landline or other, from the first :data:`KIND_SAMPLE` valid
  numbers (phonenumbers' own ``number_type``; the sample's size is kept with it);
* ``region`` — how the numbers written without a country code were read, and the
  evidence looked at (the region check's own record).

The check stage counts the first three batch by batch, column-wise; the report
renders them (text, JSON, HTML) and never recounts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._types import IntArray

#: How many valid numbers the kinds are read from (phonenumbers, one by one).
KIND_SAMPLE = 2_000


@dataclass
class Profile:
    filled: dict[str, int] = field(default_factory=dict)
    #: valid numbers by calling code, indexed 0-999 while counting
    _codes: IntArray = field(default_factory=lambda: np.zeros(1000, dtype=np.int64), repr=False)
    countries: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    kinds_sampled: int = 0
    region: dict[str, Any] = field(default_factory=dict)
    #: the first valid numbers (E.164 keys), for the kinds
    _sample: list[int] = field(default_factory=list, repr=False)

    def add(self, filled: dict[str, int], codes: IntArray, keys: IntArray) -> None:
        """One checked batch: its filled cells by column, its valid numbers' calling
        codes (a bincount) and their keys."""
        for name, n in filled.items():
            self.filled[name] = self.filled.get(name, 0) + n
        self._codes += codes
        room = KIND_SAMPLE - len(self._sample)
        if room > 0:
            self._sample.extend(keys[:room].tolist())

    def finish(self) -> None:
        """Name the countries and read the sample's kinds (once every batch is in)."""
        import phonenumbers
        from phonenumbers import PhoneNumberType as T

        self.countries = {
            f"+{code}": int(n) for code, n in sorted(enumerate(self._codes), key=lambda c: -c[1])
            if n
        }  # fmt: skip
        names = {
            T.MOBILE: "mobile",
            T.FIXED_LINE: "landline",
            T.FIXED_LINE_OR_MOBILE: "mobile or landline",
            T.TOLL_FREE: "toll-free",
        }
        kinds: Counter[str] = Counter()
        for key in self._sample:
            kind = phonenumbers.number_type(phonenumbers.parse(f"+{key}"))
            kinds[names.get(kind, "other")] += 1
        self.kinds = dict(kinds.most_common())
        self.kinds_sampled = len(self._sample)

    def to_dict(self) -> dict[str, Any]:
        return {
            "filled": self.filled,
            "countries": self.countries,
            "kinds": self.kinds,
            "kinds_sampled": self.kinds_sampled,
            "region": self.region,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Profile:
        data = data or {}
        return cls(
            filled=dict(data.get("filled", {})),
            countries=dict(data.get("countries", {})),
            kinds=dict(data.get("kinds", {})),
            kinds_sampled=int(data.get("kinds_sampled", 0)),
            region=dict(data.get("region", {})),
        )


def country_name(code: str) -> str:
    """``"+91"`` → ``"+91 IN"``; ``"+1"`` → ``"+1 US, CA…"`` (the regions of the code)."""
    import phonenumbers

    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code.lstrip("+")), ())
    shown = ", ".join(regions[:2]) + ("…" if len(regions) > 2 else "")
    return f"{code} {shown}".strip()
