"""Wrong country, never (spec §11): lists of another country are refused without a
region and pass exactly with the option the refusal names; Indian lists never are.

The oracle is phonenumbers itself: each number parsed in the region the message
names, formatted E.164 — never leadprep's own reading.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from regionlists import (
    NANP_WRITINGS,
    indian_list,
    mixed_list,
    national,
    us_list,
    write_list,
)

import leadprep

SIP = {"sip": True, "network_groups": []}  # every destination: only the region is judged


def _clean_phones(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["phone_number"] for row in csv.DictReader(fh)]


def _oracle(rows: list[dict[str, str]], region: str) -> list[str]:
    """What each row's phone is in ``region``, by phonenumbers (extension and all)."""
    out = []
    for row in rows:
        number = phonenumbers.parse(row["Phone"], row.get("_region", region))
        out.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return out


def _refused_then_fixed(
    tmp_path: Path, rows: list[dict[str, str]], region: str, option: dict[str, Any]
) -> None:
    """Refused without a region, naming ``region`` and ``option`` (message and JSON hint);
    with ``option`` every row goes out as phonenumbers reads it there."""
    path = write_list(tmp_path / "leads.csv", rows)
    clean = tmp_path / "clean.csv"
    report = leadprep.validate(path, output=clean, telephony_config=SIP)
    assert report.exit_code == 3, report.to_text()
    assert not clean.exists()
    (error,) = report.file_errors
    assert error.code == "region_mismatch"
    assert f"look like {region} numbers" in error.message
    as_json = error.to_dict()
    ((key, value),) = option.items()
    assert f"{key}={value}" in as_json["hint"], as_json["hint"]
    assert report.fix == {key.replace("_", "-"): value}
    fixed = leadprep.validate(path, output=clean, telephony_config=SIP, **option)
    assert fixed.exit_code == 0, fixed.to_text()
    assert _clean_phones(clean) == _oracle(rows, region)


@settings(max_examples=10)
@given(
    seed=st.integers(0, 2**32),
    size=st.integers(25, 120),
    high=st.booleans(),
    writing=st.sampled_from(sorted(NANP_WRITINGS)),
)
def test_a_us_list_in_a_north_american_writing_is_refused_and_passes_as_us(
    tmp_path_factory: pytest.TempPathFactory, seed: int, size: int, high: bool, writing: str
) -> None:
    rows = us_list(random.Random(seed), size, high=high, writing=writing)  # noqa: S311
    _refused_then_fixed(tmp_path_factory.mktemp("us"), rows, "US", {"default_region": "US"})


@settings(max_examples=10)
@given(
    seed=st.integers(0, 2**32),
    size=st.integers(25, 120),
    columns=st.sampled_from(["state_zip", "country"]),
)
def test_a_bare_6xx_to_9xx_us_list_with_state_zip_or_country_is_refused(
    tmp_path_factory: pytest.TempPathFactory, seed: int, size: int, columns: str
) -> None:
    """Every number is a valid Indian mobile too: only the other columns can tell."""
    rows = us_list(random.Random(seed), size, high=True, writing="bare", columns=columns)  # noqa: S311
    _refused_then_fixed(tmp_path_factory.mktemp("us"), rows, "US", {"default_region": "US"})


@settings(max_examples=6)
@given(seed=st.integers(0, 2**32), writing=st.sampled_from(["bare", "dashes", "parens"]))
def test_a_us_list_with_extensions_is_refused_and_the_extensions_are_dropped(
    tmp_path_factory: pytest.TempPathFactory, seed: int, writing: str
) -> None:
    rows = us_list(random.Random(seed), 60, high=True, writing=writing, extensions=True)  # noqa: S311
    folder = tmp_path_factory.mktemp("us")
    _refused_then_fixed(folder, rows, "US", {"default_region": "US"})
    report = leadprep.validate(folder / "leads.csv", default_region="US", telephony_config=SIP)
    dropped = [f for f in report.warnings if f.code == "phone_extension_dropped"]
    assert len(dropped) == sum(" x" in r["Phone"] for r in rows)
    assert all("extension" in f.message for f in dropped)


@pytest.mark.parametrize("region", ["GB", "AE"])
@settings(max_examples=5)
@given(seed=st.integers(0, 2**32), size=st.integers(25, 100))
def test_uk_and_uae_mobiles_in_national_format_are_refused_and_pass_as_theirs(
    tmp_path_factory: pytest.TempPathFactory, region: str, seed: int, size: int
) -> None:
    cells = national(random.Random(seed), region, size)  # noqa: S311
    rows = [{"Name": f"Lead {i}", "Phone": c} for i, c in enumerate(cells)]
    folder = tmp_path_factory.mktemp(region)
    _refused_then_fixed(folder, rows, region, {"default_region": region})


