"""Do-not-call lists (``--suppress FILE``): numbers normalised exactly like leads.

The file may be a CSV/XLSX/XLS with a ``phone_number`` column (any header that
normalises to it), a single column of numbers with or without a header, or a plain
text list, one number per line. Entries that are not valid numbers are ignored
and counted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .._exceptions import FileRejected, UsageError
from ..dialnexa import PHONE_COLUMN as PHONE
from ..normalise import PhoneNormaliser, e164_key, normalise_header
from ..read import open_table


@dataclass(frozen=True)
class SuppressionList:
    numbers: frozenset[str]
    ignored: int = 0
    source: str = ""

    def __contains__(self, e164: object) -> bool:
        return e164 in self.numbers

    def __len__(self) -> int:
        return len(self.numbers)

    @functools.cached_property
    def keys(self) -> npt.NDArray[np.int64]:
        """The numbers as sorted E.164 integer keys, for column-wise lookups."""
        return np.sort(np.array([e164_key(n) for n in self.numbers], dtype=np.int64))


def load_suppression(path: str | Path, normaliser: PhoneNormaliser) -> SuppressionList:
    path = Path(path)
    try:
        with open_table(path) as table:
            header = table.header
            names = [normalise_header(h) for h in header]
            if PHONE in names:
                col, header_is_data = names.index(PHONE), False
            else:
                col = next((i for i, h in enumerate(header) if h.strip()), 0)
                header_is_data = (
                    bool(header) and normaliser(np.array([header[col]], dtype=object)).code[0] == ""
                )
            values: list[np.ndarray] = []
            if header_is_data:
                values.append(np.array([header[col]], dtype=object))
            for batch in table.batches():
                values.append(batch.frame.values(col))
    except FileRejected as exc:
        raise UsageError(
            f"cannot read the suppression list {path}: {exc.message}",
            hint="pass a CSV/XLSX with a phone_number column or a list of numbers",
        ) from exc
    texts = np.concatenate(values) if values else np.empty(0, dtype=object)
    texts = texts[texts != ""]
    answers = normaliser(texts)
    ok = answers.code == ""
    return SuppressionList(
        numbers=frozenset(answers.e164[ok].tolist()),
        ignored=int((~ok).sum()),
        source=str(path),
    )


def merged(lists: list[SuppressionList]) -> SuppressionList:
    """Several do-not-call lists as one."""
    if len(lists) == 1:
        return lists[0]
    return SuppressionList(
        numbers=frozenset().union(*(s.numbers for s in lists)),
        ignored=sum(s.ignored for s in lists),
        source=", ".join(s.source for s in lists),
    )
