"""A 1M-number do-not-call list against a 1M-row lead file: validate's time with the
list, against validate's time without it, in the same run (spec §12: within 1.5×).

    python bench/suppression.py              # 1M leads, 1M suppressed numbers, 5 rounds
    python bench/suppression.py --rows 200000 --repeat 3

Both commands run as a cron job runs them: the clean file, the errors file and the
JSON report written, ``--quiet``, a fresh cache directory. The rounds alternate
(without, with, without, …) so drift on the machine falls on both. The list is a
registry extract as one is downloaded: a single column, no header, half of it the
numbers of leads in the file (written ``+91 98123 45670``, ``919812345670`` or
bare), half other valid mobiles.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import dataset, measure, phones  # noqa: E402

LIMIT = 1.5


def registry_list(leads_clean: Path, n: int, out: Path, seed: int = 12) -> Path:
    """``n`` numbers, one per line: half the leads' own (in three writings), half others."""
    rng = np.random.default_rng(seed)
    own = np.array([p.removeprefix("+91") for p in phones(leads_clean) if p.startswith("+91")])
    own = own[rng.permutation(len(own))[: n // 2]]
    others = rng.integers(6_000_000_000, 9_999_999_999, size=n - len(own)).astype(str)
    writings: list[Callable[[str], str]] = [
        lambda d: f"+91 {d[:5]} {d[5:]}",
        lambda d: f"91{d}",
        lambda d: d,
    ]
    lines = [writings[i % 3](str(d)) for i, d in enumerate([*own.tolist(), *others.tolist()])]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def command(leads: Path, work: Path, extra: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "leadprep", "validate", str(leads),
        "--output", str(work / "clean.csv"),
        "--errors-output", str(work / "errors.csv"),
        "--report-json", str(work / "report.json"),
        "--quiet", *extra,
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--numbers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    leads = dataset(args.rows, mix="realistic")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        measure(command(leads, work, []))  # (its clean file: half the list is its numbers)
        dnc = registry_list(work / "clean.csv", args.numbers, work / "dnc.txt")
        plain, listed = [], []
        for _ in range(args.repeat):
            plain.append(measure(command(leads, work, []))[0])
            listed.append(measure(command(leads, work, ["--suppress", str(dnc)]))[0])
        print(f"{args.rows:,} leads; do-not-call list of {args.numbers:,} numbers")
        for name, times in (("without the list", plain), ("with the list", listed)):
            print(
                f"  {name:17} min {min(times):.2f} s  median {statistics.median(times):.2f} s"
                f"  max {max(times):.2f} s"
            )
        ratio = statistics.median(listed) / statistics.median(plain)
        print(f"  ratio (median): {ratio:.2f}× (limit {LIMIT}×)")
        if ratio > LIMIT:
            raise SystemExit(f"suppression costs {ratio:.2f}×, over {LIMIT}×")


if __name__ == "__main__":
    main()
