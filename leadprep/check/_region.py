"""Is this list another country's? ``region_mismatch``, decided for the whole list.

A US export read with India as the default region gives thousands of valid-looking
Indian numbers: about three quarters of valid US numbers are valid Indian ones too
(area codes 6xx–9xx read as Indian mobiles, most others as landlines). No single
number can tell; the list can. Its numbers written without a country code are
sampled — the first :data:`SAMPLE` distinct ones, with what their rows' other
columns say — and a region R other than the default D is the list's when nearly
all of them are valid R numbers (:data:`VALID`), they are not written as R never
writes its numbers, and at least one piece of evidence says R:

* clearly more of them are valid in R than in D (a US list with all area codes);
* they are written as R writes its numbers and D does not (``(646) 408-0497``,
  ``07911 123456``: :mod:`leadprep.normalise._writing`);
* they carry extensions (``x752``), which Indian lists do not;
* the other columns say R over most rows: a country column, state or province
  codes (an Indian state code that is also a US one never counts alone), ZIP or
  postal codes, time zones (:mod:`leadprep.normalise._regions`);
* read as D they would be mostly landlines (lead lists are mostly mobiles), and as
  R they are valid.

A list whose country column names several countries, one of them R for a
meaningful share of its numbers, is a *mixed* list: each row must be read in its
own country (``--region-column``). A region whose numbers would mostly be invalid,
or written otherwise, is never proposed (a ``(555) 123-4567`` list is not
Pakistan's: its 3-3-4 writing is North American).

When the default region was not given, a verdict refuses the file (nothing is
written or sent); when it was, the verdict is a warning.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import phonenumbers

from .._strings import first_bytes
from ..findings import Finding, RegionMismatch
from ..normalise import column_kind, fits, groups, normalise_header, vote

#: Regions a list is checked against, most likely first (ties go to the earlier);
#: regions the other columns point to are checked too.
CANDIDATES = (
    "US", "GB", "AE", "SA", "AU", "SG", "IN", "PK", "BD", "NP", "LK", "MY", "PH", "ZA",
    "NG", "KE", "NZ", "QA", "KW", "OM", "BH", "IE", "CA",
)  # fmt: skip
#: The kinds of number leads have: premium-rate, toll-free and the like are not people.
_PERSONAL = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)
#: Distinct numbers judged (the first ones written without a country code).
SAMPLE = 400
#: A region must accept this share of the first FIRST_LOOK to be judged on the rest.
FIRST_LOOK = 40
FIRST_SHARE = 0.6
#: Distinct numbers kept for an exact count once a region is found.
COUNT_LIMIT = 5_000
#: Fewer numbers than this say nothing about a list.
MIN_NUMBERS = 5
#: The share of the sample that must be valid in R for R to be proposed at all.
VALID = 0.85
#: … clearly more than in D: this much more.
CLEARLY_MORE = 0.1
#: The share (of the numbers written in groups) written as R writes and D does not.
WRITTEN = 0.5
#: The share of rows whose other columns must say R (and at most FEW say D).
SAYS = 0.5
FEW = 0.1
#: The share with extensions that says "not an Indian list".
EXTENSIONS = 0.02
#: The share that, read as D, are landlines.
LANDLINES = 0.6
#: In a mixed list, the share of numbers R must have to be meaningful.
MEANINGFUL = 0.1


@functools.lru_cache(maxsize=1 << 16)
def kind_in(text: str, region: str) -> int | None:
    """phonenumbers' type of ``text`` read in ``region``, when it is a valid mobile or
    landline of that region's country code; else ``None``."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != phonenumbers.country_code_for_region(region):
        return None
    kind = phonenumbers.number_type(number)
    return int(kind) if kind in _PERSONAL else None


def valid_in(text: str, region: str) -> bool:
    return kind_in(text, region) is not None


@dataclass(frozen=True)
class Sampled:
    """One number of the sample: its text, what its row's other columns say, whether
    it carried an extension."""

    text: str
    votes: tuple[tuple[str, str, str], ...] = ()  # (column kind, column header, region)
    extension: bool = False

    def said(self, kind: str, header: str) -> str | None:
        """The region column ``header`` (of ``kind``) points to on this row, if any."""
        return next((r for k, h, r in self.votes if (k, h) == (kind, header)), None)


@dataclass(frozen=True)
class Verdict:
    """The list is ``region``'s (or, ``mixed``, partly): why, and the option that fits."""

    region: str
    evidence: tuple[str, ...]
    example: str
    #: the column naming each row's country, for a mixed list (``--region-column``)
    column: str | None = None
    mixed: bool = False


