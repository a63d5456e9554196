"""How often the region check refuses an Indian list, and misses another country's.

    python bench/region_rates.py            # 1,000 lists of each kind (a few minutes)
    python bench/region_rates.py --lists 100

Each list is generated (tests/regionlists.py) and validated as a user would, with
no region given: an Indian list refused is a false refusal; a US, UK or UAE list
(or a mixed India/US list) not refused is a miss. Lists are drawn with a fixed
seed, their sizes from 20 to 300 rows, their writings, columns and mixes at random.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from regionlists import (
    INDIAN_WRITINGS,
    NANP_WRITINGS,
    indian_list,
    mixed_list,
    national,
    us_list,
    write_list,
)

import leadprep

SIP = {"sip": True, "network_groups": []}


def refused(rows: list[dict[str, str]], folder: Path) -> bool:
    report = leadprep.validate(write_list(folder / "l.csv", rows), telephony_config=SIP)
    return bool(report.counts["region_mismatch"])


def foreign(rng: random.Random, kind: str, n: int) -> list[dict[str, str]]:
    """A list of another country, as the acceptance names them."""
    if kind == "us_written":
        writing = rng.choice(sorted(NANP_WRITINGS))
        return us_list(rng, n, high=rng.random() < 0.5, writing=writing)
    if kind == "us_bare_columns":
        return us_list(
            rng, n, high=True, writing="bare", columns=rng.choice(["state_zip", "country"])
        )
    if kind == "us_extensions":
        writing = rng.choice(["bare", "dashes", "parens"])
        return us_list(rng, n, high=True, writing=writing, extensions=True)
    if kind in ("GB", "AE"):
        return [{"Name": f"L{i}", "Phone": c} for i, c in enumerate(national(rng, kind, n))]
    if kind == "us_bare_all_area_codes":
        return us_list(rng, n, high=False, writing="bare")
    return mixed_list(rng, n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(2026_12_04)  # noqa: S311 - reproducible lists
    kinds = ["us_written", "us_bare_columns", "us_extensions", "GB", "AE", "mixed"]
    kinds.append("us_bare_all_area_codes")
    with tempfile.TemporaryDirectory() as folder:
        false_refusals = 0
        for _ in range(args.lists):
            writings = rng.sample(sorted(INDIAN_WRITINGS), rng.randint(1, 4))
            rows = indian_list(
                rng,
                rng.randint(20, 300),
                writings=writings,
                landlines=rng.choice([0.0, 0.1, 0.4]),
                states=rng.random() < 0.5,
            )
            false_refusals += refused(rows, Path(folder))
        misses: Counter[str] = Counter()
        made: Counter[str] = Counter()
        for i in range(args.lists):
            kind = kinds[i % len(kinds)]
            made[kind] += 1
            misses[kind] += not refused(foreign(rng, kind, rng.randint(20, 300)), Path(folder))
    print(f"Indian lists refused: {false_refusals} of {args.lists}")
    total = sum(misses.values())
    print(f"foreign lists not refused: {total} of {args.lists}")
    for kind in kinds:
        print(f"  {kind:24} {misses[kind]} of {made[kind]}")


if __name__ == "__main__":
    main()