@settings(max_examples=6)
@given(seed=st.integers(0, 2**32), size=st.integers(30, 120))
def test_a_mixed_india_us_list_is_refused_and_passes_with_its_country_column(
    tmp_path_factory: pytest.TempPathFactory, seed: int, size: int
) -> None:
    rows = mixed_list(random.Random(seed), size)  # noqa: S311
    for row in rows:  # (the oracle reads each number in its row's country)
        row["_region"] = "US" if row["Country"] in ("United States", "US") else "IN"
    folder = tmp_path_factory.mktemp("mixed")
    written = [{k: v for k, v in r.items() if k != "_region"} for r in rows]
    path = write_list(folder / "leads.csv", written)
    report = leadprep.validate(path, telephony_config=SIP)
    assert report.exit_code == 3
    assert report.fix == {"region-column": "Country"}
    assert "region_column=Country" in report.file_errors[0].to_dict()["hint"]
    clean = folder / "clean.csv"
    fixed = leadprep.validate(path, telephony_config=SIP, region_column="Country", output=clean)
    assert fixed.exit_code == 0, fixed.to_text()
    assert _clean_phones(clean) == _oracle(rows, "IN")


# -- controls: Indian lists are never refused ----------------------------------------------


@settings(max_examples=25)
@given(
    seed=st.integers(0, 2**32),
    size=st.integers(10, 150),
    writings=st.sets(
        st.sampled_from(
            ["bare", "spaced", "dashed", "plus", "zero", "ninety_one", "double_zero",
             "three_three_four"]
        ),
        min_size=1,
    ),
    landlines=st.sampled_from([0.0, 0.1, 0.4]),
    states=st.booleans(),
)  # fmt: skip
def test_an_indian_list_in_any_writing_is_never_refused(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    size: int,
    writings: set[str],
    landlines: float,
    states: bool,
) -> None:
    rows = indian_list(
        random.Random(seed),  # noqa: S311
        size,
        writings=sorted(writings),
        landlines=landlines,
        states=states,
    )
    path = write_list(tmp_path_factory.mktemp("in") / "leads.csv", rows)
    report = leadprep.validate(path, telephony_config=SIP)
    assert not report.counts["region_mismatch"], report.to_text()
    assert report.exit_code != 3, report.to_text()
    assert report.rows_valid >= 0.95 * size  # (a random number may look like a placeholder)


@pytest.mark.parametrize("country", ["India", "IN", "india"])
def test_an_indian_list_that_fits_nepal_is_indian_when_its_country_column_says_so(
    tmp_path: Path, country: str
) -> None:
    """Old 98… mobiles (98[0-2,4-6]… are valid in Nepal too) and extensions on some
    rows: evidence against India that fits Nepal. The list's Country column says India."""
    rng = random.Random(11)  # noqa: S311
    rows = []
    for i in range(300):
        phone = f"98{rng.choice('012456')}{rng.randrange(10**7):07d}"
        phone += f" x{rng.randrange(10, 99)}" if i % 10 == 0 else ""
        rows.append({"Name": f"Lead {i}", "Phone": phone, "Country": country})
    path = write_list(tmp_path / "leads.csv", rows)
    report = leadprep.validate(path, telephony_config=SIP)
    assert not report.counts["region_mismatch"], report.to_text()
    assert report.exit_code != 3


@pytest.mark.parametrize("header", ["Country", "Home Country"])
def test_a_us_list_whose_country_column_says_india_is_still_refused(
    tmp_path: Path, header: str
) -> None:
    """NRIs in the US (an Indian bank's list): North American writing names the US,
    whatever the column says of where they are from."""
    rows = us_list(random.Random(5), 80, high=True, writing="parens")  # noqa: S311
    for row in rows:
        row[header] = "India"
    report = leadprep.validate(write_list(tmp_path / "nri.csv", rows), telephony_config=SIP)
    assert report.counts["region_mismatch"], report.to_text()
    assert report.exit_code == 3


def test_indian_mobiles_written_3_3_4_are_indian(tmp_path: Path) -> None:
    rows = indian_list(random.Random(7), 200, writings=["three_three_four"])  # noqa: S311
    report = leadprep.validate(write_list(tmp_path / "l.csv", rows), telephony_config=SIP)
    assert report.exit_code == 0, report.to_text()


def test_a_given_region_is_obeyed_and_contrary_evidence_is_a_warning(tmp_path: Path) -> None:
    rows = indian_list(random.Random(3), 80, writings=["spaced"])  # noqa: S311
    path = write_list(tmp_path / "l.csv", rows)
    report = leadprep.validate(path, default_region="US", telephony_config=SIP)
    assert report.severity_of("region_mismatch") == "warning"
    assert report.exit_code != 3  # the user decided; the report still says it
    text = run_cli("validate", path, "--default-region", "US").stdout
    assert "WRONG COUNTRY?" in text


