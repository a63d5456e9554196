"""Rule ``outside_calling_hours`` (leadprep/check/rules/calling_hours.py), spec §12.

Every expected verdict and local time below was worked out by hand from the
offsets of the day (IST = UTC+5:30 all year; New York EST = UTC−5, EDT = UTC−4;
California PST = UTC−8, PDT = UTC−7; in 2026 the US changes on Sun 8 March at
2:00 local time and back on Sun 1 November at 2:00 local time) — not with the code
under test. Hours: India 09:00–21:00, the US 08:00–21:00 (the defaults).
"""

from __future__ import annotations

from typing import Any

import pytest
from rulecheck import findings

from leadprep.check.rules import OutsideCallingHours

INDIA = "+91 98123 45670"
NEW_YORK = "+1 212 736 4123"  # Manhattan
CALIFORNIA = "+1 415 736 4123"  # San Francisco
SIP = {"sip": True, "network_groups": []}  # every destination routable


def _verdicts(window: str, **keywords: Any) -> dict[str, str | None]:
    """Each number → the message of its outside_calling_hours finding (None: callable)."""
    cells = [INDIA, NEW_YORK, CALIFORNIA]
    got = findings(cells, call_window=window, telephony_config=SIP, **keywords)
    out: dict[str, str | None] = {}
    for row, cell in enumerate(cells, start=2):
        messages = [m for code, m in got.get(row, []) if code == OutsideCallingHours.code]
        out[cell] = messages[0] if messages else None
    return out


def test_a_daytime_ist_window_reaches_all_three_where_hours_overlap() -> None:
    # 10:00-19:00 IST = 04:30-13:30 UTC: New York 23:30 Thu - 08:30 Fri EST (08:00-08:30
    # is in hours); California 20:30 Thu - 05:30 Fri PST (20:30-21:00 is in hours)
    got = _verdicts("2026-12-04T10:00+05:30/2026-12-04T19:00+05:30")
    assert got == {INDIA: None, NEW_YORK: None, CALIFORNIA: None}


def test_an_ist_afternoon_is_the_us_night_and_the_message_says_the_local_times() -> None:
    # 12:00-18:00 IST = 06:30-12:30 UTC: New York 01:30-07:30 EST; California 22:30 Thu
    # to 04:30 Fri PST — never in 08:00-21:00
    got = _verdicts("2026-12-04T12:00+05:30/2026-12-04T18:00+05:30")
    assert got[INDIA] is None
    assert got[NEW_YORK] == (
        "+12127364123 would be called Fri 4 Dec 01:30 EST – 07:30 EST (America/New_York), "
        "never within its calling hours 08:00-21:00"
    )
    assert got[CALIFORNIA] == (
        "+14157364123 would be called Thu 3 Dec 22:30 PST – Fri 4 Dec 04:30 PST "
        "(America/Los_Angeles), never within its calling hours 08:00-21:00"
    )


def test_a_window_crossing_midnight_in_india() -> None:
    # 22:00 Fri - 08:30 Sat IST = 16:30-03:00 UTC: India is outside 09-21 throughout;
    # New York 11:30-22:00 EST and California 08:30-19:00 PST are in hours
    got = _verdicts("2026-12-04T22:00+05:30/2026-12-05T08:30+05:30")
    assert got[INDIA] == (
        "+919812345670 would be called Fri 4 Dec 22:00 IST – Sat 5 Dec 08:30 IST "
        "(Asia/Calcutta), never within its calling hours 09:00-21:00"
    )
    assert got[NEW_YORK] is None
    assert got[CALIFORNIA] is None


def test_a_window_crossing_midnight_that_starts_inside_indian_hours() -> None:
    # 20:30 Fri - 01:00 Sat IST: 20:30-21:00 IST is in hours
    got = _verdicts("2026-12-04T20:30+05:30/2026-12-05T01:00+05:30")
    assert got[INDIA] is None


def test_the_window_end_is_not_a_time_to_call() -> None:
    # 08:00-09:00 IST ends as Indian hours begin: no instant inside
    assert _verdicts("2026-12-04T08:00+05:30/2026-12-04T09:00+05:30")[INDIA] is not None
    assert _verdicts("2026-12-04T08:00+05:30/2026-12-04T09:01+05:30")[INDIA] is None


