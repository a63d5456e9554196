"""Report stage: gather findings, count rows, render JSON and text.

A :class:`Report` is produced for every run, rejected files included, so a cron
job always has something to read. ``report.to_dict()`` follows
``schemas/validation-report.schema.json``; ``report.to_text()`` is what a person
reads: findings grouped by code with row ranges, an example, and what to do.
"""

from __future__ import annotations

import functools
import itertools
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .._exceptions import (
    EXIT_FILE_REJECTED,
    EXIT_OK,
    EXIT_ROWS_LEFT_OUT,
    EXIT_USAGE,
)
from .._paths import write_atomically
from .._speech import speak
from .._types import distinct
from .._version import __version__
from ..check import rules
from ..dialnexa import DEFAULT_REGION
from ..findings import (
    KINDS,
    SEVERITIES,
    Finding,
    HeaderRenamed,
    RegionMismatch,
    RowFindings,
    Severity,
    severity,
)
from ._json import WrittenLines, chunks
from ._profile import Profile

_LISTS = ("errors", "warnings", "skipped")
_DETAIL_LISTS = frozenset(_LISTS)
#: The detail list a finding of each severity is kept in.
_LIST_OF: dict[Severity, str] = {
    "file": "errors",
    "error": "errors",
    "skipped": "skipped",
    "warning": "warnings",
}

#: Findings of one code kept in detail (the summary and the errors file have them all).
DETAIL_PER_CODE = 10_000


def report_order() -> tuple[str, ...]:
    """Every code, as reports present them: by severity; within one, the kinds of
    reading and planning first, then the row rules' in the order they are checked."""
    return _order(rules.RULES, len(KINDS))


@functools.cache
def _order(ruled_by: tuple[type[rules.Rule], ...], _kinds: int) -> tuple[str, ...]:
    ruled = [kind.code for rule in ruled_by for kind in rule.kinds]
    codes = [*(code for code in KINDS if code not in ruled), *ruled]
    return tuple(sorted(codes, key=lambda code: SEVERITIES.index(severity(code))))


