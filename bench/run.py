"""Benchmark leadprep against the naive script, in the same run, on the same file.

    python bench/run.py                 # 1M rows: baselines vs leadprep (make bench)
    python bench/run.py --mix realistic # distinct foreign numbers, landlines, junk
    python bench/run.py --rows 200000   # quicker
    python bench/run.py --scale         # leadprep alone on 1M / 3M / 10M rows
    python bench/run.py --xlsx 150000   # leadprep on a 150k-row XLSX
    python bench/run.py --full-sheet    # a full-size XLSX (1,048,575 x 16): under 1 GB?

Each command runs as its own process; its wall time and its own peak RSS are
reported. The clean files' phone columns must be identical, or the run fails.
The naive script runs on phonenumbers, and on rphonenumbers (a Rust port) when it
is installed (``make bench`` installs it).

leadprep runs as a cron job runs it: ``validate FILE --output clean.csv
--errors-output errors.csv --report-json report.json --quiet``, each time with a
fresh, empty cache directory (a new container) — and once more a run with the
clean file only, to show what the errors file and the report cost. Inputs are
generated deterministically under bench/data/; leadprep's bytecode is written
first, as an install does (:func:`compile_leadprep`).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402

#: Runs the command and reports its wall time and peak RSS. The command is this
#: small launcher's child, so the figures are the command's own: a child forked
#: from the runner itself would inherit the runner's high-water mark (wait4's
#: ru_maxrss keeps the parent's RSS at fork, and the runner holds generated data),
#: and the launcher's own start-up is not counted.
LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


#: Under here each leadprep run gets a cache directory of its own, empty: every timed
#: run is a first run on a new machine, as in a fresh container.
CACHE = DATA / "cache"


def measure(args: list[str]) -> tuple[float, float]:
    """Run ``args`` (with a new, empty leadprep cache); return (wall seconds, the
    command's peak RSS in MB)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    fresh = tempfile.mkdtemp(dir=CACHE)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", LAUNCHER, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "LEADPREP_CACHE_DIR": fresh},
        )
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    err = proc.stderr.decode()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    seconds, rss_kb = err.strip().splitlines()[-1].split()
    return float(seconds), int(rss_kb) / 1024


def phones(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["phone_number"] for row in csv.DictReader(fh)]


def dataset(rows: int, *, xlsx: bool = False, mix: str = "classic") -> Path:
    name = f"leads-{rows}" if mix == "classic" else f"leads-{mix}-{rows}"
    path = DATA / f"{name}.{'xlsx' if xlsx else 'csv'}"
    if not path.exists():
        print(f"generating {path.name} …", flush=True)
        write(rows, path, xlsx=xlsx, mix=mix)
    return path


def has_rphonenumbers() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import rphonenumbers"], capture_output=True)
    return probe.returncode == 0


#: Every check in the path, none that removes a row the naive script keeps (so the
#: clean phones can be compared): placeholders are flagged but uploaded, the calling
#: hours are worked out for a window every Indian number may be called in, and a
#: do-not-call list of numbers not in the file is looked up.
CHECKS = [
    "--allow-suspicious",
    "--call-window", "2026-12-04T10:00+05:30/2026-12-04T19:00+05:30",
    "--suppress", str(DATA / "dnc-elsewhere.txt"),
]  # fmt: skip


def leadprep(path: Path, out: Path, *, reports: bool = True, errors: str = ".csv") -> list[str]:
    """leadprep as a cron job runs it (``reports``: the errors file — ``errors``, its
    format — and the JSON report beside the clean file), with :data:`CHECKS`."""
    dnc = DATA / "dnc-elsewhere.txt"
    if not dnc.exists():  # 10,000 New York numbers: looked up, none of the list's
        DATA.mkdir(exist_ok=True)
        dnc.write_text("".join(f"+1 212 736 {i:04d}\n" for i in range(10_000)))
    extra = (
        ["--errors-output", str(out.with_suffix(".errors" + errors)),
         "--report-json", str(out.with_suffix(".report.json"))]
        if reports
        else []
    )  # fmt: skip
    return [sys.executable, "-m", "leadprep", "validate", str(path), "--output", str(out),
            *extra, *CHECKS, "--quiet"]  # fmt: skip


