"""Deterministic messy Indian lead lists for the benchmark (never committed).

    python bench/generate.py ROWS OUT.csv [--seed N] [--xlsx]

Mostly Indian mobiles in the formats CRMs really export (bare, +91, 0-prefixed,
91-prefixed, spaced, dashed, bracketed), plus landlines, foreign numbers,
short/long/garbage values, blanks, scientific notation and ~2% repeats.
Built column-wise with NumPy so a 10M-row file takes seconds, not minutes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

CITIES = np.array(["Mumbai", "Delhi", "Bengaluru", "Hyderabad", "Chennai", "Pune", "Kolkata"])
PRODUCTS = np.array(["home_loan", "car_loan", "personal_loan", "credit_card"])


#: The classic mix's foreign numbers and junk: a handful of strings, parsed once each.
_CLASSIC_FOREIGN = [
    "+1 415 555 2671",
    "+44 20 7946 0958",
    "+971 50 123 4567",
    "+65 6123 4567",
    "+61 2 9876 5432",
]
_CLASSIC_JUNK = ["12345", "98765432101234", "N/A", "call later", "0", "+91", "9876-54", "abc123"]


def phones(n: int, rng: np.random.Generator) -> np.ndarray:
    nsn = rng.integers(6_000_000_000, 10_000_000_000, size=n).astype(str)
    a, b = np.char.ljust(nsn, 10), nsn
    kinds = rng.choice(
        np.arange(14),
        size=n,
        p=[0.22, 0.14, 0.10, 0.10, 0.09, 0.08, 0.07, 0.05, 0.04, 0.04, 0.02, 0.02, 0.02, 0.01],
    )
    out = np.empty(n, dtype=object)
    first5 = np.char.ljust(np.array([s[:5] for s in a]), 5)
    last5 = np.array([s[5:] for s in a])
    formats = {
        0: b,  # 9876543210
        1: np.char.add("+91", b),  # +919876543210
        2: np.char.add(np.char.add("+91 ", first5), np.char.add(" ", last5)),  # +91 98765 43210
        3: np.char.add("0", b),  # 09876543210
        4: np.char.add("91", b),  # 919876543210
        5: np.char.add(np.char.add(first5, " "), last5),  # 98765 43210
        6: np.char.add(np.char.add(first5, "-"), last5),  # 98765-43210
        7: np.char.add(np.char.add("(", first5), np.char.add(") ", last5)),  # (98765) 43210
        8: np.char.add("+91-", b),  # +91-9876543210
    }
    for kind, values in formats.items():
        out[kinds == kind] = values[kinds == kind]
    landline = rng.integers(20_000_000, 80_000_000, size=n).astype(str)
    out[kinds == 9] = np.char.add("+91 22 ", landline)[kinds == 9]  # Mumbai landlines
    foreign = rng.choice(np.array(_CLASSIC_FOREIGN), size=n)
    out[kinds == 10] = foreign[kinds == 10]
    junk = rng.choice(np.array(_CLASSIC_JUNK), size=n)
    out[kinds == 11] = junk[kinds == 11]
    out[kinds == 12] = ""
    sci = np.char.add(
        np.char.add(np.array([s[0] for s in a]), "."),
        np.char.add(np.array([s[1:6] for s in a]), "E+09"),
    )
    out[kinds == 13] = sci[kinds == 13]
    repeat = rng.random(n) < 0.02
    sources = rng.integers(0, n, size=n)
    out[repeat] = out[sources[repeat]]
    return out


#: (country code, national number lengths, leading digits, trunk prefix) of the
#: foreign numbers in the realistic mix: ten countries Indian lead lists meet.
FOREIGN = [
    ("1", 10, ["201", "212", "312", "415", "617", "646", "702", "713", "801", "905"], ""),
    ("44", 10, ["20", "121", "161", "7400", "7700", "7911", "113"], "0"),
    ("971", 9, ["50", "52", "55", "56", "2", "4"], "0"),
    ("966", 9, ["50", "53", "55", "11", "12"], "0"),
    ("65", 8, ["8", "9", "6"], ""),
    ("61", 9, ["4", "2", "3", "7", "8"], "0"),
    ("977", 10, ["98", "97", "1"], "0"),
    ("880", 10, ["17", "18", "19", "2"], "0"),
    ("94", 9, ["7", "11"], "0"),
    ("49", 11, ["151", "160", "171", "30", "89"], "0"),
    ("33", 9, ["6", "7", "1"], "0"),
]
#: Indian STD codes, 2 to 4 digits (the subscriber number fills the 10 digits).
STD_CODES = ["11", "20", "22", "33", "40", "44", "79", "80", "120", "124", "135", "141",
             "172", "183", "240", "253", "261", "281", "361", "422", "431", "474", "484",
             "512", "522", "562", "612", "657", "674", "712", "731", "755", "821", "824",
             "832", "836", "863", "866", "870", "891", "1342", "1822", "2162", "4652"]  # fmt: skip


def _digits(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    """``n`` random digit strings of ``width`` digits each (leading zeros kept)."""
    return np.char.zfill(rng.integers(0, 10**width, size=n).astype(str), width)


def realistic_phones(n: int, rng: np.random.Generator) -> np.ndarray:
    """Like :func:`phones`, but what the fast path does not cover is distinct too:
    foreign numbers of ten countries (``+CC``, ``00CC`` and national formats),
    landlines over many STD codes with and without the trunk 0, and junk that is
    names, emails, partial numbers and notes — no handful of strings to cache."""
    out = phones(n, rng)  # the mobile shapes, blanks, scientific notation, repeats
    kinds = rng.choice(4, size=n, p=[0.70, 0.10, 0.12, 0.08])
    fixed = np.isin(out, np.array(_CLASSIC_FOREIGN + _CLASSIC_JUNK, dtype=object))
    kinds[fixed] = rng.integers(2, 4, size=int(fixed.sum()))  # no handful of strings left
    # Indian landlines: an STD code, then digits up to ten; with trunk 0, +91 or bare
    at = np.flatnonzero(kinds == 1)
    std = rng.choice(np.array(STD_CODES), size=len(at))
    rest = np.array(
        [str(rng.integers(2, 9)) + _digits(rng, 1, 9 - len(code))[0] for code in std.tolist()]
    )
    style = rng.integers(0, 4, size=len(at))
    forms = [
        np.char.add(np.char.add("0", std), rest),
        np.char.add(np.char.add(np.char.add("0", std), "-"), rest),
        np.char.add(np.char.add(np.char.add("+91 ", std), " "), rest),
        np.char.add(std, rest),
    ]
    out[at] = np.choose(style, forms)
    # foreign numbers: random national numbers under real leading digits
    at = np.flatnonzero(kinds == 2)
    which = rng.integers(0, len(FOREIGN), size=len(at))
    style = rng.integers(0, 3, size=len(at))
    values = []
    for i, country in enumerate(which.tolist()):
        cc, width, leads, trunk = FOREIGN[country]
        lead = leads[int(rng.integers(0, len(leads)))]
        nsn = lead + _digits(rng, 1, width - len(lead))[0]
        if style[i] == 0:
            values.append(f"+{cc} {nsn[:3]} {nsn[3:6]} {nsn[6:]}")
        elif style[i] == 1:
            values.append(f"00{cc}{nsn}")
        else:
            values.append(f"{trunk}{nsn[:4]} {nsn[4:]}")
    out[at] = np.array(values, dtype=object)
    # junk: names, emails, partial numbers, notes — each one different
    at = np.flatnonzero(kinds == 3)
    ids = rng.integers(0, 10**7, size=len(at)).astype(str)
    style = rng.integers(0, 4, size=len(at))
    forms = [
        np.char.add("Lead ", ids),
        np.char.add(np.char.add("lead", ids), "@example.com"),
        np.char.add("98", np.array([i[:5] for i in ids])),
        np.char.add("call after ", np.char.add(ids, " pm")),
    ]
    out[at] = np.choose(style, forms)
    return out


def frame(n: int, seed: int, mix: str = "classic") -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "phone_number": (realistic_phones if mix == "realistic" else phones)(n, rng),
            "customer_name": np.char.add("Customer ", np.arange(n).astype(str)),
            "city": rng.choice(CITIES, size=n),
            "product": rng.choice(PRODUCTS, size=n),
            "loan_amount": (rng.integers(50, 2500, size=n) * 1000).astype(str),
        }
    )


def write(n: int, out: Path, *, seed: int = 2026, xlsx: bool = False, mix: str = "classic") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if xlsx:
        data = frame(n, seed, mix)
        # As a spreadsheet holds them: bare 10-digit phones and amounts are numbers.
        phone = data["phone_number"].astype(object)
        numeric = phone.str.fullmatch(r"[6-9]\d{9}").fillna(False).to_numpy(dtype=bool)
        phone[numeric] = [int(v) for v in phone[numeric]]
        data["phone_number"] = phone
        data["loan_amount"] = data["loan_amount"].astype(np.int64)
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            data.to_excel(writer, index=False)
        return out
    step = 1_000_000
    with out.open("w", encoding="utf-8", newline="") as fh:
        for start in range(0, n, step):
            part = frame(min(step, n - start), seed + start, mix)
            part["customer_name"] = "Customer " + (part.index + start).astype(str)
            part.to_csv(fh, index=False, header=start == 0, lineterminator="\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--mix", choices=("classic", "realistic"), default="classic")
    args = parser.parse_args()
    write(args.rows, args.out, seed=args.seed, xlsx=args.xlsx, mix=args.mix)


if __name__ == "__main__":
    main()
