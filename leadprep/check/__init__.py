"""Check stage: the row rules, and what they are checked against.

* :class:`Checker` applies the row rules to one batch at a time (:mod:`._rules`);
* :class:`TelephonyConfig` — the workspace's enabled destinations (:mod:`._routes`);
* :func:`load_suppression` — the do-not-call list (:mod:`._suppress`);
* :func:`load_prompt` — the ``{{variables}}`` an agent prompt uses (:mod:`._prompt`).

A new row rule goes in :mod:`._rules`, its finding kind in :mod:`leadprep.findings`.
"""

from ._context import Context, UploadedLookup
from ._formulas import PLAIN_NUMBER, formula_like
from ._prompt import load_prompt, prompt_variables
from ._routes import NetworkGroup, TelephonyConfig
from ._rules import Checked, Checker, Prepared, SeenNumbers
from ._suppress import SuppressionList, load_suppression

__all__ = [
    "PLAIN_NUMBER",
    "Checked",
    "Checker",
    "Context",
    "NetworkGroup",
    "Prepared",
    "SeenNumbers",
    "SuppressionList",
    "TelephonyConfig",
    "UploadedLookup",
    "formula_like",
    "load_prompt",
    "load_suppression",
    "prompt_variables",
]