def plural(count: int, noun: str) -> str:
    """``plural(1, "row")`` → ``"1 row"``; ``plural(3, "row")`` → ``"3 rows"``."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def row_ranges(rows: Iterable[int], limit: int = 12) -> str:
    """``[3, 7, 18, 19, 20, 21]`` → ``"3, 7, 18-21"``; long lists end in ``…``."""
    parts: list[str] = []
    run: list[int] = []
    for r in sorted(set(rows)):
        if run and r == run[-1] + 1:
            run.append(r)
            continue
        if run:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [r]
    if run:
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    if len(parts) > limit:
        return ", ".join(parts[:limit]) + f", … ({len(parts) - limit} more ranges)"
    return ", ".join(parts)


@dataclass
class Report:
    """What validation found in one file."""

    file: str
    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    columns: list[str] = field(default_factory=list)
    default_region: str = DEFAULT_REGION
    #: the spreadsheet row that held the header, and the column(s) the phone came from
    header_row: int | None = None
    phone_column: list[str] | None = None
    #: for a rejected file, the options that would make it pass (by long option name)
    fix: dict[str, Any] = field(default_factory=dict)
    #: each do-not-call list used (path, sha256, numbers, ignored, modified, age_days):
    #: the audit trail of what was scrubbed
    suppression_lists: list[dict[str, Any]] = field(default_factory=list)
    #: what the rows hold: fill rates, countries, kinds, the region decision
    profile: Profile = field(default_factory=Profile)
    rows_total: int = 0
    rows_valid: int = 0
    rows_invalid: int = 0
    rows_skipped: int = 0
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    duration_s: float = 0.0
    #: set when the run stopped on a usage error before reading (exit 2)
    usage_error: str | None = None
    #: per code: how many findings, and the rows they are on — always complete,
    #: in compact arrays, however many rows a file has
    counts: Counter[str] = field(default_factory=Counter)
    rows_by_code: dict[str, array[int]] = field(default_factory=dict)
    #: per code: findings counted in ``summary`` but not kept in detail
    omitted: Counter[str] = field(default_factory=Counter)
    #: per code: its severity in this run, where not its kind's (``region_mismatch`` is
    #: a warning when the region was given; ``suspicious_number`` with --allow-suspicious)
    levels: dict[str, Severity] = field(default_factory=dict)
    #: row findings kept in detail but not yet made into :class:`Finding` objects
    _held: list[RowFindings] = field(default_factory=list, init=False, repr=False, compare=False)

    def __getattribute__(self, name: str) -> Any:
        # The detail lists are filled on first read: a run whose report is only
        # counted (``--quiet``, a cron job reading the exit code) never builds the
        # tens of thousands of Finding objects and messages it would not show.
        if name in _DETAIL_LISTS and object.__getattribute__(self, "_held"):
            object.__getattribute__(self, "_release")()
        return object.__getattribute__(self, name)

    def _release(self) -> None:
        held, self._held = self._held, []
        for block in held:
            for f in block.findings(np.arange(len(block))):
                self._keep(f)

    def reject(self, finding: Finding) -> None:
        """The file cannot be uploaded: keep only file-level news, drop partial row counts."""
        self.rows_total = self.rows_valid = self.rows_invalid = self.rows_skipped = 0
        kept = [f for f in (*self.errors, *self.warnings) if f.row is None or f.row == 1]
        kept = [f for f in kept if f.code != "empty_variable_value"]
        self.errors, self.warnings, self.skipped = [], [], []
        self.counts, self.rows_by_code, self.omitted = Counter(), {}, Counter()
        self.levels = {}
        self.profile = Profile(region=self.profile.region)  # (counts of rows no longer counted)
        self.add([*kept, finding])

    def severity_of(self, code: str) -> Severity:
        """``code``'s severity in this run."""
        return self.levels.get(code) or severity(code)

    def add(self, findings: Iterable[Finding]) -> None:
        """Count every finding; keep the first DETAIL_PER_CODE of each code in detail."""
        counts = self.counts
        for f in findings:
            code = f.code
            counts[code] += 1
            if f.level is not None:
                self.levels[code] = f.level
            if f.row is not None:
                self._rows(code).append(f.row)
            if counts[code] > DETAIL_PER_CODE:
                self.omitted[code] += 1
            else:
                self._keep(f)

    def add_rows(self, block: RowFindings) -> None:
        """:meth:`add` for a batch's findings held column-wise.

        Counts and row numbers come straight from the arrays; only the findings
        kept in detail are made into :class:`Finding` objects (in row order)."""
        if not len(block):
            return
        import pyarrow as pa

        if block.level is not None:
            self.levels.update(dict.fromkeys(set(block.code.tolist()), block.level))
        # the distinct codes by hashing (sorting the strings cost more than the rest)
        encoded = pa.array(block.code, pa.string()).dictionary_encode()
        inverse = encoded.indices.to_numpy(zero_copy_only=False)
        kept = []
        for k, code in sorted(enumerate(encoded.dictionary.to_pylist()), key=lambda c: c[1]):
            where = np.flatnonzero(inverse == k)
            before = self.counts[code]
            self.counts[code] = before + len(where)
            self._rows(code).frombytes(block.row[where].astype(np.int64).tobytes())
            room = max(DETAIL_PER_CODE - before, 0)
            kept.append(where[:room])
            if len(where) > room:
                self.omitted[code] += len(where) - room
        where = np.sort(np.concatenate(kept))
        if len(where):  # those entries only: the batch's arrays are let go
            self._held.append(block.take(where))

    def _rows(self, code: str) -> array[int]:
        rows = self.rows_by_code.get(code)
        if rows is None:
            rows = self.rows_by_code[code] = array("q")
        return rows

    def _keep(self, f: Finding) -> None:
        getattr(self, _LIST_OF[f.severity]).append(f)

    @property
    def file_errors(self) -> list[Finding]:
        return [f for f in self.errors if f.severity == "file"]

    @property
    def rejected(self) -> bool:
        # From the counts, not the detail lists: asking for the verdict must not
        # build every kept Finding.
        return any(self.severity_of(code) == "file" for code, n in self.counts.items() if n)

    @property
    def ok(self) -> bool:
        return self.exit_code == EXIT_OK

    @property
    def exit_code(self) -> int:
        if self.usage_error:
            return EXIT_USAGE
        if self.rejected:
            return EXIT_FILE_REJECTED
        return EXIT_ROWS_LEFT_OUT if self.rows_invalid else EXIT_OK

    @property
    def status(self) -> str:
        if self.usage_error:
            return "usage_error"
        if self.rejected:
            return "rejected"
        return "rows_left_out" if self.rows_invalid else "ok"

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per code: severity, how many findings, and the rows they are on."""
        return {
            code: {
                "severity": self.severity_of(code),
                "count": self.counts[code],
                "rows": distinct(np.frombuffer(self.rows_by_code[code], dtype=np.int64)).tolist()
                if code in self.rows_by_code
                else [],
            }
            for code in report_order()
            if self.counts[code]
        }

    def to_dict(self) -> dict[str, Any]:
        return self._as_dict({name: [f.to_dict() for f in getattr(self, name)] for name in _LISTS})

    def _as_dict(self, details: Mapping[str, list[Any]]) -> dict[str, Any]:
        """:meth:`to_dict`, its detail lists (errors, warnings, skipped) as given."""
        return {
            "leadprep_version": __version__,
            "file": self.file,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "columns": self.columns,
            "default_region": self.default_region,
            "header_row": self.header_row,
            "phone_column": self.phone_column,
            "fix": self.fix,
            "suppression_lists": self.suppression_lists,
            "status": self.status,
            "usage_error": self.usage_error,
            "exit_code": self.exit_code,
            "rows_total": self.rows_total,
            "rows_valid": self.rows_valid,
            "rows_invalid": self.rows_invalid,
            "rows_skipped": self.rows_skipped,
            "errors": details["errors"],
            "warnings": details["warnings"],
            "skipped": details["skipped"],
            "summary": self.summary(),
            "findings_omitted": dict(self.omitted),
            "profile": self.profile.to_dict(),
            "outputs": self.outputs,
            "duration_s": round(self.duration_s, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a report saved with :meth:`to_dict` (the ledger keeps one per run)."""

        summary = data["summary"]
        levels = {
            code: entry["severity"]
            for code, entry in summary.items()
            if entry["severity"] != severity(code)
        }

        def findings(key: str) -> list[Finding]:
            return [
                Finding(
                    code=f["code"],
                    message=f["message"],
                    row=f["row"],
                    column=f["column"],
                    value=f["value"],
                    hint=f.get("hint"),
                    level=levels.get(f["code"]),
                )
                for f in data.get(key, [])
            ]

        return cls(
            file=data["file"],
            format=data.get("format"),
            encoding=data.get("encoding"),
            delimiter=data.get("delimiter"),
            sheet=data.get("sheet"),
            columns=list(data.get("columns", [])),
            default_region=data.get("default_region", DEFAULT_REGION),
            header_row=data.get("header_row"),
            phone_column=data.get("phone_column"),
            fix=dict(data.get("fix") or {}),
            suppression_lists=list(data.get("suppression_lists", [])),
            profile=Profile.from_dict(data.get("profile")),
            rows_total=data["rows_total"],
            rows_valid=data["rows_valid"],
            rows_invalid=data["rows_invalid"],
            rows_skipped=data["rows_skipped"],
            errors=findings("errors"),
            warnings=findings("warnings"),
            skipped=findings("skipped"),
            outputs=dict(data.get("outputs", {})),
            duration_s=data.get("duration_s", 0.0),
            usage_error=data.get("usage_error"),
            counts=Counter({code: entry["count"] for code, entry in summary.items()}),
            rows_by_code={
                code: array("q", entry["rows"]) for code, entry in summary.items() if entry["rows"]
            },
            omitted=Counter(data.get("findings_omitted", {})),
            levels=levels,
        )

    def to_json(self) -> str:
        return "".join(self.json_chunks())

    def json_chunks(self) -> Iterator[str]:
        """:meth:`to_dict` as JSON, in pieces to write as they come; the findings'
        lines written from their columns (a report may hold 50,000: the encoder's
        general walk took most of a second)."""
        return chunks(self._as_dict(self._json_lines()))

    def _json_lines(self) -> dict[str, WrittenLines]:
        """The detail lists as JSON lines, in :meth:`to_dict`'s order: the findings made
        so far, then the held ones written from their columns (not made into objects)."""
        lines = {
            name: WrittenLines(f.to_json() for f in object.__getattribute__(self, name))
            for name in _LISTS
        }
        for block in object.__getattribute__(self, "_held"):
            for level, line in block.json_lines():
                lines[_LIST_OF[level]].append(line)
        return lines

    def write_json(self, path: str | Path) -> None:
        write_atomically(path, itertools.chain(self.json_chunks(), "\n"))

    def to_text(self, *, verbose: bool = False) -> str:
        """What a person reads (``verbose``: every routine finding listed)."""
        return speak(render_text(self, verbose=verbose))

    def verdict(self) -> str:
        """The last line of :meth:`to_text`, alone (what ``--quiet`` prints)."""
        return speak(_verdict(self))