def compare(rows: int, repeat: int, mix: str = "classic") -> None:
    """The naive script (on phonenumbers, and on rphonenumbers when installed) and
    leadprep, alternately ``repeat`` times each (so drift in the machine's speed hits
    all alike); the best time of each is compared."""
    src = dataset(rows, mix=mix)
    outs = {
        "baseline": DATA / "baseline.clean.csv",
        "rphonenumbers": DATA / "rphonenumbers.clean.csv",
        "leadprep": DATA / "leadprep.clean.csv",
    }
    commands = {
        "baseline": [sys.executable, str(HERE / "baseline.py"), str(src), str(outs["baseline"])],
        "rphonenumbers": [
            sys.executable,
            str(HERE / "baseline.py"),
            str(src),
            str(outs["rphonenumbers"]),
            "--engine",
            "rphonenumbers",
        ],
        "leadprep": leadprep(src, outs["leadprep"]),
        "(clean only)": leadprep(src, DATA / "clean-only.clean.csv", reports=False),
        "(errors.xlsx)": leadprep(src, DATA / "errors-xlsx.clean.csv", errors=".xlsx"),
    }
    if not has_rphonenumbers():
        print("(rphonenumbers is not installed: `make bench` installs it; skipped)")
        del commands["rphonenumbers"]
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(measure(command))
    ours = statistics.median(sec for sec, _ in runs["leadprep"])
    clean = {name: phones(outs[name]) for name in outs if name in commands}
    same = all(found == clean["leadprep"] for found in clean.values())
    print(f"\n{rows:,} rows ({mix} mix), {src.stat().st_size / 1e6:.0f} MB, {repeat} runs each")
    print(f"{'':14} {'min':>6} {'median':>7} {'max':>6} {'peak RSS':>9} {'leadprep is':>12}")
    for name, found in runs.items():
        secs = sorted(sec for sec, _ in found)
        median = statistics.median(secs)
        ratio = "" if name.startswith(("leadprep", "(")) else f"{median / ours:10.1f}x"
        rss = max(r for _, r in found)
        print(f"{name:14} {secs[0]:6.2f} {median:7.2f} {secs[-1]:6.2f} {rss:7.0f} MB {ratio:>12}")
    only = statistics.median(sec for sec, _ in runs["(clean only)"])
    xlsx = statistics.median(sec for sec, _ in runs["(errors.xlsx)"])
    print(f"errors file + JSON report: {100 * (ours - only) / ours:.0f}% of the run "
          f"(errors.xlsx + JSON report: {100 * (xlsx - only) / xlsx:.0f}%)")  # fmt: skip
    print(f"clean phones identical: {same}")
    if not same:
        raise SystemExit("the clean phone columns differ")


def scale(sizes: list[int], mix: str = "classic") -> None:
    header = f"{'rows':>12} {'seconds':>8} {'rows/s':>12} {'peak RSS':>9}"
    print(f"\n{header}  (leadprep validate --output, {mix} mix)")
    for rows in sizes:
        src = dataset(rows, mix=mix)
        sec, rss = measure(leadprep(src, DATA / "scale.clean.csv"))
        print(f"{rows:12,} {sec:8.2f} {rows / sec:12,.0f} {rss:7.0f} MB", flush=True)


#: python-calamine alone reading the whole sheet into Python: the floor a reader of
#: XLSX in Python starts from (the issue's yardstick: leadprep within 1.3x of it).
CALAMINE_ALONE = """
import sys
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
print(len(rows))
"""


