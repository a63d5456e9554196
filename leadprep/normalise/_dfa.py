"""Compile a digits-only regular expression to a DFA and run it over a column.

phonenumbers decides validity by ``re.fullmatch`` of long patterns (the IN
fixed-line pattern is 1,263 characters) against each national number. Those
patterns describe regular languages over the digits 0-9, so they compile to a
DFA: a ``(states × 10)`` table. Running it over ``n`` numbers of length ``L`` is
``L`` NumPy gathers — the same answer as ``re.fullmatch`` on every string, at a
tiny fraction of the cost.

The compiler reads the pattern with Python's own regex parser and accepts only
what it can translate exactly (literals, classes, ``\\d``, groups,
alternation, bounded and unbounded repeats); anything else raises
:class:`Unsupported` and the caller keeps using phonenumbers itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

try:  # Python's regex parser (sre_parse is deprecated and warns)
    from re import _constants as C  # type: ignore[attr-defined]  # noqa: N812 - sre constants read like the C module they mirror
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python that moved its parser
    parser = None
    C = None

DIGITS = frozenset(range(10))
MAX_DFA_STATES = 200_000


class Unsupported(Exception):
    """The pattern uses something this compiler does not translate exactly."""


class _NFA:
    def __init__(self) -> None:
        self.eps: list[list[int]] = []
        self.edges: list[list[tuple[frozenset[int], int]]] = []

    def state(self) -> int:
        self.eps.append([])
        self.edges.append([])
        return len(self.eps) - 1


def _digit_set(items: Any) -> frozenset[int]:
    negate = False
    chars: set[int] = set()
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            if 48 <= av <= 57:
                chars.add(av - 48)
        elif op is C.RANGE:
            lo, hi = av
            chars.update(d for d in range(10) if lo <= d + 48 <= hi)
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            chars.update(DIGITS)
        else:
            raise Unsupported(f"class item {op}")
    return frozenset(DIGITS - chars) if negate else frozenset(chars)


def _build(nfa: _NFA, items: Any, start: int) -> int:
    """Thompson construction of ``items`` from ``start``; returns the end state."""
    current = start
    for op, av in items:
        if op is C.LITERAL:
            end = nfa.state()
            nfa.edges[current].append(
                (frozenset({av - 48}) if 48 <= av <= 57 else frozenset(), end)
            )
            current = end
        elif op is C.IN:
            end = nfa.state()
            nfa.edges[current].append((_digit_set(av), end))
            current = end
        elif op is C.SUBPATTERN:
            current = _build(nfa, av[-1], current)
        elif op is C.BRANCH:
            end = nfa.state()
            for alternative in av[1]:
                nfa.eps[_build(nfa, alternative, current)].append(end)
            current = end
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, sub = av
            for _ in range(low):
                current = _build(nfa, sub, current)
            if high is C.MAXREPEAT:
                loop = nfa.state()
                nfa.eps[current].append(loop)
                nfa.eps[_build(nfa, sub, loop)].append(loop)
                current = loop
            else:
                for _ in range(high - low):
                    end = nfa.state()
                    nfa.eps[current].append(end)
                    nfa.eps[_build(nfa, sub, current)].append(end)
                    current = end
        else:
            raise Unsupported(f"opcode {op}")
    return current


@dataclass(frozen=True)
class DigitDFA:
    """``table[state, digit]`` → next state; state 0 is dead; 1 is the start."""

    table: npt.NDArray[np.int32]
    accept: npt.NDArray[np.bool_]

    @classmethod
    def compile(cls, pattern: str) -> DigitDFA:
        if parser is None:
            raise Unsupported("no regex parser")
        try:
            tree = parser.parse(pattern)
        except Exception as exc:  # re.error
            raise Unsupported(str(exc)) from exc
        nfa = _NFA()
        start = nfa.state()
        end = _build(nfa, tree, start)

        def closure(states: frozenset[int]) -> frozenset[int]:
            seen, stack = set(states), list(states)
            while stack:
                for nxt in nfa.eps[stack.pop()]:
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
            return frozenset(seen)

        ids: dict[frozenset[int], int] = {frozenset(): 0}
        rows: list[list[int]] = [[0] * 10]
        first = closure(frozenset({start}))
        ids[first] = 1
        rows.append([0] * 10)
        queue = [first]
        while queue:
            current = queue.pop()
            row = rows[ids[current]]
            for digit in range(10):
                targets = frozenset(
                    t for s in current for chars, t in nfa.edges[s] if digit in chars
                )
                if not targets:
                    continue
                nxt = closure(targets)
                if nxt not in ids:
                    if len(ids) >= MAX_DFA_STATES:
                        raise Unsupported("DFA too large")
                    ids[nxt] = len(rows)
                    rows.append([0] * 10)
                    queue.append(nxt)
                row[digit] = ids[nxt]
        accept = np.zeros(len(rows), dtype=bool)
        for states, index in ids.items():
            accept[index] = end in states
        return cls(table=np.asarray(rows, dtype=np.int32), accept=accept)

    def fullmatch_padded(
        self, digits: npt.NDArray[np.int8], lengths: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.bool_]:
        """Rows of a right-padded digit matrix, each ``lengths[i]`` digits long.

        Rows are grouped by length so each group takes exactly its ``L`` steps
        through a flat transition table (one gather per digit)."""
        out = np.zeros(digits.shape[0], dtype=bool)
        flat = self.table.ravel()
        for length in np.unique(lengths):
            rows = np.flatnonzero(lengths == length)
            block = digits[rows]  # int8: each step upcasts as it adds
            state = np.ones(len(rows), dtype=np.int32)
            for column in range(min(int(length), digits.shape[1])):
                state = flat[state * 10 + block[:, column]]
            out[rows] = self.accept[state] if length >= 0 else False
        return out