def judge(sample: Sequence[Sampled], default: str) -> Verdict | None:
    """Whose list ``sample`` is, when the evidence says another region than ``default``."""
    if len(sample) < MIN_NUMBERS:
        return None
    texts = [s.text for s in sample]
    mixed = _mixed(sample, default)
    if mixed is not None:
        return mixed
    best: tuple[tuple[int, float], str, list[str]] | None = None
    voted = {region for s in sample for _, _, region in s.votes}
    for region in (*CANDIDATES, *sorted(voted - set(CANDIDATES))):
        share = _fits_region(texts, region, default)
        if share is None:
            continue
        evidence = _evidence(sample, region, default)
        score = (len(evidence), share)
        if evidence and (best is None or score > best[0]):
            best = (score, region, evidence)
    if best is None:
        return None
    _, region, evidence = best
    example = next(t for t in texts if valid_in(t, region))
    column = _country_column(sample)
    mixes = column is not None and len({s.said("country", column) for s in sample} - {None}) > 1
    return Verdict(region, tuple(evidence), example, column if mixes else None)


def _fits_region(texts: list[str], region: str, default: str) -> float | None:
    """The share of ``texts`` valid in ``region``, when ``region`` may be proposed at all:
    not the default, nearly all valid there, and not written otherwise."""
    if region == default or not _share_reaches(texts[:FIRST_LOOK], region, FIRST_SHARE):
        return None
    share = sum(valid_in(t, region) for t in texts) / len(texts)
    if share < VALID or _written_otherwise(texts, region):
        return None
    return share


def _share_reaches(texts: list[str], region: str, share: float) -> bool:
    """Are at least ``share`` of ``texts`` valid in ``region``? (Stops as soon as the
    answer is known: most candidates fail after a third of the texts.)"""
    need = share * len(texts)
    valid = 0
    for done, text in enumerate(texts, start=1):
        valid += valid_in(text, region)
        if valid >= need:
            return True
        if valid + len(texts) - done < need:
            return False
    return valid >= need


def _written_otherwise(texts: list[str], region: str) -> bool:
    """Are most numbers written in groups, and most of those not as ``region`` writes?"""
    grouped = [t for t in texts if len(groups(t)) >= 2]
    if len(grouped) < 0.5 * len(texts):
        return False
    return sum(fits(t, region) for t in grouped) < 0.5 * len(grouped)


def _evidence(sample: Sequence[Sampled], region: str, default: str) -> list[str]:
    """What says the list is ``region``'s rather than ``default``'s, a line each."""
    texts = [s.text for s in sample]
    lines = [*_validity_says(texts, region, default), *_writing_says(texts, region, default)]
    extended = [s.text for s in sample if s.extension]
    if (
        default == "IN"
        and len(extended) >= EXTENSIONS * len(texts)
        and not _column_says_default(sample, default)
    ):
        lines.append(f"{len(extended)} carry an extension (x…), which Indian lists do not")
    return [*lines, *_columns_say(sample, region, default)]


def _validity_says(texts: list[str], region: str, default: str) -> list[str]:
    """Clearly more valid in ``region``; or, read as ``default``, mostly landlines."""
    n = len(texts)
    lines = []
    invalid = [t for t in texts if not valid_in(t, default)]
    valid_r = sum(valid_in(t, region) for t in texts)
    if valid_r - (n - len(invalid)) >= CLEARLY_MORE * n:
        lines.append(f"{len(invalid)} of the first {n} are not valid {default} numbers")
    fixed = phonenumbers.PhoneNumberType.FIXED_LINE
    landlines = [t for t in texts if kind_in(t, default) == fixed]
    if len(landlines) >= LANDLINES * n:
        lines.append(f"read as {default}, {len(landlines)} of them would be landlines")
    return lines


def _writing_says(texts: list[str], region: str, default: str) -> list[str]:
    """Written as ``region`` writes its numbers, and not as ``default`` does."""
    grouped = [t for t in texts if len(groups(t)) >= 2]
    written = [t for t in grouped if fits(t, region) and not fits(t, default)]
    if grouped and len(written) >= WRITTEN * len(grouped) and len(grouped) >= 0.3 * len(texts):
        return [f"written like {region} numbers: `{written[0]}`"]
    return []


#: How a line of evidence names what a column holds.
_HOLDS = {
    "country": "as the country",
    "state": "states or provinces",
    "postal": "postal codes",
    "timezone": "time zones",
}


def _columns_say(sample: Sequence[Sampled], region: str, default: str) -> list[str]:
    """``a 'State' column holds US states or provinces on 40 of the first 40 rows``:
    columns whose cells say ``region`` over most rows (and ``default`` over few)."""
    by_column: dict[tuple[str, str], Counter[str]] = {}
    for s in sample:
        for kind, header, said in s.votes:
            by_column.setdefault((kind, header), Counter())[said] += 1
    n = len(sample)
    return [
        f"a {header!r} column holds {region} {_HOLDS[kind]} on {said[region]} of the first {n} rows"
        for (kind, header), said in by_column.items()
        if said[region] >= SAYS * n and said[default] <= FEW * n
    ]


