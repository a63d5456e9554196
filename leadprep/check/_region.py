"""Is this list another country's? ``region_mismatch``, decided for the whole file.

A Zoho export of US leads (``660-485-0224``) read with India as the default
region gives thousands of valid-looking Indian numbers (``+916604850224``); a
UK list (``07700 900123``) reads as Indian mobiles without a single error.
Uploading either calls strangers. No single number can tell; the list can.

The numbers written without a country code (no ``+``, no ``00``) are sampled —
the first :data:`SAMPLE` distinct ones — and each is judged by phonenumbers in
the default region and in each region of :data:`CANDIDATES`. A region R is the
list's when most sampled numbers are valid R numbers and

* clearly more of them are valid in R than in the default region (a US list:
  every number is a US one, a quarter of them are not Indian), or
* all but a few are valid in R, none fewer than in the default region, and
  nearly all are written the way R writes its numbers, trunk prefix included
  (a UK list, ``07700 900123``, where every number is valid both ways; Indian
  ``98…`` numbers are valid Nepali ones too, but Nepal writes them without a
  trunk ``0``, so nothing tells such a list from India's, and it stays India's).

An Indian list never meets either: its numbers are all valid Indian numbers,
and no candidate region accepts nearly all of a realistic Indian mix (the
property test in ``tests/test_real_exports.py`` generates such lists). Regions
whose numbering accepts almost any digits (Germany, Italy, Indonesia…) are left
out of :data:`CANDIDATES`: they would match anything. Among regions that match
equally, the order of :data:`CANDIDATES` decides (the US before New Zealand).

Cost: at most ``SAMPLE × len(CANDIDATES)`` phonenumbers calls per file, far
fewer in practice (a region that fails the first :data:`FIRST_LOOK` numbers is
dropped), once: as soon as the sample is complete (while the rest of the file is
read), or after the last batch.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import phonenumbers

from .._strings import first_bytes
from ..findings import Finding, RegionMismatch

#: Regions a list is checked against, most likely first (ties go to the earlier).
CANDIDATES = (
    "US",
    "GB",
    "AE",
    "SA",
    "AU",
    "SG",
    "IN",
    "PK",
    "BD",
    "NP",
    "LK",
    "MY",
    "PH",
    "ZA",
    "NG",
    "KE",
    "NZ",
    "QA",
    "KW",
    "OM",
    "BH",
    "IE",
)
#: The kinds of number leads have: premium-rate, toll-free and the like are not
#: people, and counting them would let permissive plans match any digits.
_PERSONAL = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)
#: Distinct numbers judged (the first ones written without a country code).
SAMPLE = 400
#: A region must accept at least this share of the first FIRST_LOOK to be judged further.
FIRST_LOOK = 40
#: Distinct numbers kept for an exact count once a region is found.
COUNT_LIMIT = 5_000
#: Fewer numbers than this say nothing about a list.
MIN_NUMBERS = 5
MOST = 0.75
CLEARLY_MORE = 0.1
NEARLY_ALL = 0.97
#: The share of the first look a region must reach to be judged on the whole sample
#: (below MOST: the first numbers of a list may be its odd ones).
FIRST_SHARE = MOST - 0.15
#: The share that must be written as the region writes its numbers (trunk prefix
#: included) for "everything valid there" to count (a few may be written otherwise).
WRITTEN_AS_THERE = NEARLY_ALL - 0.07


@functools.lru_cache(maxsize=1 << 16)
def _valid_in(text: str, region: str) -> bool:
    """Is ``text``, read in ``region``, a valid mobile or landline of that region's
    country code?"""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != phonenumbers.country_code_for_region(region):
        return False
    return phonenumbers.number_type(number) in _PERSONAL  # (a valid number has a type)


def _share_reaches(texts: list[str], region: str, share: float) -> bool:
    """Are at least ``share`` of ``texts`` valid in ``region``? (Stops as soon as the
    answer is known: most candidates fail after a third of the texts.)"""
    need = share * len(texts)
    valid = 0
    for done, text in enumerate(texts, start=1):
        valid += _valid_in(text, region)
        if valid >= need:
            return True
        if valid + len(texts) - done < need:
            return False
    return valid >= need


def _written_as_there(sample: list[str], region: str) -> float:
    """Share of ``sample`` written with exactly the digits ``region`` writes its own
    numbers with, starting with its trunk prefix (``07700 900123`` in the UK).

    Only a trunk prefix tells a list apart: Nepal writes its ``98…`` mobiles
    without one, exactly as India writes its ``98…`` ones, and a list of those is
    India's (the default) as far as anyone can tell."""

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = metadata.national_prefix if metadata is not None else None
    if not trunk:
        return 0.0  # written without a trunk prefix, R's numbers look like anyone's

    def digits(text: str) -> str:
        return "".join(ch for ch in text if ch.isdigit())

    written = 0
    for text in sample:
        if not digits(text).startswith(trunk):
            continue
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        written += digits(national) == digits(text)
    return written / len(sample)


