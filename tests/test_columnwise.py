"""Each column-wise shortcut gives exactly what the obvious per-row code gives.

The speed work (issue 5) replaced per-row Python with whole-column NumPy/pyarrow
steps; each is checked here against a plain reference over many inputs.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from xlsxkit import build_xlsx, far_cell_xlsx

import leadprep
from leadprep import FileRejected
from leadprep.check import TelephonyConfig
from leadprep.findings import Finding
from leadprep.normalise import e164_key, e164_text
from leadprep.normalise._dfa import PAD
from leadprep.normalise._fastpath import _byte_matrix, _compact_digits, plain
from leadprep.pipeline import _ReadAhead
from leadprep.read._sniff import scan_text
from leadprep.read._text import WHITESPACE
from leadprep.report import dumps

phone_texts = st.lists(st.text(alphabet="0123456789 +-().", min_size=1, max_size=31), max_size=40)


@given(phone_texts)
def test_digit_compaction_equals_filtering_each_text(texts: list[str]) -> None:
    import pyarrow as pa

    width = max((len(t) for t in texts), default=1)
    digits, lengths, _ = _compact_digits(_byte_matrix(pa.array(texts, pa.string()), width), 20)
    for text, row, length in zip(texts, digits, lengths, strict=True):
        only = [int(c) for c in text if c.isdigit()]
        assert length == len(only)
        assert row[: min(length, 20)].tolist() == only[:20]
        assert (row[min(length, 20) :] == PAD).all()


#: What the fast paths read, as the regular expression it was before (Python's).
_PLAIN = re.compile(r"\+?[0-9 ().-]{3,31}")
any_texts = st.lists(
    st.one_of(
        st.text(alphabet="0123456789 +-().", max_size=34),
        st.text(alphabet="0123456789 +-().ab,/\t#x\u0966\u00e9", max_size=34),
        st.text(max_size=12),
    ),
    max_size=40,
)


@given(any_texts)
def test_plain_shape_is_digits_and_phone_punctuation_with_a_leading_plus(
    texts: list[str],
) -> None:
    import pyarrow as pa

    shaped = plain(pa.array(texts, pa.string()))
    want = [i for i, text in enumerate(texts) if text.isascii() and _PLAIN.fullmatch(text)]
    assert shaped.at.tolist() == want
    for row, at in enumerate(shaped.at.tolist()):
        only = [int(c) for c in texts[at] if c.isdigit()]
        assert shaped.lengths[row] == len(only)
        width = shaped.digits.shape[1]  # (digits past it are not kept: never a number)
        assert shaped.digits[row, : len(only)].tolist() == only[:width]
        assert bool(shaped.plus[row]) is texts[at].startswith("+")


e164_numbers = st.builds(
    lambda cc, rest: f"+{cc}{rest}",
    st.sampled_from(["1", "44", "91", "971", "65", "7"]),
    st.text(alphabet="0123456789", min_size=4, max_size=12),
)
prefixes = st.lists(
    st.builds(lambda d: "+" + d, st.text(alphabet="0123456789", min_size=1, max_size=5)),
    max_size=4,
)


@given(st.lists(e164_numbers, min_size=1, max_size=30), prefixes)
def test_prefix_check_on_integer_keys_equals_startswith(
    numbers: list[str], allowed: list[str]
) -> None:
    config = TelephonyConfig.from_dict(
        {"network_groups": [{"country": "IN", "prefixes": allowed, "enabled": True}]}
    )
    keys = np.array([e164_key(n) for n in numbers], dtype=np.int64)
    codes = config.check_column(keys, np.array(["IN"] * len(numbers), dtype=object))
    for number, code in zip(numbers, codes, strict=True):
        ok = not allowed or number.startswith(tuple(allowed))
        assert code == ("" if ok else "unsupported_prefix"), (number, allowed)


@given(st.lists(e164_numbers, max_size=20))
def test_e164_keys_round_trip_to_text(numbers: list[str]) -> None:
    keys = np.array([e164_key(n) for n in numbers] + [0], dtype=np.int64)
    assert e164_text(keys).tolist() == [*numbers, ""]


def test_whitespace_constant_is_exactly_what_str_strip_removes() -> None:
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=20,
)


@given(json_values, st.integers(min_value=0, max_value=4))
def test_report_json_layout_round_trips_whatever_the_depth(value: object, depth: int) -> None:
    assert json.loads(dumps(value, depth=depth)) == value


def test_report_json_puts_one_finding_per_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("phone_number\n12\n34\n")
    text = leadprep.validate(path).to_json()
    finding_lines = [line for line in text.splitlines() if '"code": "invalid_phone_number"' in line]
    assert len(finding_lines) == 2
    assert all(json.loads(line.strip().rstrip(","))["row"] for line in finding_lines)


findings = st.builds(
    Finding,
    code=st.sampled_from(["invalid_phone_number", "unsupported_country", "empty_file"]),
    message=st.text(max_size=12),
    row=st.none() | st.integers(1, 10**9),
    column=st.none() | st.text(max_size=6),
    value=st.none() | st.text(max_size=250),
    hint=st.none() | st.text(max_size=12),
)


@given(findings)
def test_a_finding_written_as_a_json_line_is_what_the_encoder_writes(finding: Finding) -> None:
    compact = json.dumps(finding.to_dict(), ensure_ascii=False, separators=(", ", ": "))
    assert finding.to_json() == compact


@pytest.mark.parametrize("command_line", [False, True])
def test_report_json_of_findings_written_from_columns_is_the_reports_dict(
    tmp_path: Path, command_line: bool
) -> None:
    """Findings held column-wise are written to JSON without being made into objects:
    what is written is what :meth:`Report.to_dict` gives once they are made (hints
    naming options as the reader would give them)."""
    from leadprep._speech import speaking_to_the_command_line

    path = tmp_path / "mixed.csv"
    rows = [
        "+44 7400 123457",
        "12",
        "",
        "9847152630",
        "9847152630",
        "+1 212 555 0100",
        "x" * 250,
        "98471 52631 x12",  # a warning: its entries take their kind's hint
    ] * 3
    path.write_text("phone_number,name\n" + "".join(f"{r},x{'é' * 300}\n" for r in rows))
    report = leadprep.validate(path).details
    with speaking_to_the_command_line() if command_line else contextlib.nullcontext():
        text = report.to_json()
        assert report._held, "the findings were written without being made"
        assert json.loads(text) == report.to_dict()
    assert {f.code for f in report.errors} >= {"unsupported_country", "invalid_phone_number"}
    assert {f.code for f in report.warnings} >= {"phone_extension_dropped"}


@pytest.mark.parametrize(
    ("content", "blank"),
    [
        (b"a,b\n1,2\n", False),
        (b"a,b\n\n1,2\n", True),
        (b"a,b\r\n\r\n1,2\r\n", True),
        (b"a,b\r\n1,2\r\n", False),
        (b"a,b\r\r1,2\r", True),
        (b"a,b\n1,\r2\n", False),
    ],
)
def test_blank_line_scan_sees_every_line_ending(
    tmp_path: Path, content: bytes, blank: bool
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert scan_text(path).blank_lines is blank


@pytest.mark.parametrize(("blank_line", "at"), [(b"\n\r\n", 1), (b"\n\n", 1), (b"\n\n", 2)])
def test_blank_line_across_a_read_boundary_is_seen(
    tmp_path: Path, blank_line: bytes, at: int
) -> None:
    from leadprep.read import _sniff

    path = tmp_path / "f.csv"
    head = (b"a,b\n" + b"1,2\n" * (_sniff._CHUNK // 4))[: _sniff._CHUNK - at].rstrip(b"\n")
    path.write_bytes(head + blank_line + b"1,2\n")
    assert scan_text(path).blank_lines
    path.write_bytes(head + b"\n1,2\n")
    assert not scan_text(path).blank_lines


@pytest.mark.parametrize("at", range(1, 9))
def test_blank_line_at_any_offset_within_a_read_is_seen(tmp_path: Path, at: int) -> None:
    # the search reads byte pairs at even and at odd offsets: both must see it
    path = tmp_path / "f.csv"
    path.write_bytes(b"a,b\n" + b"x" * at + b"\n\n1,2\n" + b"3,4\n" * 10)
    assert scan_text(path).blank_lines
    path.write_bytes(b"a,b\n" + b"x" * at + b"\n1,2\n" + b"3,4\n" * 10)
    assert not scan_text(path).blank_lines


def _cut_at_read_boundary(tail: bytes) -> bytes:
    """ASCII up to the scan's first read, ``tail`` straddling its end, then ASCII."""
    from leadprep.read import _sniff

    head = b"phone_number\n" + b"9812345670\n" * (_sniff._CHUNK // 11)
    head = head[: _sniff._CHUNK - 1]
    return head + tail + b"\n9812345670\n" * 3


def test_a_utf8_character_cut_by_a_read_boundary_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(_cut_at_read_boundary("é".encode()))  # c3 | a9, then ASCII reads
    scan = scan_text(path)
    assert (scan.encoding, scan.invalid_bytes) == ("utf-8", 0)


def test_a_cut_character_that_never_completes_is_not_utf8(tmp_path: Path) -> None:
    # c3 ends the first read, a whole read of ASCII follows, then a9: c3 and a9
    # would pair up into "é" if the ASCII read were skipped with c3 pending
    from leadprep.read import _sniff

    ascii_read = (b"\n9812345670" * _sniff._CHUNK)[: _sniff._CHUNK]
    path = tmp_path / "f.csv"
    path.write_bytes(_cut_at_read_boundary(b"\xc3" + ascii_read + b"\xa9"))
    assert scan_text(path).encoding == "cp1252"


def _numbers(n: int, fail_at: int | None = None) -> Iterator[int]:
    for i in range(n):
        if i == fail_at:
            raise FileRejected("unreadable_file", "broken at batch 3")
        yield i


def test_read_ahead_yields_everything_in_order() -> None:
    assert list(_ReadAhead(_numbers(50))) == list(range(50))


def test_read_ahead_raises_a_reader_error_where_it_happened() -> None:
    reader = _ReadAhead(_numbers(10, fail_at=3))
    assert [next(reader), next(reader), next(reader)] == [0, 1, 2]
    with pytest.raises(FileRejected, match="batch 3"):
        next(reader)


def test_leaving_read_ahead_early_stops_its_thread() -> None:
    before = threading.active_count()
    reader = _ReadAhead(_numbers(1_000_000))
    assert next(reader) == 0
    reader.close()
    assert threading.active_count() == before


cell_values = st.one_of(
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20).map(float),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.none(),
    st.dates(),
)