def _section(
    title: str, findings: list[Finding], lines: list[str], report: Report, *, verbose: bool
) -> None:
    if not findings:
        return
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_code[f.code].append(f)
    summary = report.summary()
    lines.append(title)
    for code in report_order():
        group = by_code.get(code)
        if not group:
            continue
        rows = summary[code]["rows"]
        if KINDS[code].routine and not verbose:
            lines.append(f"  {code}: {KINDS[code].brief(group)} (--verbose says more)")
            continue
        if code == HeaderRenamed.code:
            lines.append(f"  {code}: {plural(len(group), 'column')}")
            lines.extend(f"      {f.message}" for f in group[:16])
        elif rows:
            lines.append(f"  {code}: {plural(len(rows), 'row')} — {row_ranges(rows)}")
            for f in group[:3]:
                lines.append(f"      row {f.row}: {f.message}")
            if summary[code]["count"] > 3:
                lines.append(f"      … and {summary[code]['count'] - 3:,} more")
        else:
            lines.append(f"  {code}:")
            for f in group[:8]:
                lines.append(f"      {f.message}")
            if len(group) > 8:
                lines.append(f"      … and {len(group) - 8:,} more")
        for advice in list(dict.fromkeys(f.advice for f in group))[:3]:
            lines.append(f"      → {advice}")


