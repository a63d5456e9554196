"""Rules ``unsupported_country`` / ``unsupported_prefix`` (leadprep/check/rules/routes.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rulecheck import codes, findings

ROUTES = {
    "network_groups": [
        {"country": "IN", "prefixes": ["+919"]},
        {"country": "US", "prefixes": [], "enabled": False},
    ]
}


def test_a_country_without_a_group_and_a_number_outside_the_prefixes_are_left_out() -> None:
    got = codes(["9812345670", "8812345670", "+1 415 555 2671"], telephony_config=ROUTES)
    assert got == {3: "unsupported_prefix", 4: "unsupported_country"}


def test_the_messages_say_what_is_enabled() -> None:
    found = findings(["8812345670", "+44 20 7183 8750"], telephony_config=ROUTES)
    assert found[2] == [
        ("unsupported_prefix", "number +918812345670 matches no enabled IN prefix (enabled: +919)")
    ]
    assert found[3] == [("unsupported_country", "GB number +442071838750; enabled countries: IN")]


def test_sip_calls_anything() -> None:
    assert codes(["+44 20 7183 8750"], telephony_config={"sip": True, "network_groups": []}) == {}


def test_an_unsupported_country_says_how_to_enable_it() -> None:
    import json

    from rulecheck import write_leads

    import leadprep

    rows = [{"phone_number": "+44 20 7183 8750"}, {"phone_number": "9812345670"}]
    path = write_leads(rows, Path(tempfile.mkdtemp()) / "l.csv")
    [finding] = leadprep.validate(path, telephony_config=ROUTES).details.errors
    hint = finding.to_dict()["hint"]
    assert "telephony_config=" in hint  # (--telephony-config on the command line)
    group = json.loads(hint[hint.index("{") : hint.index("}") + 1])
    assert group == {"country": "GB", "name": "GB", "prefixes": [], "enabled": True}
