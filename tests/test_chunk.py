"""Chunk boundaries (spec §7): parts ≤ the byte cap and row cap, header repeated,
bytes counted as UTF-8, a huge row alone, and no row ever lost or doubled."""

from __future__ import annotations

import csv
import io

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from leadprep.delivery import Chunk, Chunker, encode_rows

COLUMNS = ["phone_number", "notes"]
HEADER = b"phone_number,notes\n"


def frame(notes: list[str]) -> tuple[pa.Table, np.ndarray]:
    phones = [f"+9198{i:08d}" for i in range(len(notes))]
    rows = np.arange(2, 2 + len(notes), dtype=np.int64)
    return pa.table({"phone_number": phones, "notes": notes}), rows


def pack(
    notes: list[str], *, max_bytes: int, max_rows: int = 10_000
) -> tuple[list[Chunk], Chunker]:
    chunker = Chunker(COLUMNS, max_bytes=max_bytes, max_rows=max_rows)
    data, rows = frame(notes)
    chunks = [*chunker.add(data, rows), *chunker.finish()]
    return chunks, chunker


def parsed(chunk: Chunk) -> list[list[str]]:
    return list(csv.reader(io.StringIO(chunk.content.decode("utf-8"))))


def line_size(note: str) -> int:
    return len(f"+919800000000,{note}\n".encode())


def test_parts_exactly_at_the_cap_stay_whole() -> None:
    notes = ["x" * 50] * 4
    cap = len(HEADER) + 4 * line_size("x" * 50)
    chunks, _ = pack(notes, max_bytes=cap)
    assert [c.size for c in chunks] == [cap]
    assert len(chunks[0].content) == cap


def test_one_byte_over_the_cap_splits() -> None:
    notes = ["x" * 50] * 3 + ["x" * 51]
    cap = len(HEADER) + 4 * line_size("x" * 50)
    chunks, _ = pack(notes, max_bytes=cap)
    assert [c.n_rows for c in chunks] == [3, 1]
    assert all(c.size <= cap for c in chunks)


def test_multibyte_utf8_is_counted_in_bytes_not_characters() -> None:
    rupee = "₹" * 30  # 30 characters, 90 bytes
    cap = len(HEADER) + 2 * line_size(rupee)
    chunks, _ = pack([rupee, rupee, rupee], max_bytes=cap)
    assert [c.n_rows for c in chunks] == [2, 1]
    assert chunks[0].size == len(chunks[0].content) == cap


def test_every_part_repeats_the_header_and_parses_back() -> None:
    notes = [f'note {i}, with comma and "quotes"\nand a newline' for i in range(25)]
    chunks, _ = pack(notes, max_bytes=10_000_000, max_rows=10)
    assert [c.n_rows for c in chunks] == [10, 10, 5]
    back = []
    for c in chunks:
        rows = parsed(c)
        assert rows[0] == COLUMNS
        back += [r[1] for r in rows[1:]]
    assert back == notes


def test_a_huge_row_travels_alone_and_a_too_huge_row_is_set_aside() -> None:
    cap = 2_000
    notes = ["a", "b" * 1_960, "c", "d" * 5_000, "e"]  # b: 1,975 of 2,000 bytes with header
    chunks, chunker = pack(notes, max_bytes=cap)
    assert [[r[1][:1] for r in parsed(c)[1:]] for c in chunks] == [["a"], ["b"], ["c", "e"]]
    assert [row for row, _ in chunker.oversized] == [5]
    assert all(c.size <= cap for c in chunks)


def test_source_rows_and_phones_follow_their_lines() -> None:
    chunks, _ = pack(["x"] * 5, max_bytes=10_000, max_rows=2)
    assert [c.rows.tolist() for c in chunks] == [[2, 3], [4, 5], [6]]
    assert (chunks[1].first_row, chunks[1].last_row) == (4, 5)
    assert chunks[0].phones == ["+919800000000", "+919800000001"]


def test_without_drops_rows_from_the_same_bytes() -> None:
    chunks, _ = pack(["a", "b", "c"], max_bytes=10_000)
    rest = chunks[0].without({1})
    assert [r[1] for r in parsed(rest)[1:]] == ["a", "c"]
    assert rest.rows.tolist() == [2, 4]
    assert rest.content == HEADER + chunks[0].lines[0] + chunks[0].lines[2]


@given(
    sizes=st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=60),
    cap=st.integers(min_value=60, max_value=1_500),
    max_rows=st.integers(min_value=1, max_value=12),
    batch=st.integers(min_value=1, max_value=20),
)
def test_no_row_is_lost_or_doubled_and_caps_hold(
    sizes: list[int], cap: int, max_rows: int, batch: int
) -> None:
    notes = ["é" * (n // 2) + "x" * (n % 2) for n in sizes]
    chunker = Chunker(COLUMNS, max_bytes=cap, max_rows=max_rows)
    data, rows = frame(notes)
    chunks: list[Chunk] = []
    for start in range(0, len(notes), batch):  # rows arrive in reader batches
        part = slice(start, start + batch)
        chunks += chunker.add(data.slice(start, batch), rows[part])
    chunks += chunker.finish()
    sent = [int(r) for c in chunks for r in c.rows]
    aside = [r for r, _ in chunker.oversized]
    assert sorted(sent + aside) == rows.tolist()
    assert sent == sorted(sent)
    for c in chunks:
        assert c.size == len(c.content) <= cap
        assert 1 <= c.n_rows <= max_rows
        assert c.content.startswith(HEADER)
    for row, size in chunker.oversized:
        assert size > cap
        assert size == len(HEADER) + len(encode_rows([[f"+9198{row - 2:08d}", notes[row - 2]]])[0])


def test_a_bare_carriage_return_in_a_cell_is_quoted() -> None:
    """csv's minimal quoting with \\n line ends would leave it bare: a broken row."""
    chunks, _ = pack(["one\rtwo", "plain"], max_bytes=10_000)
    assert parsed(chunks[0])[1:] == [["+919800000000", "one\rtwo"], ["+919800000001", "plain"]]
    assert chunks[0].lines[1] == b"+919800000001,plain\n"  # other rows stay minimally quoted
