"""Normalise stage, columns: header names → API variable names, and the column plan.

``" Customer Name "`` becomes ``customer_name``: invisible characters
and BOMs stripped, trimmed, lowercased, every run of spaces, hyphens and
punctuation turned into one ``_``. The plan says which source columns go out
(``--columns``, ``--drop-columns``, ``--only-prompt-columns``), under which
names, and which column is ``phone_number`` — named (by header or letter, with
fallbacks), or inferred from the header names and the cells (:mod:`._infer`).
It refuses files whose *kept* columns cannot be uploaded (missing phone column,
duplicates, too many), and its refusal names the one option that fixes them all.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import UsageError
from ..dialnexa import MAX_CUSTOM_COLUMNS
from ..dialnexa import PHONE_COLUMN as PHONE
from ..findings import (
    REPORT_COLUMNS,
    DuplicateColumn,
    Finding,
    HeaderRenamed,
    MissingPhoneNumberColumn,
    PhoneColumnInferred,
    ReportColumnsDropped,
    TooManyCustomColumns,
)
from ..read import column_letter
from ._infer import Candidate, candidates, choose, is_phone_name, mentions_phone

_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u200e\u200f\u2060\u00ad]")
_SEPARATORS = re.compile(r"[\W_]+")
_LETTERS = re.compile(r"[A-Za-z]{1,3}")


def normalise_header(name: str) -> str:
    """The variable name for header ``name`` (``""`` if nothing is left)."""
    cleaned = _INVISIBLE.sub("", name).strip().lower()
    return _SEPARATORS.sub("_", cleaned).strip("_")


def _clean_only(name: str) -> str:
    """What ``--keep-headers`` still does: drop invisible characters and outer spaces."""
    return _INVISIBLE.sub("", name).strip()


@dataclass
class ColumnPlan:
    """Which source columns go out, under which names, and where the phone comes from."""

    #: kept source column position -> output name, in output order
    names: dict[int, str]
    #: every source column position (kept or not) -> header as written in the file
    original: dict[int, str]
    #: the phone column, then its fallbacks (``--phone-column Mobile,Phone``)
    phone_positions: list[int]
    findings: list[Finding] = field(default_factory=list)
    #: position of ``source_row`` when the input is a fixed leadprep errors file
    origin_position: int | None = None
    #: other columns whose names say phone, not used (a blank phone may be there)
    alternates: list[int] = field(default_factory=list)
    #: the column naming each row's country (``--region-column``)
    region_position: int | None = None
    #: the column saying each lead agreed to be called (``--consent-column``)
    consent_position: int | None = None

    @property
    def phone_position(self) -> int:
        return self.phone_positions[0]

    @property
    def columns(self) -> list[str]:
        return list(self.names.values())

    def describe(self, position: int) -> str:
        """``F 'Mobile'``: how messages name a source column."""
        return f"{column_letter(position)} {self.original[position]!r}"

    def with_fallback(self, position: int) -> str:
        """The ``--phone-column`` value that adds ``position`` as the last fallback."""
        return _spec([*self.phone_positions, position], self.original)


@dataclass
class ColumnChoice:
    """What the user asked of the columns (``--phone-column``, ``--columns``, …)."""

    phone: list[str] | None = None
    keep: list[str] | None = None
    drop: list[str] | None = None
    #: ``--only-prompt-columns``: keep these variables' columns (and the phone)
    prompt_only: list[str] | None = None
    #: the prompt's variables, for the hint of ``too_many_custom_columns``
    prompt_variables: list[str] | None = None
    #: ``--region-column``: the column naming each row's country
    region: str | None = None
    #: the default region (numbers in a column judged by its content are read in it)
    default_region: str = "IN"
    #: ``--consent-column``: the column saying each lead agreed to be called
    consent: str | None = None


def split_spec(spec: str | Sequence[str] | None) -> list[str] | None:
    """``"A, Mobile,Phone"`` (or a list) → ``["A", "Mobile", "Phone"]``."""
    if spec is None:
        return None
    items = spec.split(",") if isinstance(spec, str) else [str(item) for item in spec]
    cleaned = [item.strip() for item in items if item.strip()]
    return cleaned or None


def plan_columns(
    header: Sequence[str],
    *,
    header_row: int = 1,
    keep_headers: bool = False,
    phone_column: str | Sequence[str] | None = None,
    choice: ColumnChoice | None = None,
    sample: Mapping[int, Any] | None = None,
) -> ColumnPlan:
    """Map ``header`` to output names; raise :class:`FileRejected` if it cannot upload.

    ``sample`` (position → the first rows' cells, a pyarrow string column; empty when
    the file has no data rows) lets the phone column be inferred from content and
    suggestions skip empty columns. It is looked at only when needed, so a lazy
    mapping costs nothing on a file with a ``phone_number`` column.
    ``choice`` holds the column options."""
    choice = choice or ColumnChoice()
    if phone_column is not None:
        choice = dataclasses.replace(choice, phone=split_spec(phone_column))
    rename = _clean_only if keep_headers else normalise_header
    report = _report_columns(header)
    original = {
        pos: raw
        for pos, raw in enumerate(header)
        if raw.strip() and pos not in report.values()  # blank: the reader saw no data there
    }
    default = {
        pos: rename(raw) or f"column_{column_letter(pos).lower()}" for pos, raw in original.items()
    }
    findings: list[Finding] = []
    phones = _find_phone(default, original, choice.phone, sample, findings, choice.default_region)
    kept, renamed = _kept(default, original, phones, choice)
    names = {pos: renamed.get(pos, default[pos]) for pos in kept}
    names[phones[0]] = PHONE
    _check_kept(names, original, phones, choice, default, lambda: _empty_columns(original, sample))
    findings.extend(
        HeaderRenamed.finding(
            row=header_row,
            column=name,
            value=original[pos],
            letter=column_letter(pos),
            original=original[pos],
            name=name,
        )
        for pos, name in names.items()
        if name != original[pos] and pos not in renamed
    )
    if report:
        listed = ", ".join(f"{column_letter(p)} {name!r}" for name, p in report.items())
        findings.insert(0, ReportColumnsDropped.finding(columns=listed))
    return ColumnPlan(
        names=names,
        original=original,
        phone_positions=phones,
        findings=findings,
        origin_position=report.get(REPORT_COLUMNS[0]),
        alternates=[
            pos for pos, name in default.items() if pos not in phones and is_phone_name(name)
        ],
        region_position=_named(choice.region, original, "--region-column"),
        consent_position=_named(choice.consent, original, "--consent-column"),
    )


def _named(spec: str | None, original: Mapping[int, str], flag: str) -> int | None:
    """The one column ``spec`` names (a header or a letter), for ``flag``."""
    if spec is None:
        return None
    return _one(spec, resolve(spec, original, flag=flag), flag=flag)


def _empty_columns(original: Mapping[int, str], sample: Mapping[int, Any] | None) -> set[int]:
    """Columns with a header but not one filled cell in the first rows (exports carry
    dozens: ``Yomi Name``, ``Pager``…) — the ones a suggested ``--columns`` leaves out."""
    if not sample:  # no sample, or no data rows
        return set()
    import pyarrow.compute as pc

    return {pos for pos in original if not pc.any(pc.not_equal(sample[pos], "")).as_py()}


def _report_columns(header: Sequence[str]) -> dict[str, int]:
    """Report column → position, when the input is a leadprep errors file given back
    (all four columns there, by name); else empty."""
    found = {cell.strip(): pos for pos, cell in enumerate(header) if cell.strip() in REPORT_COLUMNS}
    return found if len(found) == len(REPORT_COLUMNS) else {}


def resolve(spec: str, original: Mapping[int, str], *, flag: str) -> list[int]:
    """The columns ``spec`` names: by header as written, else normalised, else as an
    Excel letter (``F``, ``AB``). Several columns can share a header."""
    found = _matching(spec, original, flag=flag)
    if not found:
        raise _names_no_column(spec, original, flag=flag)
    return found


def _matching(spec: str, original: Mapping[int, str], *, flag: str) -> list[int]:
    """:func:`resolve`, but an empty list when ``spec`` names no column."""
    wanted = _clean_only(spec)
    if not wanted:
        raise UsageError(f"{flag} has an empty column name", hint="write SOURCE=name")
    found = [pos for pos, raw in original.items() if _clean_only(raw) == wanted]
    if not found and normalise_header(spec):
        found = [
            pos for pos, raw in original.items() if normalise_header(raw) == normalise_header(spec)
        ]
    if not found and _LETTERS.fullmatch(wanted):
        index = _letter_index(wanted)
        found = [index] if index in original else []
    return found


def _names_no_column(spec: str, original: Mapping[int, str], *, flag: str) -> UsageError:
    return UsageError(
        f"{flag} {spec!r} names no column", hint="the columns are: " + _listing(original)
    )


def _one(spec: str, found: list[int], *, flag: str) -> int:
    """The one column of ``found`` (what ``spec`` resolved to); several is a usage error."""
    if len(found) > 1:
        where = ", ".join(column_letter(p) for p in found)
        raise UsageError(
            f"{flag} {spec!r} names {len(found)} columns ({where})",
            hint=f"name one by its letter: {flag} {column_letter(found[0])}",
        )
    return found[0]


def _letter_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _listing(original: Mapping[int, str], limit: int = 40) -> str:
    items = [f"{column_letter(p)} {raw!r}" for p, raw in original.items()]
    more = f", … ({len(items) - limit} more)" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def _find_phone(
    names: dict[int, str],
    original: dict[int, str],
    wanted: list[str] | None,
    sample: Mapping[int, Any] | None,
    findings: list[Finding],
    region: str = "IN",
) -> list[int]:
    """The phone column and its fallbacks: named, or called phone_number, or inferred."""
    if wanted:
        return _named_phone(wanted, original)
    called = [pos for pos, name in names.items() if name == PHONE]
    if len(called) == 1:
        return called
    if sample is not None and not sample:
        sample = None  # no data rows: the names alone decide
    found = candidates(names, original, sample, region)
    if called:  # several columns called phone_number: the first that holds numbers
        # (a HubSpot contact's own phone comes before its company's)
        found = sorted((c for c in found if c.position in called), key=lambda c: c.position)
    pick = choose(found, have_sample=sample is not None, leftmost=bool(called))
    if pick is None and called:
        return [called[0]]
    if pick is None:
        raise _no_phone_column(found, original)
    findings.append(_inferred(pick, found, original, have_sample=sample is not None))
    return [pick.position]


def _named_phone(wanted: list[str], original: dict[int, str]) -> list[int]:
    """The columns ``--phone-column`` names, in order (each must name exactly one)."""
    flag = "--phone-column"
    positions = []
    for spec in wanted:
        matches = _matching(spec, original, flag=flag)
        if not matches and len(wanted) == 1:
            # the file lacks the one column the job names: the file is wrong, not the job
            missing = _names_no_column(spec, original, flag=flag)
            raise MissingPhoneNumberColumn.reject(missing.message, hint=missing.hint)
        if not matches:
            raise _names_no_column(spec, original, flag=flag)
        positions.append(_one(spec, matches, flag=flag))
    return list(dict.fromkeys(positions))


def _no_phone_column(found: list[Candidate], original: dict[int, str]) -> Exception:
    best = ", ".join(
        f"{column_letter(c.position)} {c.header!r} ({_judgement(c)})" for c in found[:5]
    )
    hint = (
        f"the best candidates are {best}; pass --phone-column with the right one"
        if found
        else "rename the phone column to phone_number, or pass --phone-column NAME"
    )
    return MissingPhoneNumberColumn.reject(
        "no phone_number column, and no column holds phone numbers (columns: "
        + _listing(original)
        + ")",
        hint=hint,
    )


def _judgement(c: Candidate) -> str:
    """``95 of 100 cells are valid numbers``, or what the cells are instead."""
    if c.instead is not None:
        return f"{c.instead}, not phone numbers"
    if c.judged:
        return f"{c.valid:,} of {c.judged:,} cells are valid numbers"
    if not c.filled:
        return "no cell has a value"
    return f"{c.shaped:,} of {c.filled:,} cells are numbers"


def _inferred(
    pick: Candidate, found: list[Candidate], original: dict[int, str], *, have_sample: bool
) -> Finding:
    """``phone_column_inferred``: the column chosen, how, and the others that hold numbers."""
    others = [c for c in found if c is not pick and c.shaped and c.named]
    also = (
        "; "
        + ", ".join(f"{column_letter(c.position)} {c.header!r}" for c in others[:3])
        + (" also holds" if len(others) == 1 else " also hold")
        + " numbers"
        if others
        else ""
    )
    if not have_sample:
        how = "by its name"
    elif pick.named:
        how = (
            f"{pick.shaped:,} of {pick.filled:,} filled cells in the first rows look like phone "
            "numbers"
            if pick.filled
            else "by its name (its first rows are blank)"
        )
    else:
        how = f"{pick.valid:,} of {pick.judged:,} filled cells in the first rows are valid numbers"
    fallback = (
        f" (--phone-column {_spec([pick.position, others[0].position], original)} uses "
        f"{column_letter(others[0].position)} where {column_letter(pick.position)} is blank)"
        if others
        else ""
    )
    return PhoneColumnInferred.finding(
        column=PHONE,
        value=pick.header,
        letter=column_letter(pick.position),
        header=pick.header,
        how=how,
        also=also,
        fallback=fallback,
    )


def _kept(
    names: dict[int, str],
    original: dict[int, str],
    phones: list[int],
    choice: ColumnChoice,
) -> tuple[list[int], dict[int, str]]:
    """The columns that go out, in order, and the ones renamed by ``SOURCE=name``."""
    renamed: dict[int, str] = {}
    if choice.keep:
        kept = _kept_by_spec(choice.keep, original, renamed)
        if phones[0] not in kept:
            kept.insert(0, phones[0])
    elif choice.prompt_only is not None:
        kept = [phones[0]]
        for var in choice.prompt_only:
            pos = _prompt_column(var, names, original)
            if pos is not None and pos not in kept:
                kept.append(pos)
    else:
        kept = list(names)
    if choice.drop:
        dropped = {
            p for spec in choice.drop for p in resolve(spec, original, flag="--drop-columns")
        }
        if phones[0] in dropped:
            raise UsageError(
                f"--drop-columns names the phone column {column_letter(phones[0])} "
                f"{original[phones[0]]!r}",
                hint="the phone column is always kept; choose it with --phone-column",
            )
        kept = [p for p in kept if p not in dropped]
    fallbacks = set(phones[1:])  # their numbers go into phone_number
    return [p for p in kept if p not in fallbacks], renamed


def _kept_by_spec(specs: list[str], original: dict[int, str], renamed: dict[int, str]) -> list[int]:
    """The columns ``--columns`` names, in its order; ``SOURCE=name`` renames go in
    ``renamed``."""
    kept: list[int] = []
    for spec in specs:
        source, eq, target = spec.partition("=")
        found = resolve(source if eq else spec, original, flag="--columns")
        if eq:
            _one(source, found, flag="--columns")  # a rename names one column
            if not target.strip():
                raise UsageError(f"--columns {spec!r} renames to nothing", hint="write SOURCE=name")
            renamed[found[0]] = target.strip()
        twice = [p for p in found if p in kept]
        if twice:
            raise UsageError(
                f"--columns names column {column_letter(twice[0])} {original[twice[0]]!r} twice",
                hint="name each column once",
            )
        kept.extend(found)
    return kept


def _prompt_column(var: str, names: Mapping[int, str], original: Mapping[int, str]) -> int | None:
    """The column that provides the prompt's ``{{var}}``: by output name, else by name
    once both are normalised."""
    for pos, name in names.items():
        if name == var:
            return pos
    for pos, raw in original.items():
        if normalise_header(raw) == normalise_header(var):
            return pos
    return None


def _check_kept(
    names: dict[int, str],
    original: dict[int, str],
    phones: list[int],
    choice: ColumnChoice,
    default: dict[int, str],
    empty: Callable[[], set[int]],
) -> None:
    """Refuse kept columns that cannot upload; the hint is one option that fixes all."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for pos, name in names.items():
        by_name[name].append(pos)
    clashes = {n: ps for n, ps in by_name.items() if len(ps) > 1}
    custom = [p for p in names if p != phones[0]]
    if len(custom) > MAX_CUSTOM_COLUMNS:
        hint, fix = _too_many_hint(names, original, phones, choice, default, empty())
        listed = ", ".join(names[p] for p in custom[:8]) + (", …" if len(custom) > 8 else "")
        raise TooManyCustomColumns.reject(
            f"{len(custom)} columns besides the phone column "
            f"{column_letter(phones[0])} {original[phones[0]]!r}; DialNexa accepts at most "
            f"{MAX_CUSTOM_COLUMNS} ({listed})",
            hint=hint,
            fix=fix,
        )
    if clashes:
        name, positions = next(iter(clashes.items()))
        described = ", ".join(f"{column_letter(p)} ({original[p]!r})" for p in positions)
        more = f" (and {len(clashes) - 1} more names)" if len(clashes) > 1 else ""
        repeats = sorted(
            p
            for ps in clashes.values()
            for p in (ps if phones[0] in ps else ps[1:])
            if p != phones[0]
        )
        drop = _spec(repeats, original)
        raise DuplicateColumn.reject(
            f"columns {described} all become {name!r}{more}",
            hint=f"keep one of each: --drop-columns {drop} (or rename a column in the file)",
            fix={"drop-columns": suggested_columns(repeats, original)},
        )


