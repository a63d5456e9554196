"""How a number is written, compared with how a region writes its own numbers.

``(646) 408-0497``, ``646.408.0497`` and ``1-646-408-0497`` are grouped 3-3-4 as
North America writes them; ``98123 45678`` is grouped 5-5 as India writes its
mobiles; ``07911 123456`` 5-6 as the UK does. :func:`fits` compares a text's digit
groups with the region's own national format from phonenumbers' metadata (with or
without the trunk prefix, or with it as a group of its own). A number written as
one run of digits fits every region and tells nothing.
"""

from __future__ import annotations

import functools
import re

import phonenumbers

_DIGIT_RUNS = re.compile(r"[0-9]+")
#: North American numbers reserved for fiction: 555-0100 to 555-0199, any area code,
#: and the whole 555 area code (not in service).
_NANP = {"US", "CA"} | set(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(1, ()))


def groups(text: str) -> tuple[int, ...]:
    """The lengths of the runs of digits in ``text``: ``(646) 408-0497`` → (3, 3, 4)."""
    return tuple(len(run) for run in _DIGIT_RUNS.findall(text))


@functools.lru_cache(maxsize=1 << 16)
def fits(text: str, region: str) -> bool:
    """Is ``text`` (two digit groups or more) grouped the way ``region`` writes its
    national numbers?"""
    written = groups(text)
    if len(written) < 2:
        return False
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    own = groups(national)
    if len(own) < 2:
        return False
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = len(meta.national_prefix or "") if meta is not None else 0
    shapes = {own}
    if trunk and national.lstrip("(").startswith(meta.national_prefix or "\0"):  # type: ignore[union-attr]  # meta is set when trunk is
        bare = (own[0] - trunk, *own[1:]) if own[0] > trunk else own[1:]
        shapes |= {bare, (trunk, *bare)}
    elif trunk:
        shapes.add((trunk, *own))
    return written in shapes


#: Regions a single number is compared with when no region was given.
ELSEWHERE = ("US", "GB", "AE", "AU", "SG", "SA")


def written_elsewhere(text: str, region: str) -> str | None:
    """The region ``text`` is plainly written and valid for, if not ``region``'s: a
    single number (``lead add``) cannot be judged by its list, but ``(646) 408-0497``
    is North American by its writing alone."""
    if text.lstrip().startswith(("+", "00")) or fits(text, region):
        return None
    for other in ELSEWHERE:
        if fits(text, other):
            try:
                number = phonenumbers.parse(text, other)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return other
    return None


def nanp(region: str) -> bool:
    """Is ``region`` one of North America's (+1)?"""
    return region in _NANP


def fiction(digits: str) -> bool:
    """Is a 10-digit North American number one reserved for fiction (555-01xx, or the
    555 area code)?"""
    return len(digits) == 10 and (digits[:3] == "555" or digits[3:8] == "55501")