def _country_column(sample: Sequence[Sampled]) -> str | None:
    """The column that names each row's country, if one does (the first)."""
    for s in sample:
        for kind, header, _ in s.votes:
            if kind == "country":
                return header
    return None


def _column_says_default(sample: Sequence[Sampled], default: str) -> bool:
    """Does the list's own country column name the default region on most rows? Then
    extensions are no evidence: they say a list is not Indian, not whose it is, and
    its column says it is (an Indian list of old 98… mobiles, some with an
    extension, fits Nepal's numbers). Evidence that names a region — how the numbers
    are written, their validity, other columns — still counts: a US list of NRIs
    whose Country column says India is still refused."""
    column = _country_column(sample)
    if column is None:
        return False
    return sum(s.said("country", column) == default for s in sample) >= SAYS * len(sample)


def _mixed(sample: Sequence[Sampled], default: str) -> Verdict | None:
    """A list whose country column names another region than the default on a
    meaningful share of its rows, valid there — but not on nearly all of them."""
    column = _country_column(sample)
    if column is None:
        return None
    rows: dict[str, list[str]] = {}
    for s in sample:
        said = s.said("country", column)
        if said is not None:
            rows.setdefault(said, []).append(s.text)
    n = len(sample)
    for region, texts in sorted(rows.items(), key=lambda item: -len(item[1])):
        if region == default or len(texts) < max(MIN_NUMBERS, MEANINGFUL * n):
            continue
        if sum(valid_in(t, region) for t in texts) < VALID * len(texts):
            continue
        if len(texts) >= (1 - MEANINGFUL) * n:
            return None  # nearly all: the whole list's region (judged as such)
        evidence = (
            f"a {column!r} column says {region} for {len(texts)} of the first {n} rows, and "
            f"their numbers are valid {region} numbers",
        )
        return Verdict(region, evidence, texts[0], column, mixed=True)
    return None


def national_cells(texts: Any) -> Any:
    """Which phone cells (a pyarrow string array) are written without a country code:
    not blank, no ``+`` or ``00`` first (the bytes, from the array's offsets)."""
    first, second = first_bytes(texts), first_bytes(texts, 1)
    return (first != 0) & (first != ord("+")) & ~((first == ord("0")) & (second == first))