def _too_many_hint(
    names: dict[int, str],
    original: dict[int, str],
    phones: list[int],
    choice: ColumnChoice,
    default: dict[int, str],
    empty: set[int],
) -> tuple[str, dict[str, Any]]:
    """One option that brings the kept columns to at most 15, every name distinct
    (as a hint, and as the option :func:`leadprep init` writes)."""
    variables = choice.prompt_variables or []
    if variables and choice.prompt_only is None:
        used = [v for v in variables if _prompt_column(v, default, original) is not None]
        if 0 < len(used) <= MAX_CUSTOM_COLUMNS:
            return (
                f"the prompt uses {', '.join(used)}: pass --only-prompt-columns to keep "
                "exactly those (and the phone column), or choose with --columns"
            ), {"only-prompt-columns": True}
    seen = {PHONE}
    keep = []
    for pos in names:
        if pos == phones[0] or names[pos] in seen or pos in empty or mentions_phone(names[pos]):
            continue  # (other phones and their labels are no use to the agent)
        seen.add(names[pos])
        keep.append(pos)
        if len(keep) == MAX_CUSTOM_COLUMNS:
            break
    with_data = " with data" if empty else ""
    return (
        f"keep at most {MAX_CUSTOM_COLUMNS} besides the phone: --columns {_spec(keep, original)} "
        f"(the first {len(keep)}{with_data}: edit the list to the ones the agent uses; "
        "--drop-columns removes columns instead, and with --prompt, --only-prompt-columns "
        "keeps what the prompt uses)"
    ), {"columns": suggested_columns(keep, original)}


def suggested_columns(positions: Sequence[int], original: Mapping[int, str]) -> list[str]:
    """Columns as items of a column option (the header, or the letter when ambiguous)."""
    return [_item(p, original) for p in positions]


def _item(pos: int, original: Mapping[int, str]) -> str:
    raw = _clean_only(original[pos])
    unique = sum(1 for other in original.values() if _clean_only(other) == raw) == 1
    plain = unique and not re.search(r"[,='\"]", raw)
    return raw if plain else column_letter(pos)


def _spec(positions: Sequence[int], original: Mapping[int, str]) -> str:
    """Columns as one shell word for ``--columns`` / ``--drop-columns``."""
    return shlex.quote(",".join(suggested_columns(positions, original)))
