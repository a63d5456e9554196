"""The shape of a row rule: :class:`Rule`.

A rule is one small unit: the kinds of finding it gives (each with its code,
severity, message template and hint), and what it does to a :class:`Lot`. The
checker runs :data:`~leadprep.check.rules.RULES` in order, twice a batch:

* :meth:`Rule.check` needs nothing but the batch, and may run on a worker thread
  while other batches are checked;
* :meth:`Rule.finish` runs on batches in file order (what depends on earlier
  rows: duplicates), after every rule's ``check``.

A rule that leaves rows out decides their code (the first rule that applies
wins: the order of ``RULES`` is the order of precedence); a rule that warns adds
findings and leaves the rows going out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..findings import Kind

if TYPE_CHECKING:
    from ..normalise import ColumnPlan
    from ._context import Context
    from ._lot import Lot


class Rule:
    """One row rule (subclasses set :attr:`kinds` and override what they do)."""

    kinds: ClassVar[tuple[type[Kind], ...]] = ()

    def __init__(self, context: Context, plan: ColumnPlan) -> None:
        self.context = context
        self.plan = plan

    @classmethod
    def wanted(cls, context: Context) -> bool:
        """Does this run need the rule at all? (Off by its options: no cost.)"""
        return True

    def check(self, lot: Lot) -> None:
        """The rule's order-free work on one batch."""

    def finish(self, lot: Lot) -> None:
        """The rule's work that needs every earlier batch (batches come in file order)."""
