"""Compile a digits-only regular expression to a DFA and run it over a column.

phonenumbers decides validity by ``re.fullmatch`` of long patterns (the IN
fixed-line pattern is 1,263 characters) against each national number. Those
patterns describe regular languages over the digits 0-9, so they compile to a
DFA: a ``(states × 10)`` table. Running it over ``n`` numbers of length ``L`` is
``L`` NumPy gathers — the same answer as ``re.fullmatch`` on every string, at a
tiny fraction of the cost.

The compiler reads the pattern with a parser of its own for the small regex
dialect phonenumbers' metadata is written in (literals, classes, ``\\d``,
groups, alternation, bounded and unbounded repeats) — not with Python's private
``re._parser``, which may change without notice — and accepts only what it
translates exactly; anything else raises :class:`Unsupported` and the caller
keeps using phonenumbers itself. ``tests/test_dfa.py`` checks the DFAs of every
pattern in the metadata against ``re.fullmatch``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

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


# -- the pattern, as a tree: ("set", digits) one character · ("seq", [nodes]) ·
# ("alt", [nodes]) · ("rep", low, high or None for unbounded, node) ----------------
_MAX_REPEAT = 100  # metadata repeats are {1,5}-sized; more is not a phone pattern


class _Parser:
    """Recursive descent over the regex dialect of phonenumbers' metadata."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0

    def parse(self) -> Any:
        node = self._alternation()
        if self.at != len(self.text):
            raise Unsupported(f"unexpected {self.text[self.at]!r} at {self.at}")
        return node

    def _peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def _take(self) -> str:
        ch = self._peek()
        if not ch:
            raise Unsupported("pattern ends early")
        self.at += 1
        return ch

    def _alternation(self) -> Any:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.at += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def _sequence(self) -> Any:
        items = []
        while self._peek() not in ("", "|", ")"):
            items.append(self._repeat(self._atom()))
        return ("seq", items)

    def _atom(self) -> Any:
        ch = self._take()
        if ch == "(":
            if self.text.startswith("?:", self.at):
                self.at += 2
            elif self._peek() == "?":
                raise Unsupported("group extension")
            node = self._alternation()
            if self._take() != ")":
                raise Unsupported("unclosed group")
            return node
        if ch == "[":
            return ("set", self._class())
        if ch == "\\":
            escaped = self._take()
            if escaped == "d":
                return ("set", DIGITS)
            if escaped.isalnum():
                raise Unsupported(f"escape \\{escaped}")
            return ("set", _literal(escaped))
        if ch in "*+?{":
            raise Unsupported(f"nothing to repeat at {self.at - 1}")
        if ch in ".^$":
            raise Unsupported(f"{ch!r} is not in the digits-only dialect")
        return ("set", _literal(ch))

    def _class(self) -> frozenset[int]:
        negate = self._peek() == "^"
        if negate:
            self.at += 1
        chars: set[int] = set()
        first = True
        while True:
            ch = self._take()
            if ch == "]" and not first:
                break
            first = False
            if ch == "\\":
                escaped = self._take()
                if escaped == "d":
                    chars |= DIGITS
                    continue
                if escaped.isalnum():
                    raise Unsupported(f"escape \\{escaped} in a class")
                ch = escaped
            if self._peek() == "-" and self.text[self.at + 1 : self.at + 2] not in ("]", ""):
                self.at += 1
                high = self._take()
                if high == "\\":
                    raise Unsupported("escaped range end")
                chars |= {d for d in DIGITS if ord(ch) <= d + 48 <= ord(high)}
            else:
                chars |= _literal(ch)
        return frozenset(DIGITS - chars) if negate else frozenset(chars)

    def _repeat(self, node: Any) -> Any:
        while True:
            ch = self._peek()
            if ch == "?":
                low, high = 0, 1
            elif ch == "*":
                low, high = 0, None
            elif ch == "+":
                low, high = 1, None
            elif ch == "{":
                bounds = self._bounds()
                if bounds is None:
                    return node
                low, high = bounds
                node = ("rep", low, high, node)
                self._lazy()
                continue
            else:
                return node
            self.at += 1
            node = ("rep", low, high, node)
            self._lazy()

    def _bounds(self) -> tuple[int, int | None] | None:
        close = self.text.find("}", self.at)
        body = self.text[self.at + 1 : close] if close > 0 else ""
        low, comma, high = body.partition(",")
        if not low.isdigit() or (high and not high.isdigit()):
            raise Unsupported(f"repeat {{{body}}}")
        self.at = close + 1
        bounds = (int(low), (int(high) if high else None) if comma else int(low))
        if max(bounds[0], bounds[1] or 0) > _MAX_REPEAT:
            raise Unsupported("repeat too large")
        return bounds

    def _lazy(self) -> None:
        # a lazy repeat matches the same strings under fullmatch
        if self._peek() == "?":
            self.at += 1