# -- what may never be proposed ---------------------------------------------------------------


def test_a_555_list_is_never_taken_for_pakistan_and_says_fiction(tmp_path: Path) -> None:
    cells = ["(555) 123-4567", "555-123-4567", "555.234.5678", "(555) 987-6543", "555 345 6789"]
    rows = [{"Name": f"L{i}", "Phone": c} for i, c in enumerate(cells * 3)]
    path = write_list(tmp_path / "l.csv", rows)
    report = leadprep.validate(path, telephony_config=SIP)
    assert "PK" not in report.to_text()
    assert report.fix.get("default-region") != "PK"
    assert report.exit_code == 3
    assert [f.code for f in report.file_errors] == ["no_valid_rows"]
    assert "reserved for fiction" in report.details.errors[1].message
    init = run_cli("init", path)
    assert "PK" not in init.stdout + init.stderr


def test_init_writes_the_region_it_found_with_its_evidence(tmp_path: Path) -> None:
    rows = us_list(random.Random(5), 40, high=True, writing="dashes", columns="state_zip")  # noqa: S311
    path = write_list(tmp_path / "l.csv", rows)
    config = run_cli("init", path).stdout
    assert 'default-region = "US"' in config
    assert "# region_mismatch:" in config
    assert "written like US numbers" in config.replace("\n# ", " ")


def test_a_mixed_list_gets_a_region_column_from_init(tmp_path: Path) -> None:
    rows = mixed_list(random.Random(11), 60)  # noqa: S311
    config = run_cli("init", write_list(tmp_path / "l.csv", rows)).stdout
    assert 'region-column = "Country"' in config


def test_a_blank_or_unknown_region_cell_falls_back_and_says_so(tmp_path: Path) -> None:
    rows = [
        {"Phone": "(646) 408-0497", "Country": "United States"},
        {"Phone": "98115 32964", "Country": ""},
        {"Phone": "98115 32965", "Country": "Atlantis"},
        {"Phone": "+44 20 7183 8750", "Country": ""},  # its code is written: nothing to say
    ]
    path = write_list(tmp_path / "l.csv", rows)
    report = leadprep.validate(path, region_column="Country", telephony_config=SIP)
    unknown = [(f.row, f.message) for f in report.warnings if f.code == "region_unknown"]
    assert unknown == [
        (3, "column 'Country' is blank here: read with the default region IN"),
        (4, "column 'Country' says 'Atlantis', which names no country: read with the default "
            "region IN"),
    ]  # fmt: skip
    assert report.rows_valid == 4


def test_upload_and_prepare_send_and_write_nothing_for_a_refused_list(tmp_path: Path) -> None:
    from leadgen import sandbox_leads, sandbox_uploads
    from sandboxproc import KEY

    from leadprep.api import DialNexaClient
    from leadprep.sandbox import RunningSandbox, SandboxConfig

    rows = us_list(random.Random(9), 50, high=True, writing="dots")  # noqa: S311
    path = write_list(tmp_path / "l.csv", rows)
    config = SandboxConfig(api_key=KEY, db=str(tmp_path / "s.db"), telephony=SIP)
    with RunningSandbox(config) as sb, DialNexaClient(sb.url, KEY) as client:
        campaign = client.create_campaign(name="c", agent_id="a").id
        report = leadprep.upload(path, campaign, client=client, ledger=tmp_path / "l.db")
        assert report.exit_code == 3
        assert report.chunks == []
        assert sandbox_leads(Path(config.db), campaign) == []
        assert sandbox_uploads(Path(config.db)) == []
    parts = tmp_path / "parts"
    prepared = leadprep.prepare(path, parts)
    assert prepared.validation.exit_code == 3
    assert sorted(p.name for p in parts.iterdir()) == ["report.json"]


def test_a_rerun_whose_rows_are_all_already_uploaded_exits_0(tmp_path: Path) -> None:
    from sandboxproc import KEY

    from leadprep.api import DialNexaClient
    from leadprep.sandbox import RunningSandbox, SandboxConfig

    rows = indian_list(random.Random(2), 30, writings=["spaced"])  # noqa: S311
    path = write_list(tmp_path / "l.csv", rows)
    with (
        RunningSandbox(SandboxConfig(api_key=KEY, db=str(tmp_path / "s.db"))) as sb,
        DialNexaClient(sb.url, KEY) as client,
    ):
        campaign = client.create_campaign(name="c", agent_id="a").id
        first = leadprep.upload(path, campaign, client=client, ledger=tmp_path / "l.db")
        again = leadprep.upload(path, campaign, client=client, ledger=tmp_path / "l.db")
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert again.validation.rows_skipped == 30
    assert not again.validation.counts["no_valid_rows"]