def test_a_window_across_the_end_of_us_daylight_time() -> None:
    # 11:00-18:20 IST on Sun 1 Nov 2026 = 05:30-12:50 UTC. New York: 01:30 EDT; at 06:00
    # UTC clocks go back to 01:00 EST; 12:50 UTC is 07:50 EST — outside 08:00-21:00.
    # (Read with the offset the window starts in, EDT, the end would be 08:50: callable.)
    # California: 22:30 PDT Sat, back at 09:00 UTC, 04:50 PST — outside.
    got = _verdicts("2026-11-01T11:00+05:30/2026-11-01T18:20+05:30")
    assert got[INDIA] is None
    assert got[NEW_YORK] == (
        "+12127364123 would be called Sun 1 Nov 01:30 EDT – 07:50 EST (America/New_York), "
        "never within its calling hours 08:00-21:00"
    )
    assert got[CALIFORNIA] == (
        "+14157364123 would be called Sat 31 Oct 22:30 PDT – Sun 1 Nov 04:50 PST "
        "(America/Los_Angeles), never within its calling hours 08:00-21:00"
    )
    # 20 minutes more (13:10 UTC = 08:10 EST) and New York may be called
    later = _verdicts("2026-11-01T11:00+05:30/2026-11-01T18:40+05:30")
    assert later[NEW_YORK] is None
    assert later[CALIFORNIA] is not None


def test_a_window_across_the_start_of_us_daylight_time() -> None:
    # 17:00-17:45 IST on Sun 8 Mar 2026 = 11:30-12:15 UTC; New York changed to EDT at
    # 07:00 UTC: 07:30-08:15 EDT, callable 08:00-08:15. (Read as EST: 06:30-07:15, never.)
    got = _verdicts("2026-03-08T17:00+05:30/2026-03-08T17:45+05:30")
    assert got[NEW_YORK] is None
    # California changed at 10:00 UTC: 04:30-05:15 PDT
    assert got[CALIFORNIA] is not None
    assert "04:30 PDT – 05:15 PDT" in str(got[CALIFORNIA])


def test_a_number_that_may_be_in_several_zones_must_be_callable_in_all() -> None:
    # a US toll-free number may ring anywhere in the NANP. 19:00-20:00 IST = 13:30-14:30
    # UTC: 08:30 in New York, 03:30 in Honolulu — not callable everywhere
    got = findings(
        ["+1 800 736 4123"],
        call_window="2026-12-04T19:00+05:30/2026-12-04T20:00+05:30",
        telephony_config=SIP,
    )
    (code, message) = got[2][0]
    assert code == OutsideCallingHours.code
    assert "more zones it may be in" in message
    # the NANP runs from Guam (UTC+10) to American Samoa (UTC-11): 08:00-21:00 in all of
    # them at once is 22:00-00:30 UTC only. 04:00-05:00 IST Sat = 22:30-23:30 UTC Fri:
    # 08:30 Sat in Guam, 11:30 in Samoa, 12:30 in Honolulu, 19:00 in St John's
    assert (
        findings(
            ["+1 800 736 4123"],
            call_window="2026-12-05T04:00+05:30/2026-12-05T05:00+05:30",
            telephony_config=SIP,
        )
        == {}
    )


def test_calling_hours_by_country_replace_the_defaults() -> None:
    # 10:00-19:00 IST reached New York at 08:00-08:30 EST; with US hours from 09:00, never
    window = "2026-12-04T10:00+05:30/2026-12-04T19:00+05:30"
    got = _verdicts(window, calling_hours={"US": "09:00-21:00"})
    assert got[INDIA] is None
    assert got[CALIFORNIA] is None
    assert got[NEW_YORK] is not None
    assert "09:00-21:00" in (got[NEW_YORK] or "")
    # one span for every country
    everyone = _verdicts(window, calling_hours="10:00-17:00")
    assert everyone == {
        INDIA: None,
        NEW_YORK: everyone[NEW_YORK],
        CALIFORNIA: everyone[CALIFORNIA],
    }
    assert everyone[NEW_YORK] is not None
    assert everyone[CALIFORNIA] is not None


def test_without_a_window_nothing_is_checked() -> None:
    assert findings([INDIA, NEW_YORK], telephony_config=SIP) == {}


@pytest.mark.parametrize(
    ("window", "says"),
    [
        ("2026-12-04T10:00/2026-12-04T19:00+05:30", "has no offset"),
        ("2026-12-04T19:00+05:30/2026-12-04T10:00+05:30", "ends before it starts"),
        ("tomorrow", "write START/END"),
        ("2026-12-04T10:00+05:30/2027-03-04T10:00+05:30", "longer than"),
    ],
)
def test_a_window_that_is_not_one_is_a_usage_error(window: str, says: str) -> None:
    import leadprep
    from leadprep import UsageError

    with pytest.raises(UsageError, match=says):
        leadprep.validate("unused.csv", call_window=window)


@pytest.mark.parametrize("hours", ["9-21", "09:00-25:00", "10:00-10:00", "09:60-21:00"])
def test_hours_that_are_not_hours_are_a_usage_error(hours: str) -> None:
    import leadprep
    from leadprep import UsageError

    with pytest.raises(UsageError, match="calling_hours"):
        leadprep.validate("unused.csv", calling_hours=hours)
