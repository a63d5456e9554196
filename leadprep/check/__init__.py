"""Check stage: the row rules, and what they are checked against.

* :class:`Checker` runs the row rules (:mod:`.rules`, one module each, in order of
  precedence) over one batch at a time, on a :class:`Lot` (:mod:`._lot`);
* :class:`Context` — what one run's rows are checked against, loaded once;
* :class:`TelephonyConfig` — the workspace's enabled destinations (:mod:`._routes`);
* :func:`load_suppression` — do-not-call lists (:mod:`._suppress`);
* :func:`load_prompt` — the ``{{variables}}`` an agent prompt uses (:mod:`._prompt`).

A new row rule is a module in :mod:`.rules` and a line in its ``RULES``.
"""

from ._checker import Checked, Checker
from ._context import Contacted, Context, UploadedLookup
from ._formulas import PLAIN_NUMBER, formula_like
from ._lot import Lot
from ._prompt import load_prompt, prompt_variables
from ._routes import NetworkGroup, TelephonyConfig
from ._suppress import SuppressionList, load_suppression
from .rules import RULES, Rule, SeenNumbers

__all__ = [
    "PLAIN_NUMBER",
    "RULES",
    "Checked",
    "Checker",
    "Contacted",
    "Context",
    "Lot",
    "NetworkGroup",
    "Rule",
    "SeenNumbers",
    "SuppressionList",
    "TelephonyConfig",
    "UploadedLookup",
    "formula_like",
    "load_prompt",
    "load_suppression",
    "prompt_variables",
]
