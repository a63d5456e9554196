"""The naive script a data team would write: the baseline leadprep must beat.

    python bench/baseline.py IN.csv OUT.csv

Read everything as text, then per row: phonenumbers.parse(s, "IN"),
is_valid_number, keep Indian numbers, format E.164; drop repeats keeping the
first; write the clean CSV.
"""

from __future__ import annotations

import sys

import pandas as pd
import phonenumbers


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
