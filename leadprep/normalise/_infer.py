"""Which column holds the phone numbers, when the file does not say.

Exports name it ``Phone``, ``Mobile``, ``Mobile Phone Number``, ``Phone 1 -
Value``, ``Contact No``, ``wanumber``, ``MSISDN`` — and put label columns beside
it (``Phone 1 - Type``: "Mobile", "Work"). A column is a *candidate* when its
name says phone and nothing in it says label (type, label, country code,
extension, consent…), and it is *chosen* by its cells: the candidate with the
most phone-shaped cells in the first batch wins — or, among those nearly as
full, the one whose name says mobile (a voice agent calls mobiles first). A
label column holds words, never numbers, so even a label that slipped past the
name test is never chosen.

Without a candidate by name, a column is chosen by content alone only when nearly
all of its filled cells (:data:`CONTENT_ONLY_SHARE`) are *valid* numbers — of the
default region, or written with a country code, or of a region a lead list often
comes from — and it is not a column of dates, decimals, coordinates, codes or
sequential ids (a column of land areas or supply codes is never a phone column).

Phone-shaped is a loose, region-free test (7 to 15 digits with the usual
punctuation, or a number a spreadsheet wrote as ``9876543210.0`` or in
scientific notation); validity is phonenumbers' own.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Header words (of the normalised name) that mean a phone number.
_PHONE_NAME = re.compile(
    r"(?:^|_)(?:phone|phones|phone_?no|phonenumber|mobile|mobileno|mob|cell|cellphone|"
    r"tel|telephone|telefon|telefono|contact_?(?:no|num|number)|whats_?app|wa_?number|"
    r"wanumber|msisdn|mobile_?number)(?:_|$|\d)"
    r"|^number$"
)
#: …and words that make it a label, a code or a flag about a phone, not the phone.
_LABEL_NAME = re.compile(
    r"(?:^|_)(?:type|label|kind|category|status|verified|valid|validity|opt|opt_in|optin|"
    r"opted|consent|dnd|country|code|ext|extension|carrier|line|owner|source|count|"
    r"primary_flag|preferred|is)(?:_|$)"
)
#: Names a person gives the phone column, best first (breaks ties in content).
_PREFERENCE = ("mobile", "cell", "whatsapp", "phone", "tel", "contact", "msisdn")

#: A cell that looks like a phone number in some form (not a validity test).
PHONE_SHAPE = (
    r"^\+?[\s().\-/]*(?:\d[\s().\-/]*){7,15}(?:\.0+)?$"
    r"|^\d(?:\.\d+)?[eE]\+?\d{1,2}$"
)
#: Share of filled cells that must be valid numbers for a column chosen by content alone.
CONTENT_ONLY_SHARE = 0.9
#: Cells looked at to judge a column by its content.
CONTENT_SAMPLE = 500
#: Regions whose numbers count as valid besides the default's (lead lists' usual sources).
ELSEWHERE = ("US", "GB", "AE", "CA", "AU", "SG", "SA")
#: What a column of numbers that are not phones looks like, cell by cell.
NOT_PHONES = (
    ("dates", re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$")),
    ("coordinates", re.compile(r"^-?\d{1,3}\.\d{4,}$")),
    ("decimals", re.compile(r"^-?[\d,]*\d[.,]\d*[1-9]\d*$")),
    ("codes", re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d][A-Za-z\d_/-]*$")),
)
#: … and for a candidate by name (labels, notes and emails stay far below it).
NAMED_SHARE = 0.3
#: Candidates with at least this share of the fullest one's numbers count as as full
#: (an agent calls mobiles: 'Mobile' with 39 numbers beats 'Work Phone' with 40).
CLOSE = 0.8


@dataclass(frozen=True)
class Candidate:
    position: int
    header: str
    #: phone-shaped cells in the sample, and filled cells
    shaped: int
    filled: int
    named: bool
    #: valid numbers among the cells judged, and how many were judged (by content only)
    valid: int = 0
    judged: int = 0
    #: what the cells are instead, when they are plainly not phones ("dates"…)
    instead: str | None = None

    @property
    def share(self) -> float:
        return self.shaped / self.filled if self.filled else 0.0

    @property
    def valid_share(self) -> float:
        return self.valid / self.judged if self.judged else 0.0


def mentions_phone(normalised: str) -> bool:
    """Is a (normalised) header about a phone — the number, or a label about one?"""
    return bool(_PHONE_NAME.search(normalised))


_CONSENT_NAME = re.compile(
    r"(?:^|_)(?:consent|consented|consent_?given|opt_?in|opted_?in|permission_?to_?call|"
    r"call_?permission|marketing_?consent|tcpa_?consent|agreed_?to_?(?:be_?)?call(?:ed)?)"
    r"(?:_|$)"
)
_NOT_CONSENT = re.compile(
    r"(?:^|_)(?:opt_?out|opted_?out|dnd|do_?not|unsubscribe|withdrawn)(?:_|$)"
)


def is_consent_name(normalised: str) -> bool:
    """Does a (normalised) header name a column that records consent to be called
    (``Consent``, ``Opt In``, ``Marketing Consent``), not its withdrawal (``Opt Out``)?"""
    return bool(_CONSENT_NAME.search(normalised)) and not _NOT_CONSENT.search(normalised)


def is_phone_name(normalised: str) -> bool:
    """Does a (normalised) header name a phone column and not a label about one?"""
    return bool(_PHONE_NAME.search(normalised)) and not _LABEL_NAME.search(normalised)


def phone_shaped(column: Any) -> tuple[int, int]:
    """(phone-shaped cells, filled cells) in a pyarrow string column."""
    import pyarrow.compute as pc

    filled = int(pc.sum(pc.not_equal(column, "")).as_py() or 0)
    if not filled:
        return 0, 0
    shaped = int(pc.sum(pc.match_substring_regex(column, PHONE_SHAPE)).as_py() or 0)
    return shaped, filled


def candidates(
    names: Mapping[int, str],
    original: Mapping[int, str],
    sample: Mapping[int, Any] | None,
    region: str = "IN",
) -> list[Candidate]:
    """Every column worth considering as the phone column, best first.

    ``names``: position → normalised name; ``sample``: position → a pyarrow
    string column of the first rows (``None`` when the file has no data rows).
    Columns not named as phones are judged by how many of their cells are valid
    numbers (``region`` first)."""
    found = []
    for pos, name in names.items():
        named = is_phone_name(name)
        shaped, filled = phone_shaped(sample[pos]) if sample is not None else (0, 0)
        if named:
            found.append(Candidate(pos, original[pos], shaped, filled, named))
        elif shaped and sample is not None:
            valid, judged, instead = _judged(sample[pos], region)
            found.append(
                Candidate(pos, original[pos], shaped, filled, named, valid, judged, instead)
            )
    return sorted(found, key=lambda c: (-c.shaped, _rank(names[c.position]), c.position))


def _judged(column: Any, region: str) -> tuple[int, int, str | None]:
    """(valid numbers, cells judged, what they are instead) for a column's filled cells."""
    import pyarrow.compute as pc

    from ._phones import PhoneNormaliser

    cells = pc.filter(column, pc.not_equal(column, "")).slice(0, CONTENT_SAMPLE)
    texts = cells.to_pylist()
    for what, shape in NOT_PHONES:
        if sum(bool(shape.match(t)) for t in texts) >= 0.5 * len(texts):
            return 0, len(texts), what
    if _sequential(texts):
        return 0, len(texts), "sequential ids"
    answers = PhoneNormaliser(region)(cells)
    valid = answers.key > 0
    others = [t for t, ok in zip(texts, valid.tolist(), strict=True) if not ok]
    valid_elsewhere = sum(any(_valid_in(t, r) for r in ELSEWHERE) for t in others)
    return int(valid.sum()) + valid_elsewhere, len(texts), None


