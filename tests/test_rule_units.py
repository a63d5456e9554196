"""Rules are units: each is a module with its kinds, run from ``RULES`` in order of
precedence; a new one is one module and one line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import numpy as np
import pytest
from rulecheck import codes, findings

from leadprep import findings as kinds
from leadprep.check import Lot, Rule, rules
from leadprep.findings import Kind, RowKind
from leadprep.report._validation import report_order


@pytest.fixture
def unlucky(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Kind]]:
    """A throwaway rule, defined and plugged in for one test: one module, one line."""

    class Thirteen(RowKind):
        """Numbers ending in 13 are unlucky (tests only)."""

        code = "unlucky_number"
        description = "The number ends in 13."
        template = "{e164} ends in 13"
        hint = "pick a luckier lead"

    class Unlucky(Rule):
        kinds: ClassVar[tuple[type[Kind], ...]] = (Thirteen,)

        def check(self, lot: Lot) -> None:
            lot.leave_out(lot.key[lot.open] % 100 == 13, Thirteen.code)

    where = [rule.__name__ for rule in rules.RULES].index("Routes")
    monkeypatch.setattr(rules, "RULES", (*rules.RULES[:where], Unlucky, *rules.RULES[where:]))
    yield Thirteen
    kinds.KINDS.pop(Thirteen.code, None)


def test_a_new_rule_is_a_class_and_a_line_in_rules(unlucky: type[Kind]) -> None:
    found = findings(["9812345613", "9812345670", "98123"])
    assert found == {
        2: [("unlucky_number", "+919812345613 ends in 13")],
        4: [
            (
                "invalid_phone_number",
                "'98123' is not a valid phone number (read with default region IN): "
                "too short for IN (+91): 5 digits, where IN numbers have 10",
            )
        ],
    }
    assert kinds.severity("unlucky_number") == "error"
    assert kinds.hint("unlucky_number") == "pick a luckier lead"
    assert "unlucky_number" in report_order()


def test_precedence_is_the_order_of_rules_the_first_that_applies_wins() -> None:
    # a blank cell is missing (not invalid); a suppressed repeat is suppressed twice
    got = codes(["", "9812345670", "9812345670"], suppress=_dnc("9812345670"))
    assert got == {2: "missing_phone_number", 3: "suppressed", 4: "suppressed"}


def test_every_kind_belongs_to_exactly_one_rule_or_to_reading_and_planning() -> None:
    owned = [kind for rule in rules.RULES for kind in rule.kinds]
    assert len(owned) == len(set(owned))
    for kind in owned:
        assert kind.__module__.startswith("leadprep.check.rules.")
        assert all((kind.code, kind.hint, kind.description, kind.template))
    left_out = [k for k in kinds.KINDS.values() if issubclass(k, kinds.LeftOut)]
    assert set(left_out) <= set(owned)


def test_rules_switched_off_by_their_options_cost_nothing() -> None:
    from leadprep.check import Context
    from leadprep.settings import Settings

    context = Context.load(Settings("validate"))
    wanted = [rule.__name__ for rule in rules.RULES if rule.wanted(context)]
    assert "Suppress" not in wanted
    assert "Uploaded" not in wanted
    assert "EmptyVariable" not in wanted
    assert np.all([isinstance(name, str) for name in wanted])


def _dnc(number: str) -> object:
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "dnc.txt"
    path.write_text(number + "\n")
    return path
