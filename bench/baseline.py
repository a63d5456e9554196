"""The naive script a data team would write: the baseline leadprep must beat.

    python bench/baseline.py IN.csv OUT.csv [--engine rphonenumbers]

Read everything as text, then per row: phonenumbers.parse(s, "IN"),
is_valid_number, keep Indian numbers, format E.164; drop repeats keeping the
first; write the clean CSV. ``--engine rphonenumbers`` is the same script with
``import rphonenumbers as phonenumbers`` — the one-line change to a Rust port a
data engineer would try first (installed for the benchmark only, never a
leadprep dependency: it is an alpha release).
"""

from __future__ import annotations

import importlib
import sys

import pandas as pd

phonenumbers = importlib.import_module(
    "rphonenumbers" if sys.argv[3:] == ["--engine", "rphonenumbers"] else "phonenumbers"
)


def clean(src: str, dst: str) -> None:
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    out: list[str | None] = []
    for raw in df["phone_number"]:
        try:
            number = phonenumbers.parse(raw, "IN")
        except phonenumbers.NumberParseException:
            out.append(None)
            continue
        if (
            phonenumbers.is_valid_number(number)
            and phonenumbers.region_code_for_number(number) == "IN"
        ):
            out.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
        else:
            out.append(None)
    df["phone_number"] = out
    df = df[df["phone_number"].notna()].drop_duplicates("phone_number", keep="first")
    df.to_csv(dst, index=False)


if __name__ == "__main__":
    clean(sys.argv[1], sys.argv[2])