def _literal(ch: str) -> frozenset[int]:
    """A literal character: a digit, or a character no digit string holds."""
    return frozenset({ord(ch) - 48}) if "0" <= ch <= "9" else frozenset()


def _build(nfa: _NFA, node: Any, start: int) -> int:
    """Thompson construction of ``node`` from ``start``; returns the end state."""
    kind = node[0]
    if kind == "set":
        end = nfa.state()
        nfa.edges[start].append((node[1], end))
        return end
    if kind == "seq":
        current = start
        for item in node[1]:
            current = _build(nfa, item, current)
        return current
    if kind == "alt":
        end = nfa.state()
        for branch in node[1]:
            nfa.eps[_build(nfa, branch, start)].append(end)
        return end
    _, low, high, sub = node
    current = start
    for _ in range(low):
        current = _build(nfa, sub, current)
    if high is None:
        loop = nfa.state()
        nfa.eps[current].append(loop)
        nfa.eps[_build(nfa, sub, loop)].append(loop)
        return loop
    for _ in range(high - low):
        end = nfa.state()
        nfa.eps[current].append(end)
        nfa.eps[_build(nfa, sub, current)].append(end)
        current = end
    return current


@dataclass(frozen=True)
class DigitDFA:
    """``table[state, digit]`` → next state; state 0 is dead; 1 is the start."""

    table: npt.NDArray[np.int32]
    accept: npt.NDArray[np.bool_]

    @classmethod
    def compile(cls, pattern: str) -> DigitDFA:
        tree = _Parser(pattern).parse()
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

    def lengths(self, longest: int = 32) -> set[int]:
        """The lengths (up to ``longest``) of the digit strings the pattern matches."""
        found, states = set(), {1}
        for length in range(longest + 1):
            if any(self.accept[s] for s in states):
                found.add(length)
            states = {int(self.table[s, d]) for s in states for d in range(10)} - {0}
            if not states:
                break
        return found

    def fullmatch_padded(
        self, digits: npt.NDArray[np.int8], lengths: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.bool_]:
        """Rows of a right-padded digit matrix, each ``lengths[i]`` digits long.

        Rows are grouped by length so each group takes exactly its ``L`` steps
        through a flat transition table (one gather per digit); a column holds
        mostly one length, whose rows are then taken as they are (no copy)."""
        out = np.zeros(digits.shape[0], dtype=bool)
        if not len(lengths):
            return out
        flat = self.table.ravel()
        counts = np.bincount(np.clip(lengths, 0, None))
        for length in np.flatnonzero(counts).tolist():
            if counts[length] == len(lengths):
                rows, block = None, digits
            else:
                rows = np.flatnonzero(lengths == length)
                block = digits[rows]  # int8: each step upcasts as it adds
            state = np.ones(len(block), dtype=np.int32)
            for column in range(min(length, digits.shape[1])):
                state = flat[state * 10 + block[:, column]]
            found = self.accept[state]
            if rows is None:
                out[:] = found
            else:
                out[rows] = found
        out[lengths < 0] = False
        return out