@dataclass
class RegionWatch:
    """Collects a file's numbers written without a country code, batch by batch, with
    what their rows say; judges them (:func:`judge`) once the sample is complete."""

    default: str
    #: the default region was given (a verdict is then a warning, not a refusal)
    given: bool = False
    #: columns that say where a lead is: (position, kind, header)
    columns: list[tuple[int, str, str]] = field(default_factory=list)
    #: distinct national-format texts seen (up to COUNT_LIMIT), with how often
    seen: Counter[str] = field(default_factory=Counter)
    sample: dict[str, Sampled] = field(default_factory=dict)
    #: national-format cells in the whole file, and those not kept in ``seen``
    total: int = 0
    unseen: int = 0
    #: the sample's verdict, once the sample is complete
    verdict: tuple[Verdict | None] | None = None

    @classmethod
    def for_plan(cls, default: str, given: bool, original: dict[int, str]) -> RegionWatch:
        """A watch for a file with these columns (header as written, by position)."""
        columns = []
        for position, header in original.items():
            kind = column_kind(normalise_header(header))
            if kind is not None:
                columns.append((position, kind, header.strip()))
        return cls(default, given, columns)

    def add(self, texts: Any) -> None:
        """Note a batch of phone cells (no other columns), in file order."""
        self.add_scanned(*self.scan(texts))

    def scan(
        self, texts: Any, frame: Any = None, extensions: Any = None, skip: Any = None
    ) -> tuple[int, Any, list[Sampled] | None]:
        """The batch's national-format cells: how many, and while more are wanted their
        distinct values with counts and the first rows as samples. ``skip``: rows
        whose region is known otherwise (``--region-column``). Any thread."""
        import pyarrow as pa
        import pyarrow.compute as pc

        national = national_cells(texts)
        if skip is not None:
            national &= ~skip
        count = int(np.count_nonzero(national))
        if not (count and len(self.seen) < COUNT_LIMIT):
            return count, None, None
        tally = pc.value_counts(pc.filter(texts, pa.array(national)))
        rows = None
        if len(self.sample) < SAMPLE:
            rows = self._samples(texts, np.flatnonzero(national)[: 2 * SAMPLE], frame, extensions)
        return count, tally, rows

    def _samples(self, texts: Any, at: Any, frame: Any, extensions: Any) -> list[Sampled]:
        import pyarrow as pa

        cells = texts.take(pa.array(at)).to_pylist()
        said = [
            (kind, header, frame[position].take(pa.array(at)).to_pylist())
            for position, kind, header in self.columns
            if frame is not None
        ]
        out = []
        for i, text in enumerate(cells):
            votes = tuple(
                (kind, header, region)
                for kind, header, values in said
                if (region := vote(kind, values[i])) is not None
            )
            ext = bool(extensions is not None and extensions[at[i]])
            out.append(Sampled(text, votes, ext))
        return out

    def add_scanned(self, count: int, tally: Any, rows: list[Sampled] | None = None) -> None:
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
        for s in rows or ():
            if len(self.sample) >= SAMPLE:
                break
            if s.text not in self.sample and sum(map(str.isdigit, s.text)) >= 6:
                self.sample[s.text] = s
        if self.verdict is None and len(self.sample) >= SAMPLE:
            # the first SAMPLE numbers are all here: judge them now, while the
            # rest of the file is read, not after its last batch
            self.verdict = (judge(list(self.sample.values()), self.default),)

    def sampled(self) -> bool:
        """Is the sample the list is judged by complete (more rows change nothing)?"""
        return self.verdict is not None

    def finding(self) -> Finding | None:
        """``region_mismatch`` (a refusal unless the region was given), or ``None``."""
        sample = list(self.sample.values())
        verdict = self.verdict[0] if self.verdict is not None else judge(sample, self.default)
        if verdict is None:
            return None
        count = self._count(verdict)
        region, default = verdict.region, self.default
        e164 = phonenumbers.format_number(
            phonenumbers.parse(verdict.example, region), phonenumbers.PhoneNumberFormat.E164
        )
        estimate = "about " if self.unseen else ""
        detail = (
            f"{estimate}{count:,} of {self.total:,} numbers written without a country code "
            f"look like {region} numbers, not {default} ones ({verdict.example} is {e164} in "
            f"{region}; read as {default} it would call someone else): "
            + "; ".join(verdict.evidence)
        )
        return RegionMismatch.finding(
            value=region,
            detail=detail,
            hint=_hint(verdict, default),
            level="warning" if self.given else "file",
        )

    def decision(self) -> dict[str, Any]:
        """How the numbers written without a country code were read, and what was looked
        at: the report's record of the region check, whatever its outcome."""
        sample = list(self.sample.values())
        verdict = self.verdict[0] if self.verdict is not None else judge(sample, self.default)
        record: dict[str, Any] = {
            "read_as": self.default,
            "given": self.given,
            "national_numbers": self.total,
            "sampled": len(sample),
            "columns": [header for _, _, header in self.columns],
            "other_region": None,
            "evidence": [],
        }
        if verdict is not None:
            record["other_region"] = verdict.region
            record["evidence"] = list(verdict.evidence)
        return record

    def fix(self) -> dict[str, Any]:
        """The option that makes a refused list pass (``leadprep init`` writes it)."""
        verdict = self.verdict[0] if self.verdict is not None else None
        if verdict is None:
            verdict = judge(list(self.sample.values()), self.default)
        if verdict is None:
            return {}
        if verdict.mixed and verdict.column:
            return {"region-column": verdict.column}
        return {"default-region": verdict.region}

    def _count(self, verdict: Verdict) -> int:
        """How many national-format numbers of the whole file the verdict is about."""
        if verdict.mixed:
            column = verdict.column or ""
            mine = [s for s in self.sample.values() if s.said("country", column) == verdict.region]
            share = len(mine) / max(len(self.sample), 1)
            return round(share * self.total)
        texts = [t for t in self.seen if sum(map(str.isdigit, t)) >= 6]
        count = sum(self.seen[t] for t in texts if valid_in(t, verdict.region))
        if self.unseen:  # scale what the kept numbers show to the whole file
            count = round(count * self.total / sum(self.seen.values()))
        return count


def _hint(verdict: Verdict, default: str) -> str:
    """The option that fits, said plainly."""
    region = verdict.region
    if verdict.mixed:
        return (
            f"the list mixes countries: pass --region-column {_quoted(verdict.column)} so "
            f"each row's number is read in its own country"
        )
    other = (
        f"; if it mixes countries, pass --region-column {_quoted(verdict.column)}"
        if verdict.column
        else ""
    )
    return (
        f"if the list is from {region}, pass --default-region {region}{other}; "
        f"uploading it as {default} numbers calls other people"
    )


def _quoted(column: str | None) -> str:
    import shlex

    return shlex.quote(column or "")