def _valid_in(text: str, region: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, region))
    except phonenumbers.NumberParseException:
        return False


def _sequential(texts: list[str]) -> bool:
    """Numbers that mostly go up one at a time: ids, not phones."""
    numbers = [int(t) for t in texts if t.isdigit()]
    if len(numbers) < 5:
        return False
    steps = sum(b - a == 1 for a, b in itertools.pairwise(numbers))
    return steps >= 0.5 * (len(numbers) - 1)


def choose(
    found: list[Candidate], *, have_sample: bool, leftmost: bool = False
) -> Candidate | None:
    """The phone column among ``found`` (from :func:`candidates`), or ``None``.

    ``leftmost``: the first qualifying column wins (columns of the same name: an
    export puts the record's own before its company's)."""
    if not have_sample:
        return next((c for c in sorted(found, key=_by_name) if c.named), None)
    named = [c for c in found if c.named and c.shaped and c.share >= NAMED_SHARE]
    if named and leftmost:
        return min(named, key=lambda c: c.position)
    if named:  # the fullest; a mobile column over a slightly fuller landline one
        fullest = max(c.shaped for c in named)
        close = [c for c in named if c.shaped >= CLOSE * fullest]
        return min(close, key=lambda c: (_rank(c.header.lower()), -c.shaped, c.position))
    for c in found:
        if not c.named and c.instead is None and c.valid_share >= CONTENT_ONLY_SHARE:
            return c
    return None


def _by_name(c: Candidate) -> tuple[int, int]:
    return (_rank(c.header.lower()), c.position)


def _rank(name: str) -> int:
    return next((i for i, word in enumerate(_PREFERENCE) if word in name), len(_PREFERENCE))
