"""The who-and-when options (spec §12) are declared once and work from the flag, the
config file (a ``[calling-hours]`` table included) and Python; ``init`` writes
``consent-column`` when it finds a consent column."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import run_cli

import leadprep
from leadprep.settings import (
    CALL_WINDOW,
    CALLING_HOURS,
    CONSENT_COLUMN,
    MAX_CONTACTS,
    REGISTRY,
    SPLIT_BY_TIMEZONE,
    SUPPRESS_MAX_AGE,
    ConfigFile,
    ContactCap,
    Hours,
    Settings,
)

NEW = (
    CALL_WINDOW,
    CALLING_HOURS,
    CONSENT_COLUMN,
    MAX_CONTACTS,
    SPLIT_BY_TIMEZONE,
    SUPPRESS_MAX_AGE,
)
SIP = {"sip": True, "network_groups": []}


def _leads(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_each_new_option_is_declared_once() -> None:
    for option in NEW:
        assert [o for o in REGISTRY if o.name == option.name] == [option]


def test_all_of_them_from_a_config_file(tmp_path: Path) -> None:
    leads = _leads(
        tmp_path / "leads.csv",
        ["Name", "Phone", "Opt In"],
        [
            ["Asha", "+91 98123 45670", "yes"],
            ["Ravi", "+91 98123 45671", "no"],
            ["Dana", "+1 212 736 4123", "2026-01-05"],
        ],
    )
    routes = tmp_path / "sip.json"
    routes.write_text(json.dumps(SIP))
    config = tmp_path / "job.toml"
    config.write_text(
        f'telephony-config = "{routes}"\n'
        'call-window = "2026-12-04T10:00+05:30/2026-12-04T19:00+05:30"\n'
        'consent-column = "Opt In"\n'
        "suppress-max-age = 30\n"
        "[calling-hours]\n"
        'IN = "09:00-21:00"\n'
        'US = "09:00-20:00"\n'  # New York is reached at 08:00-08:30 EST only: outside
        "[prepare]\n"
        "split-by-timezone = true\n"
        "[upload]\n"
        'max-contacts = "3/30"\n'
    )
    report = tmp_path / "report.json"
    result = run_cli("validate", leads, "--config", config, "--report-json", report)
    assert result.returncode == 1, result.stderr
    summary = json.loads(report.read_text())["summary"]
    assert summary["no_consent"]["rows"] == [3]
    assert summary["outside_calling_hours"]["rows"] == [4]
    out = tmp_path / "parts"
    prepared = run_cli("prepare", leads, "--config", config, "--out-dir", out)
    assert prepared.returncode == 1, prepared.stderr
    assert (out / "Asia_Calcutta" / "part-0001.csv").exists()
    # upload reads max-contacts from its table
    settings = Settings.gather(
        "upload", {"file": leads, "campaign": "cmp_1"}, ConfigFile.load(config), environ={}
    )
    assert settings[MAX_CONTACTS] == ContactCap(3, 30)
    assert settings[CALLING_HOURS].of("US") == Hours(9 * 60, 20 * 60)
    assert settings[CALLING_HOURS].of("GB") == Hours(8 * 60, 21 * 60)  # (the default)


def test_a_bad_value_in_the_config_names_the_key(tmp_path: Path) -> None:
    leads = _leads(tmp_path / "leads.csv", ["phone_number"], [["9812345670"]])
    config = tmp_path / "job.toml"
    config.write_text('[calling-hours]\nIN = "9 to 5"\n')
    result = run_cli("validate", leads, "--config", config)
    assert result.returncode == 2
    assert "calling-hours" in result.stderr
    assert "HH:MM-HH:MM" in result.stderr
    config.write_text('max-contacts = "three"\n')
    result = run_cli("upload", leads, "--config", config, "--campaign", "c", "--api-key", "k")
    assert result.returncode == 2
    assert "N/DAYS" in result.stderr


@pytest.mark.parametrize(
    ("header", "found"),
    [
        ("Opt In", True),
        ("Consent", True),
        ("Marketing Consent", True),
        ("opted_in", True),
        ("Opt Out", False),
        ("DND", False),
        ("Consent Withdrawn", False),
        ("Notes", False),
    ],
)
def test_init_writes_a_consent_column_it_finds(tmp_path: Path, header: str, found: bool) -> None:
    leads = _leads(
        tmp_path / "leads.csv",
        ["Name", "phone_number", header],
        [["Asha", "9812345670", "yes"], ["Ravi", "9812345671", "no"]],
    )
    result = run_cli("init", leads)
    assert result.returncode == 0, result.stderr
    line = f'consent-column = "{header}"'
    assert (line in result.stdout) is found
    if found:
        assert "looks like a record of consent to be called" in result.stdout
        # and the verdict it prints is the one with the column: one row left out
        assert "1 row to fix" in result.stdout


def test_python_keywords_take_python_values() -> None:
    import datetime as dt

    ist = dt.timezone(dt.timedelta(hours=5, minutes=30))
    window = (dt.datetime(2026, 12, 4, 10, tzinfo=ist), dt.datetime(2026, 12, 4, 19, tzinfo=ist))
    settings = Settings.from_keywords(
        "validate", {"call_window": window, "calling_hours": {"in": "10:00-20:00"}}
    )
    assert str(settings[CALL_WINDOW]) == "2026-12-04T10:00:00+05:30/2026-12-04T19:00:00+05:30"
    assert settings[CALLING_HOURS].of("IN") == Hours(600, 1200)
    others = Settings.from_keywords("validate", {"calling_hours": {"*": "09:00-18:00"}})
    assert others[CALLING_HOURS].of("GB") == Hours(540, 1080)
    assert others[CALLING_HOURS].of("IN") == Hours(540, 1260)  # (India keeps its default)
    with pytest.raises(leadprep.UsageError, match="no time zone"):
        Settings.from_keywords(
            "validate", {"call_window": (dt.datetime(2026, 12, 4), dt.datetime(2026, 12, 5))}
        )