@dataclass
class RegionWatch:
    """Collects a file's national-format phone texts batch by batch; judges at the end."""

    default: str
    #: distinct national-format texts seen (up to COUNT_LIMIT), with how often
    seen: Counter[str] = field(default_factory=Counter)
    #: national-format cells in the whole file
    total: int = 0
    #: national-format cells not kept in ``seen`` (the count becomes an estimate)
    unseen: int = 0
    #: the sample's verdict (a region or ``None``), once the sample is complete
    verdict: tuple[str | None] | None = None

    def add(self, texts: Any) -> None:
        """Note a batch's phone cells (a pyarrow string array, trimmed), in file order."""
        self.add_scanned(*self.scan(texts))

    def scan(self, texts: Any) -> tuple[int, Any]:
        """The batch's national-format cells: how many, and while more are wanted their
        distinct values with counts (else ``None``). Needs no other batch: any thread."""
        import pyarrow as pa
        import pyarrow.compute as pc

        # not blank, no "+" or "00" first (the bytes, from the array's offsets)
        first, second = first_bytes(texts), first_bytes(texts, 1)
        national = (first != 0) & (first != ord("+")) & ~((first == ord("0")) & (second == first))
        count = int(np.count_nonzero(national))
        wanted = count and len(self.seen) < COUNT_LIMIT
        # distinct cells, in file order, with how often each occurs
        return count, pc.value_counts(pc.filter(texts, pa.array(national))) if wanted else None

    def add_scanned(self, count: int, tally: Any) -> None:
        """Take in what :meth:`scan` found in the next batch (batches in file order)."""
        self.total += count
        room = COUNT_LIMIT - len(self.seen)
        if tally is None or room <= 0:
            self.unseen += count
            return
        values = tally.field("values").slice(0, room).to_pylist()
        counts = tally.field("counts").slice(0, room).to_pylist()
        self.unseen += count - sum(counts)
        self.seen.update(dict(zip(values, counts, strict=True)))
        if self.verdict is None and len(self.seen) >= SAMPLE:
            # the first SAMPLE numbers are all here: judge them now, while the
            # rest of the file is read, not after its last batch
            sample = self._numbers()[:SAMPLE]
            if len(sample) == SAMPLE:
                self.verdict = (self._judge(sample),)

    def _numbers(self) -> list[str]:
        """The distinct texts seen that hold a number (six digits or more), in order."""
        return [t for t in self.seen if sum(map(str.isdigit, t)) >= 6]

    def finding(self) -> Finding | None:
        """``region_mismatch`` if the list looks like another region's, else ``None``."""
        texts = self._numbers()
        sample = texts[:SAMPLE]
        if len(sample) < MIN_NUMBERS:
            return None
        region = self.verdict[0] if self.verdict is not None else self._judge(sample)
        if region is None:
            return None
        weights = [self.seen[t] for t in texts]
        in_region = [_valid_in(t, region) for t in texts]
        in_default = [_valid_in(t, self.default) for t in texts]
        count = sum(w for w, ok in zip(weights, in_region, strict=True) if ok)
        both = sum(w for w, a, b in zip(weights, in_region, in_default, strict=True) if a and b)
        total = self.total
        estimate = self.unseen > 0
        if estimate:  # scale what the kept numbers show to the whole file
            scale = total / sum(self.seen.values())
            count, both = round(count * scale), round(both * scale)
        example = next(t for t, ok in zip(texts, in_region, strict=True) if ok)
        e164 = phonenumbers.format_number(
            phonenumbers.parse(example, region), phonenumbers.PhoneNumberFormat.E164
        )
        about = "about " if estimate else ""
        but = (
            f"; read as {self.default}, {about}{both:,} of them pass as {self.default} "
            "numbers and would be called there"
            if both
            else ""
        )
        return RegionMismatch.finding(
            value=region,
            about=about,
            count=count,
            total=total,
            region=region,
            example=f"{example} is {e164} in {region}",
            but=but,
        )

    def _judge(self, sample: list[str]) -> str | None:
        share_default: float | None = None  # worked out only if a region needs it
        best: tuple[float, str] | None = None
        for region in CANDIDATES:
            if region == self.default:
                continue
            first = sample[:FIRST_LOOK]
            if not _share_reaches(first, region, FIRST_SHARE):
                continue
            share = sum(_valid_in(t, region) for t in sample) / len(sample)
            if share < MOST:
                continue
            if share_default is None:
                share_default = sum(_valid_in(t, self.default) for t in sample) / len(sample)
            clearly = share >= share_default + CLEARLY_MORE
            everything = (
                share >= NEARLY_ALL
                and share >= share_default
                and _written_as_there(sample, region) >= WRITTEN_AS_THERE
            )
            if (clearly or everything) and (best is None or share > best[0]):
                best = (share, region)
        return None if best is None else best[1]