@given(
    st.lists(cell_values, max_size=30)
    | st.lists(st.integers(min_value=-(10**17), max_value=10**17).map(float), max_size=10)
    | st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=10)  # a number column
    | st.lists(st.text(max_size=6), max_size=10)  # a text column
    | st.lists(st.text(max_size=6) | st.none(), max_size=10)  # with empty cells
    # a phone column: text, and numbers whole or not
    | st.lists(st.text(max_size=6) | st.integers(0, 10**16).map(float) | st.floats(), max_size=30)
)
@example(["a", "b", None])  # pyarrow takes None as a null: not text
@example(["a", "b", 9812345678.0])  # a number after the text
@example([9812345678.0, "a", 1e16])  # lossy, in the middle of text
def test_excel_column_conversion_equals_converting_each_cell(values: list[object]) -> None:
    from leadprep.read._cells import excel_column, excel_text

    column, lossy = excel_column(values)
    texts = column.to_pylist()
    one_by_one = [excel_text(v) for v in values]
    assert texts == [text for text, _ in one_by_one]
    assert lossy == [i for i, (_, lost) in enumerate(one_by_one) if lost]


def test_the_command_line_starts_without_importing_numpy_pyarrow_or_pandas() -> None:
    """`leadprep` must start in milliseconds, and an XLSX is parsed (on another core)
    while NumPy and pyarrow load: none of them is imported before the parse starts."""
    import subprocess
    import sys

    code = (
        "import sys, leadprep.cli, leadprep.read._calamine; "
        "print([m for m in ('numpy', 'pyarrow', 'pandas') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_are_functions_whatever_was_imported_first() -> None:
    import leadprep.delivery
    import leadprep.pipeline

    names = [f.__name__ for f in (leadprep.validate, leadprep.upload, leadprep.prepare)]
    assert names == ["validate", "upload", "prepare"]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_sheet_is_read_with_the_cycle_collector_left_as_it_was(
    tmp_path: Path, enabled: bool
) -> None:
    """The library never switches the collector (pausing it while rows were made paid
    nothing measurable once columns were converted whole: bench/run.py --xlsx)."""
    import gc

    from leadprep.read import open_table

    rows: list[list[object]] = [["phone_number", "name"]]
    rows += [[9876500000 + i, f"Lead {i}"] for i in range(3_000)]
    path = build_xlsx(tmp_path / "leads.xlsx", {"Leads": rows})
    switched: list[str] = []
    (gc.enable if enabled else gc.disable)()
    real = gc.disable, gc.enable
    gc.disable, gc.enable = (lambda: switched.append("off")), (lambda: switched.append("on"))
    try:
        with open_table(path, batch_rows=5_000) as table:
            batches = list(table.batches())
    finally:
        gc.disable, gc.enable = real
        gc.enable()
    assert switched == []
    assert sum(len(b.rows) for b in batches) == 3_000


def test_a_preloaded_workbook_is_the_one_validated(tmp_path: Path) -> None:
    from leadprep.read import _calamine

    path = tmp_path / "leads.xlsx"
    build_xlsx(path, {"Leads": [["phone_number", "name"], [9847152630, "A"], ["12", "B"]]})
    _calamine.preload(path, None)
    assert (path.resolve(), None) in _calamine._started
    report = leadprep.validate(path)
    assert not _calamine._started  # taken, not opened twice
    assert (report.rows_valid, report.rows_invalid) == (1, 1)


def test_a_preload_error_is_raised_where_the_file_is_opened(tmp_path: Path) -> None:
    from leadprep.read import _calamine

    path = tmp_path / "leads.xlsx"
    build_xlsx(path, {"Leads": [["phone_number"], ["9847152630"]]})
    _calamine.preload(path, "No such sheet")
    with pytest.raises(leadprep.UsageError, match="no sheet named"):
        leadprep.validate(path, sheet="No such sheet")


def test_a_preloaded_workbook_the_guard_refuses_is_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard runs before calamine is started (a far cell aborts calamine)."""
    from leadprep.read import _calamine

    path = far_cell_xlsx(tmp_path / "leads.xlsx")
    parsed: list[object] = []
    monkeypatch.setattr(_calamine, "open_sheet", lambda *args, **kwargs: parsed.append(args))
    _calamine.preload(path, None)
    report = leadprep.validate(path)
    assert parsed == []
    assert [f.code for f in report.file_errors] == ["unreadable_file"]
    assert "a stray cell far from the data" in report.file_errors[0].message


def test_preload_ignores_files_that_are_not_xlsx(tmp_path: Path) -> None:
    from leadprep.read import _calamine

    path = tmp_path / "leads.csv"
    path.write_text("phone_number\n9847152630\n")
    _calamine.preload(path, None)
    _calamine.preload(tmp_path / "missing.xlsx", None)
    assert not _calamine._started


@given(
    st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=30),
    st.integers(0, 5),
    st.booleans(),
)
def test_byte_lengths_and_first_bytes_read_from_the_offsets_are_the_texts(
    cells: list[str | None], start: int, large: bool
) -> None:
    import pyarrow as pa

    from leadprep._strings import byte_lengths, first_bytes

    arr = pa.array(cells, pa.large_string() if large else pa.string())[start:]  # (an offset)
    want = [(c or "").encode() for c in cells[start:]]
    assert byte_lengths(arr).tolist() == [len(b) for b in want]
    assert first_bytes(arr).tolist() == [b[0] if b else 0 for b in want]
    assert first_bytes(arr, 1).tolist() == [b[1] if len(b) > 1 else 0 for b in want]


@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="ab.é\u0966", max_size=5)), max_size=30),
    st.integers(0, 5),
)
def test_rows_holding_a_byte_are_the_texts_that_hold_it(
    cells: list[str | None], start: int
) -> None:
    import pyarrow as pa

    from leadprep._strings import rows_holding

    arr = pa.array(cells, pa.string())[start:]
    want = [i for i, c in enumerate(cells[start:]) if c is not None and "." in c]
    assert rows_holding(arr, ord(".")).tolist() == want


def test_byte_lengths_of_a_column_of_nulls_are_zero() -> None:
    import pyarrow as pa

    from leadprep._strings import byte_lengths, first_bytes

    nulls = pa.nulls(3)  # (typed null, as a column with no value at all may come)
    assert byte_lengths(nulls).tolist() == [0, 0, 0]
    assert first_bytes(pa.chunked_array([nulls])).tolist() == [0, 0, 0]


def test_reading_ahead_starts_at_once_and_closing_before_a_batch_stops_it() -> None:
    started = threading.Event()

    def batches() -> Iterator[int]:
        started.set()
        yield from range(1_000_000)

    before = threading.active_count()
    reader = _ReadAhead(batches())
    assert started.wait(5)  # reading began before anything was asked of it
    reader.close()  # never iterated: the thread still ends
    assert threading.active_count() == before
    with pytest.raises(StopIteration):
        next(reader)


@given(st.text(max_size=20))
def test_xml_escaping_is_the_standard_library_s(text: str) -> None:
    from xml.sax.saxutils import escape as standard

    from leadprep.write._xlsx import escape

    assert escape(text) == standard(text)


@given(st.lists(st.one_of(st.none(), st.text(alphabet="0+9 a", max_size=4)), max_size=40))
def test_the_region_watch_counts_cells_written_without_a_country_code(
    cells: list[str | None],
) -> None:
    import pyarrow as pa

    from leadprep.check._region import RegionWatch

    count, tally, _ = RegionWatch("IN").scan(pa.array(cells, pa.string()))
    national = [c for c in cells if c and not c.startswith(("+", "00"))]
    assert count == len(national)
    assert (tally.to_pylist() if tally is not None else []) == [
        {"values": v, "counts": national.count(v)} for v in dict.fromkeys(national)
    ]


@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="0123 a-(\u0966", max_size=8)), max_size=30),
    st.integers(0, 5),
)
def test_digit_runs_counted_in_the_buffer_are_those_a_regex_finds(
    cells: list[str | None], start: int
) -> None:
    import pyarrow as pa

    from leadprep._strings import digit_runs

    arr = pa.array(cells, pa.string())[start:]  # (an offset: runs never cross cells)
    want = [len(re.findall("[0-9]+", c or "")) for c in cells[start:]]
    assert digit_runs(arr).tolist() == want


#: Cells of two numbers with something between them (``98765 43213 or 9812345678``):
#: a joiner, a word that only looks like one, or a letter.
joined_cells = st.builds(
    lambda a, joiner, b: a + joiner + b,
    st.text(alphabet="0123456789 ().-", max_size=12),
    st.sampled_from(["/", ",", ";", "|", "&", " or ", "or", " and ", "and", "xor", " orx ",
                     "nor", " andy ", "-", " ", "\u00a0", "x", "o"]),
    st.text(alphabet="0123456789 +", max_size=4),
)  # fmt: skip


@given(joined_cells)
def test_a_cell_the_two_numbers_search_skips_has_no_two_numbers(text: str) -> None:
    from leadprep.check.rules.phone_number import _TWO_NUMBERS, _may_join

    assert _may_join(text) or not _TWO_NUMBERS.search(text)


invalid_cells = st.tuples(
    st.text(alphabet="0123456789 +-()/or'\\\u00e9", max_size=30),
    st.sampled_from(["no such area code or mobile prefix for IN (+91)", "not a phone number"]),
    st.sampled_from(["", "IN", "US", "GB"]),
)


@given(st.lists(invalid_cells, max_size=25))
def test_invalid_number_messages_of_many_rows_are_each_rows_own(
    rows: list[tuple[str, str, str]],
) -> None:
    """The column-wise messages (digit runs counted for the whole column, advice by
    row) are what each row alone gets."""
    from types import SimpleNamespace

    from leadprep.check.rules.phone_number import InvalidPhoneNumber
    from leadprep.findings import Cell, Cells

    context = SimpleNamespace(region="IN")
    texts, reasons, regions = ([row[i] for row in rows] for i in range(3))
    cells = Cells(texts, reasons, [""] * len(rows), regions)
    alone = [Cell(text, reason, "", region) for text, reason, region in rows]
    assert InvalidPhoneNumber.describe_all(cells, context) == [
        InvalidPhoneNumber.describe(cell, context) for cell in alone
    ]
    assert InvalidPhoneNumber.advise_all(cells, context) == [
        InvalidPhoneNumber.advise(cell, context) for cell in alone
    ]


@given(
    st.lists(
        st.tuples(
            st.text(alphabet="0155 +-()/,orand\u00a0\u2003x\u0665", max_size=24),
            st.sampled_from(["IN", "US", "GB", "JM"]),
        ),
        max_size=25,
    )
)
@example(
    [
        ("+91 98765 43210 / 98123 45678", "IN"),  # two numbers, a country code given
        ("201 555 0123 or 201 555 0199", "US"),  # two numbers, a North American list
        ("(201) 555-0123", "IN"),  # reserved for fiction
        ("(201) 234-5678", "IN"),  # written like a North American number
        ("9876543210/9812345678", "IN"),  # two numbers, two groups
        ("98765 43210", "IN"),  # two groups: nothing to say
        ("\u00a0+44 20 7946", "IN"),  # a code after a space
    ]
)
def test_what_invalid_numbers_look_like_is_asked_of_every_row_that_could_say_something(
    rows: list[tuple[str, str]],
) -> None:
    """The column-wise prefilters (digit groups, joiners, country codes, 5s) skip only
    rows whose answer is empty: each row asked alone gets the same words."""
    import pyarrow as pa

    from leadprep.check.rules.phone_number import (
        _internationals,
        _looks_all,
        _what_it_looks_like,
    )

    texts, regions = [t for t, _ in rows], [r for _, r in rows]
    arrow = pa.array(texts, pa.string())
    international = _internationals(arrow)
    assert international.tolist() == [t.lstrip().startswith(("+", "00")) for t in texts]
    alone = [
        _what_it_looks_like(t, r, len(re.findall("[0-9]+", t)))
        for t, r in zip(texts, regions, strict=True)
    ]
    assert _looks_all(texts, arrow, regions, international) == alone


def test_invalid_number_messages_say_how_each_row_was_read() -> None:
    from types import SimpleNamespace

    from leadprep.check.rules.phone_number import InvalidPhoneNumber
    from leadprep.findings import Cells

    context = SimpleNamespace(region="IN")
    texts = ["+44 20", "98765", "98765 43213 / 98123 45678", "(555) 010-0123", "it's 1"]
    regions = ["", "", "", "", "GB"]
    reasons = ["r"] * 5
    messages = InvalidPhoneNumber.describe_all(Cells(texts, reasons, [""] * 5, regions), context)
    assert messages == [
        "'+44 20' is not a valid phone number: r",
        "'98765' is not a valid phone number (read with default region IN): r",
        "'98765 43213 / 98123 45678' is not a valid phone number (read with default region IN): "
        "r — it looks like two numbers in one cell: keep one per row",
        "'(555) 010-0123' is not a valid phone number (read with default region IN): r — it is "
        "written like a North American number, and 555 numbers there are reserved for "
        "fiction: it calls no one",
        '"it\'s 1" is not a valid phone number (read as a GB number, as its row says): r',
    ]


@given(st.lists(st.text(alphabet="=@\t\r+-1 ()a", max_size=6), max_size=20))
def test_errors_cells_made_inert_column_wise_are_each_cells_own(cells: list[str]) -> None:
    import pyarrow as pa

    from leadprep.write import neutralise
    from leadprep.write._files import _inert

    assert _inert(pa.array(cells, pa.string())).to_pylist() == [neutralise(c) for c in cells]


@given(
    st.lists(st.text(max_size=6), min_size=1, max_size=12),
    st.sampled_from(["{a!r} and {b}", "{a}{b}", "x {{a}} {b!r}", "{b}", "{a:>3}|{b}", "{a!s}"]),
)
def test_a_template_filled_column_wise_is_each_rows_own(texts: list[str], template: str) -> None:
    from leadprep.findings import _fill_all

    fields: dict[str, str | Sequence[str]] = {"a": texts, "b": "same"}
    want = [template.format(a=t, b="same") for t in texts]
    assert _fill_all(template, len(texts), fields) == want


def test_messages_written_ahead_on_the_workers_are_those_written_when_asked(
    tmp_path: Path,
) -> None:
    """With an errors file the messages of rows the order-free rules left out are
    written while the batch is checked; without one, when the report asks. Same
    words either way — duplicates (left out in file order) and all."""
    path = tmp_path / "mixed.csv"
    rows = ["+44 7400 123457", "12", "", "9847152630", "9847152630", "98471 52630 / 98123 45678"]
    path.write_text("phone_number,name\n" + "".join(f"{r},x\n" for r in rows * 40))
    ahead = leadprep.validate(path, errors_output=tmp_path / "errors.csv").details
    asked = leadprep.validate(path).details
    assert [f.message for f in ahead.errors] == [f.message for f in asked.errors]
    assert {f.code for f in ahead.errors} >= {"duplicate_phone_number", "invalid_phone_number"}
    with (tmp_path / "errors.csv").open(encoding="utf-8-sig") as fh:
        written = {int(r["source_row"]): r["error_message"] for r in csv.DictReader(fh)}
    assert written == {f.row: f.message for f in asked.errors}


@given(
    st.lists(
        st.tuples(
            st.integers(1, 10**9),
            st.text(alphabet="ab&<>\"' \x01\x0b\ufffe\u00e9\U0001f600", max_size=8),
            st.sampled_from(["", "9847152630", "=1+2", "a&b<c>"]),
        ),
        max_size=12,
    ),
    st.integers(0, 3),
)
def test_errors_sheet_rows_written_column_wise_are_the_rows_written_one_by_one(
    rows: list[tuple[int, str, str]], plain_first: int
) -> None:
    """Numbers, text to escape, characters XML cannot hold, empty cells with a style
    and without: the same sheet XML either way."""
    import tempfile
    import zipfile

    import pyarrow as pa

    from leadprep.write._xlsx import MARKED, PLAIN, SheetWriter

    styles = [PLAIN, PLAIN if plain_first else MARKED, MARKED]
    sheets = []
    with tempfile.TemporaryDirectory() as folder:
        for i, column_wise in enumerate((False, True)):
            path = Path(folder) / f"{i}.xlsx"
            sheet = SheetWriter(path)
            sheet.append(["source_row", "text", "phone"])
            if column_wise:
                numbers = np.array([r[0] for r in rows], dtype=np.int64)
                texts = [pa.array([r[k] for r in rows], pa.string()) for k in (1, 2)]
                sheet.append_columns([numbers, *texts], styles)
            else:
                for row in rows:
                    sheet.append(list(row), styles)
            sheet.close()
            sheets.append(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"))
    assert sheets[0] == sheets[1]


def test_an_errors_sheet_cell_past_excels_length_is_cut_the_same_way_column_wise(
    tmp_path: Path,
) -> None:
    import zipfile

    import pyarrow as pa

    from leadprep.write._xlsx import MAX_CELL_CHARS, PLAIN, SheetWriter

    long = "é" * (MAX_CELL_CHARS + 5)
    sheets = []
    for i, column_wise in enumerate((False, True)):
        sheet = SheetWriter(tmp_path / f"{i}.xlsx")
        if column_wise:
            sheet.append_columns([pa.array([long, "x"])], [PLAIN])
        else:
            sheet.append([long], [PLAIN])
            sheet.append(["x"], [PLAIN])
        sheet.close()
        sheets.append(zipfile.ZipFile(tmp_path / f"{i}.xlsx").read("xl/worksheets/sheet1.xml"))
    assert sheets[0] == sheets[1]
    assert "…".encode() in sheets[1]


def test_a_template_with_text_pyarrow_cannot_hold_is_filled_row_by_row() -> None:
    """A lone surrogate is no UTF-8 (pyarrow refuses it), nor is a number text: the
    rows are filled one by one, as ``str.format`` fills them, not refused."""
    from leadprep.findings import _fill_all

    assert _fill_all("{a!r}-{b}", 2, {"a": ["\udcff", "x"], "b": "y"}) == ["'\\udcff'-y", "'x'-y"]
    numbers: Any = [1, 2]  # (not text, on purpose)
    assert _fill_all("{a}{b}", 2, {"a": numbers, "b": "!"}) == ["1!", "2!"]
