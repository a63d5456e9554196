"""The row-local stage as a pure function of Arrow batches, duplicates as a key-based
second step (leadprep/batch.py), and ``leadprep.dask.validate`` on a local Dask
cluster: exactly ``leadprep.validate``'s codes and messages for the same rows."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from leadgen import mobile
from regionlists import us_list

import leadprep
from leadprep.batch import RegionCheck, check_batch, mark_duplicates

SIP = {"sip": True, "network_groups": []}


def _leads(n: int, seed: int = 3) -> pd.DataFrame:
    """Mobiles, repeats far apart, junk, a US number, a placeholder, blanks; as text."""
    rng = random.Random(seed)  # noqa: S311 - deterministic test data
    phones: list[str] = []
    for i in range(n):
        pick = rng.random()
        if pick < 0.12 and i > 10:
            phones.append(phones[rng.randrange(i)])  # a repeat of any earlier row
        elif pick < 0.16:
            phones.append(rng.choice(["98765", "N/A", "+1 212 736 4123", "9876543210", ""]))
        else:
            phones.append(f"+91 {mobile(i)}" if pick < 0.5 else mobile(i))
    return pd.DataFrame(
        {"name": [f"Lead {i}" for i in range(n)], "phone_number": phones, "city": "Pune"}
    )


def _expected(frame: pd.DataFrame, **keywords: Any) -> dict[int, tuple[str, str]]:
    """Row → (code, message) as ``leadprep.validate`` reports it (rows left out only)."""
    report = leadprep.validate(frame, **keywords).details
    found = [*report.errors, *report.skipped]
    return {f.row: (f.code, f.message) for f in found if f.row is not None and f.row > 1}


def _got(results: pd.DataFrame) -> dict[int, tuple[str, str]]:
    left_out = results[(results["code"] != "") & (results["code"] != "blank")]
    return {
        int(row): (str(code), str(message))
        for row, code, message in zip(
            left_out["row"], left_out["code"], left_out["message"], strict=True
        )
    }


def test_batches_in_any_split_then_duplicates_by_key_give_validates_answers() -> None:
    frame = _leads(3_000)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # three uneven batches, checked in reverse order: the first step has no order
    cuts = [(2_000, 3_000), (0, 700), (700, 2_000)]
    parts = [
        check_batch(
            table.slice(a, b - a).to_batches()[0], range(a + 2, b + 2), telephony_config=SIP
        )
        for a, b in cuts
    ]
    results = mark_duplicates(pa.Table.from_batches(parts)).to_pandas()
    expected = _expected(frame, telephony_config=SIP)
    assert any(code == "duplicate_phone_number" for code, _ in expected.values())
    assert _got(results) == expected
    valid = results[results["code"] == ""]
    assert valid["phone_number"].str.startswith("+").all()
    assert len(valid) == leadprep.validate(frame, telephony_config=SIP).rows_valid


def test_repeats_read_from_a_second_phone_column_are_worded_as_validate_words_them() -> None:
    """A number from the fallback column says so (``(from column C 'Phone')``) in every
    message, the repeats ``mark_duplicates`` finds included."""
    rng = random.Random(5)  # noqa: S311 - deterministic test data
    mobiles, phones = [], []
    for _ in range(600):
        number = mobile(rng.randrange(150))  # (repeats, in either column)
        on_mobile = rng.random() < 0.5
        mobiles.append(number if on_mobile else "")
        phones.append("" if on_mobile else number)
    frame = pd.DataFrame({"name": [f"Lead {i}" for i in range(600)], "Mobile": mobiles,
                          "Phone": phones})  # fmt: skip
    keywords: dict[str, Any] = {"phone_column": ["Mobile", "Phone"], "telephony_config": SIP}
    table = pa.Table.from_pandas(frame, preserve_index=False)
    parts = [
        check_batch(table.slice(a, b - a).to_batches()[0], range(a + 2, b + 2), **keywords)
        for a, b in [(300, 600), (0, 300)]
    ]
    results = mark_duplicates(pa.Table.from_batches(parts)).to_pandas()
    expected = _expected(frame, **keywords)
    repeats = [m for code, m in expected.values() if code == "duplicate_phone_number"]
    assert any(m.endswith("(from column C 'Phone')") for m in repeats)
    assert any(m.endswith("which is kept") for m in repeats)  # (read from the first)
    assert _got(results) == expected


def test_a_batch_is_checked_alike_whatever_else_was_checked_before() -> None:
    frame = _leads(400, seed=9)
    batch = pa.Table.from_pandas(frame, preserve_index=False).to_batches()[0]
    first = check_batch(batch, range(2, 402))
    check_batch(pa.Table.from_pandas(_leads(50, seed=1)).to_batches()[0], range(2, 52))
    again = check_batch(batch, range(2, 402))
    assert first.equals(again)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def test_dask_with_four_partitions_and_repeats_across_them(cluster: Any) -> None:
    import dask.dataframe as dd

    import leadprep.dask

    frame = _leads(4_000, seed=11)
    ddf = dd.from_pandas(frame, npartitions=4)  # type: ignore[no-untyped-call]  # dask is unannotated
    results = leadprep.dask.validate(ddf, telephony_config=SIP).compute()
    expected = _expected(frame, telephony_config=SIP)
    assert ddf.npartitions == 4
    partition = {row: (row - 2) // 1_000 for row in range(2, 4_002)}
    across = [
        row
        for row, (code, message) in expected.items()
        if code == "duplicate_phone_number"
        and partition[int(message.split("row ")[1].split(" ")[0])] != partition[row]
    ]
    assert len(across) > 50  # repeats whose kept row is in another partition
    assert _got(results) == expected
    assert sorted(results["row"]) == list(range(2, 4_002))


def _us_frame(n: int) -> pd.DataFrame:
    rows = us_list(random.Random(21), n, high=True, writing="parens")  # noqa: S311 - test data
    return pd.DataFrame(rows)


def test_another_countrys_list_is_refused_by_the_batch_api_as_validate_refuses_it() -> None:
    """A US export (area codes 6xx-9xx, which read as Indian mobiles) read with the
    default region IN: validate refuses the file; RegionCheck, fed its first rows in
    order, refuses it with the same code. An Indian list, and the same US list with
    its region given, are not refused."""
    us = _us_frame(1_500)
    refused = leadprep.validate(us).details
    assert refused.rejected
    assert refused.file_errors[0].code == "region_mismatch"

    def judged(frame: pd.DataFrame, **keywords: Any) -> None:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        region = RegionCheck(**keywords)
        for start in range(0, len(frame), 500):  # (in order, until the sample is full)
            if region.add(table.slice(start, 500)):
                break
        region.check()

    with pytest.raises(leadprep.FileRejected) as caught:
        judged(us)
    assert caught.value.code == "region_mismatch"
    judged(_leads(1_500))  # an Indian list: not refused
    judged(us, default_region="IN")  # the region given: read as IN, as validate does


def test_dask_refuses_another_countrys_list_before_checking_a_row(cluster: Any) -> None:
    import dask.dataframe as dd

    import leadprep.dask

    ddf = dd.from_pandas(_us_frame(2_000), npartitions=4)  # type: ignore[no-untyped-call]  # dask is unannotated
    with pytest.raises(leadprep.FileRejected) as caught:
        leadprep.dask.validate(ddf)
    assert caught.value.code == "region_mismatch"
