"""Rule ``suspicious_number`` (leadprep/check/rules/placeholder.py)."""

from __future__ import annotations

from rulecheck import codes


def test_runs_and_repeats_are_left_out_and_ordinary_numbers_are_not() -> None:
    cells = ["9876543210", "9999999999", "9123456789", "9812345670", "9000000000"]
    got = codes(cells)
    assert got == {
        2: "suspicious_number",
        3: "suspicious_number",
        4: "suspicious_number",
        6: "suspicious_number",
    }


def test_at_most_one_in_ten_thousand_random_indian_mobiles_is_caught() -> None:
    """A fixed seed, 200,000 valid Indian mobiles drawn at random: how many are caught."""
    import numpy as np
    import phonenumbers

    from leadprep.check.rules.placeholder import placeholder

    rng = np.random.default_rng(20261204)
    drawn = rng.integers(6_000_000_000, 10_000_000_000, size=200_000)
    valid = [
        int(f"91{n}")
        for n in drawn.tolist()
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+91{n}"))
    ]
    caught, _ = placeholder(np.array(valid, dtype=np.int64))
    rate = len(caught) / len(valid)
    assert len(valid) > 150_000
    assert rate <= 1e-4, f"{len(caught)} of {len(valid)} caught"


def test_allow_suspicious_keeps_them_with_a_warning() -> None:
    got = codes(["9876543210", "9812345670"], allow_suspicious=True)
    assert got == {2: "suspicious_number"}
    assert codes(["9876543210", "9812345670"]) == {2: "suspicious_number"}  # (an error now)


def test_fiction_ranges_are_caught_only_where_valid() -> None:
    sip = {"sip": True, "network_groups": []}
    got = codes(["+1 212 555 0147", "+1 212 555 0247", "+44 20 7946 0123"], telephony_config=sip)
    assert got == {2: "suspicious_number", 4: "suspicious_number"}
