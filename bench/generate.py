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
    foreign = rng.choice(
        np.array(
            [
                "+1 415 555 2671",
                "+44 20 7946 0958",
                "+971 50 123 4567",
                "+65 6123 4567",
                "+61 2 9876 5432",
            ]
        ),
        size=n,
    )
    out[kinds == 10] = foreign[kinds == 10]
    junk = rng.choice(
        np.array(["12345", "98765432101234", "N/A", "call later", "0", "+91", "9876-54", "abc123"]),
        size=n,
    )
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


def frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "phone_number": phones(n, rng),
            "customer_name": np.char.add("Customer ", np.arange(n).astype(str)),
            "city": rng.choice(CITIES, size=n),
            "product": rng.choice(PRODUCTS, size=n),
            "loan_amount": (rng.integers(50, 2500, size=n) * 1000).astype(str),
        }
    )


def write(n: int, out: Path, *, seed: int = 2026, xlsx: bool = False) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    if xlsx:
        data = frame(n, seed)
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
            part = frame(min(step, n - start), seed + start)
            part["customer_name"] = "Customer " + (part.index + start).astype(str)
            part.to_csv(fh, index=False, header=start == 0, lineterminator="\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--xlsx", action="store_true")
    args = parser.parse_args()
    write(args.rows, args.out, seed=args.seed, xlsx=args.xlsx)


if __name__ == "__main__":
    main()