def render_text(report: Report, *, verbose: bool = False) -> str:
    """The report as a person reads it in a terminal or a cron mail."""
    where = report.format or "not read"
    if report.encoding:
        delim = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
            report.delimiter or "", repr(report.delimiter)
        )
        where += f", {report.encoding}, {delim}-separated"
    if report.sheet:
        where += f", sheet {report.sheet!r}"
    lines = [f"{report.file} ({where})"]
    for f in report.warnings:
        if f.code == RegionMismatch.code:  # calling a whole list of strangers: say it first
            lines.append("!" * 78)
            lines.append(f"!! WRONG COUNTRY? {f.message}")
            lines.append(f"!! → {f.advice}")
            lines.append("!" * 78)
    if report.rejected:
        lines.append("FILE REJECTED — nothing in it can be uploaded:")
        for f in report.file_errors:
            lines.append(f"  {f.code}: {f.message}")
            lines.append(f"      → {f.advice}")
    else:
        lines.append(
            f"{plural(report.rows_total, 'row')}: {report.rows_valid:,} ready to upload, "
            f"{report.rows_invalid:,} with errors, {report.rows_skipped:,} skipped"
        )
    lines.extend(_suppression_lines(report))
    row_errors = [f for f in report.errors if f.severity == "error"]
    _section("Errors (these rows are left out):", row_errors, lines, report, verbose=verbose)
    _section("Skipped (left out on purpose):", report.skipped, lines, report, verbose=verbose)
    _section("Warnings:", report.warnings, lines, report, verbose=verbose)
    if report.outputs:
        lines.append("Written:")
        # (a part is named by its own path: said once)
        lines.extend(
            f"  {path}" if path.endswith(what) else f"  {what}: {path}"
            for what, path in report.outputs.items()
        )
    lines.append(_verdict(report))
    return "\n".join(lines)


def _suppression_lines(report: Report) -> list[str]:
    """Each do-not-call list used, as the audit trail says it."""
    lines = []
    for r in report.suppression_lists:
        ignored = f", {r['ignored']:,} entries not numbers" if r.get("ignored") else ""
        lines.append(
            f"Do-not-call list {r['path']}: {plural(r['numbers'], 'number')}{ignored}, "
            f"changed {r['age_days']:g} days ago, sha256 {str(r['sha256'])[:12]}…"
        )
    return lines


def _verdict(report: Report) -> str:
    if report.rejected:
        first = report.file_errors[0] if report.file_errors else None
        what = f": {first.code} — {first.message}" if first else ""
        return f"Result: file rejected (exit 3){what}. Fix it and run again."
    mismatch = (  # the counts first: reading the warnings builds every kept finding
        [f for f in report.warnings if f.code == RegionMismatch.code]
        if report.counts[RegionMismatch.code]
        else []
    )
    warn = (
        f" — but region_mismatch: it looks like a list from {mismatch[0].value} "
        f"(--default-region {mismatch[0].value})"
        if mismatch
        else ""
    )
    if report.rows_invalid:
        tip = (
            ""
            if "errors" in report.outputs
            else " Write them to a sheet with --errors-output errors.xlsx, fix, and re-run."
        )
        return (
            f"Result: {plural(report.rows_invalid, 'row')} to fix (exit 1); "
            f"{plural(report.rows_valid, 'row')} ready to upload{warn}.{tip}"
        )
    if not report.rows_valid:
        return f"Result: nothing to upload: all {plural(report.rows_skipped, 'row')} skipped."
    if report.rows_valid == 1:
        return f"Result: the 1 row is ready to upload{warn}."
    return f"Result: all {report.rows_valid:,} rows ready to upload{warn}."