def xlsx(rows: int, repeat: int) -> None:
    """An XLSX of ``rows`` rows (a third of the phones, and every amount, stored as
    numbers): python-calamine alone, leadprep as a cron job and with the clean file
    only, alternately ``repeat`` times each; then leadprep on the same data as CSV,
    whose clean file, errors file and report must be the XLSX run's."""
    src = dataset(rows, xlsx=True)
    clean = DATA / "xlsx.clean.csv"
    commands = {
        "python-calamine alone": [sys.executable, "-c", CALAMINE_ALONE, str(src)],
        "leadprep": leadprep(src, clean),
        "(clean only)": leadprep(src, DATA / "xlsx-clean-only.clean.csv", reports=False),
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(measure(command))
    print(f"\nXLSX {rows:,} rows ({src.stat().st_size / 1e6:.1f} MB), {repeat} runs each")
    floor = statistics.median(sec for sec, _ in runs["python-calamine alone"])
    print(f"{'':22} {'min':>6} {'median':>7} {'max':>6} {'peak RSS':>9} {'x calamine':>11}")
    for name, found in runs.items():
        secs = sorted(sec for sec, _ in found)
        median, rss = statistics.median(secs), max(r for _, r in found)
        print(f"{name:22} {secs[0]:6.2f} {median:7.2f} {secs[-1]:6.2f} {rss:7.0f} MB "
              f"{median / floor:10.2f}x")  # fmt: skip
    as_csv = DATA / "xlsx-as-csv.clean.csv"
    measure(leadprep(dataset(rows), as_csv))
    pairs = [(clean, as_csv), (clean.with_suffix(".errors.csv"), as_csv.with_suffix(".errors.csv"))]
    same = all(a.read_bytes() == b.read_bytes() for a, b in pairs)
    print(f"clean and errors files identical to the same data as CSV: {same}")
    if not same:
        raise SystemExit("the XLSX and CSV runs differ")


#: The memory bound a full-size sheet must stay under (the reliability issue's).
FULL_SHEET_MAX_MB = 1024


def full_sheet() -> None:
    """A 1,048,575-row, 16-column XLSX of distinct values: leadprep's time and peak RSS.

    Fails (exit 1) if the peak reaches FULL_SHEET_MAX_MB."""
    src = DATA / "full-sheet-16.xlsx"
    if not src.exists():
        from leadprep.write._xlsx import SheetWriter

        DATA.mkdir(exist_ok=True)
        sheet = SheetWriter(src, "Leads")
        sheet.append(["phone_number"] + [f"field_{i}" for i in range(1, 16)])
        for r in range(1_048_575):
            sheet.append([f"98{(r * 7919) % 10**8:08d}"] + [f"v{i}-{r}" for i in range(1, 16)])
        sheet.close()
    sec, rss = measure(leadprep(src, DATA / "full-sheet.clean.csv"))
    print(
        f"\nXLSX 1,048,575 x 16 ({src.stat().st_size / 1e6:.0f} MB): {sec:.0f} s, "
        f"peak RSS {rss:.0f} MB (bound {FULL_SHEET_MAX_MB} MB)"
    )
    if rss >= FULL_SHEET_MAX_MB:
        raise SystemExit("FAILED: the full-size sheet went past the memory bound")


def compile_leadprep() -> None:
    """Write leadprep's bytecode, as installing a package does (pip compiles what it
    installs; the baselines' pandas and phonenumbers are compiled so). An editable
    checkout run with PYTHONDONTWRITEBYTECODE=1, as on the machines these numbers
    come from, would otherwise compile every module on every run (~0.15 s)."""
    import compileall

    compileall.compile_dir(HERE.parent / "leadprep", quiet=1)


def main() -> None:
    compile_leadprep()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--mix",
        choices=("classic", "realistic"),
        default="classic",
        help="classic: the mobile shapes, a handful of foreign and junk strings; "
        "realistic: distinct foreign numbers, landlines and junk too",
    )
    parser.add_argument("--scale", action="store_true", help="1M / 3M / 10M rows, leadprep only")
    parser.add_argument("--xlsx", type=int, metavar="ROWS", help="time an XLSX of ROWS rows")
    parser.add_argument(
        "--full-sheet", action="store_true", help="a 1,048,575 x 16 XLSX: peak RSS < 1 GB?"
    )
    args = parser.parse_args()
    if args.full_sheet:
        full_sheet()
    elif args.scale:
        scale([1_000_000, 3_000_000, 10_000_000], args.mix)
    elif args.xlsx:
        xlsx(args.xlsx, args.repeat)
    else:
        compare(args.rows, args.repeat, args.mix)


if __name__ == "__main__":
    main()
