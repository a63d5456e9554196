"""Isolate the rows DialNexa refused: by their phone number, or by halving the part.

A 400 lists refused rows with a ``position`` and a ``phone_number``. A refused row
is tied to a row of the part only by its phone number (as sent, or the same
number once normalised), and only when that number is in the part once.
``position`` is never used: the docs do not say how it counts, and a wrong guess
would blame a valid lead and send a refused one again. Rows that cannot be tied
are found by splitting the part and sending the halves until each is alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import phonenumbers

from .._exceptions import FailedRow
from ._chunk import Chunk

#: A refused row of a part: (position in the part, source row, phone, DialNexa's reason).
Refused = tuple[int, int, str | None, str]


@dataclass(frozen=True)
class Isolated:
    """What a 400 tells of a part: the rows tied to it, the part without them, and
    whether some refused rows could not be tied (the part must be split)."""

    refused: list[Refused]
    rest: Chunk
    untied: list[FailedRow]


def isolate(chunk: Chunk, failed: tuple[FailedRow, ...], region: str) -> Isolated:
    """The rows of ``chunk`` that ``failed`` names for certain (see the module doc)."""
    refused, untied = _tie(chunk, failed, region)
    if not refused and untied and chunk.n_rows == 1:
        # Alone in its part: this row is the one refused, whatever position said.
        reason = "; ".join(dict.fromkeys(r.reason for r in untied))
        refused, untied = [(0, int(chunk.rows[0]), chunk.phones[0], reason)], []
    rest = chunk.without({at for at, _, _, _ in refused})
    return Isolated(refused, rest, untied)


def halves(chunk: Chunk) -> tuple[Chunk, Chunk]:
    """The first half of ``chunk``'s rows, and the rest."""
    half = chunk.n_rows // 2
    return chunk.take(range(half)), chunk.take(range(half, chunk.n_rows))


def _tie(
    chunk: Chunk, failed: tuple[FailedRow, ...], region: str
) -> tuple[list[Refused], list[FailedRow]]:
    counts = Counter(chunk.phones)
    where = {p: i for i, p in enumerate(chunk.phones) if counts[p] == 1}
    out: dict[int, Refused] = {}
    untied: list[FailedRow] = []
    for row in failed:
        index = _position(row.phone_number, where, region)
        if index is None:
            untied.append(row)
        else:
            out[index] = (index, int(chunk.rows[index]), chunk.phones[index], row.reason)
    return sorted(out.values()), untied


def _position(phone: str | None, where: dict[str, int], region: str) -> int | None:
    """The part's row holding ``phone`` (as sent, or once normalised), if one does."""
    if not phone:
        return None
    if phone in where:
        return where[phone]
    try:
        parsed = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return None
    return where.get(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
