"""Compile a digits-only regular expression to a DFA and run it over a column.

phonenumbers decides validity by ``re.fullmatch`` of long patterns (the IN
fixed-line pattern is 1,263 characters) against each national number. Those
patterns describe regular languages over the digits 0-9, so they compile to a
DFA: a ``(states × 10)`` table. :class:`Matcher` runs one (or several side by
side, as one) over a column of numbers two digits a step: ``L/2`` NumPy gathers
for numbers of ``L`` digits — the same answer as ``re.fullmatch`` on every
string, at a tiny fraction of the cost.

The compiler reads the pattern with a parser of its own for the small regex
dialect phonenumbers' metadata is written in (literals, classes, ``\\d``,
groups, alternation, bounded and unbounded repeats) — not with Python's private
``re._parser``, which may change without notice — and accepts only what it
translates exactly; anything else raises :class:`Unsupported` and the caller
keeps using phonenumbers itself. ``tests/test_dfa.py`` checks the DFAs of every
pattern in the metadata against ``re.fullmatch``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from . import _dfacache

DIGITS = frozenset(range(10))
MAX_DFA_STATES = 200_000
#: In a digit matrix, what follows a row's last digit (each row: its digits, then PAD).
PAD = 10
#: A matcher's state ``s`` is carried as ``s << _SHIFT``: the row of its pair table
#: (the 11 × 11 pairs of a digit or PAD fit in 128 columns).
_SHIFT = 7
#: Side-by-side DFAs past this many joint states are not run (a table of 64 MB).
MAX_MATCHER_STATES = 1 << 17
#: Lengths a matcher can accept (one bit each in a 64-bit mask).
_LENGTH_BITS = 64


class Unsupported(Exception):
    """The pattern uses something this compiler does not translate exactly."""


K = TypeVar("K")
V = TypeVar("V")


class compiled_once(Generic[K, V]):  # noqa: N801 - a decorator, named like functools.cache
    """``functools.cache`` for a compiler that several threads call: each key is
    compiled by the first thread to ask, while the others wait for its result
    instead of compiling it too (the first batches, checked side by side, meet the
    same countries at once). :class:`Unsupported` is remembered like a result."""

    def __init__(self, compile: Callable[[K], V]) -> None:
        self._compile = compile
        self._done: dict[K, V | Unsupported] = {}
        self._locks: dict[K, threading.Lock] = {}
        self._guard = threading.Lock()
        self.__doc__ = compile.__doc__
        self.__wrapped__ = compile

    def __call__(self, key: K) -> V:
        if key not in self._done:
            with self._guard:
                lock = self._locks.setdefault(key, threading.Lock())
            with lock:
                if key not in self._done:
                    try:
                        self._done[key] = self._compile(key)
                    except Unsupported as exc:
                        self._done[key] = exc
        found = self._done[key]
        if isinstance(found, Unsupported):
            raise found
        return found


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


def _closures(eps: list[list[int]]) -> list[int]:
    """Each NFA state's epsilon closure, as a bit mask of states."""
    found: list[int] = []
    for state in range(len(eps)):
        seen, stack = 1 << state, [state]
        while stack:
            for nxt in eps[stack.pop()]:
                if not seen >> nxt & 1:
                    seen |= 1 << nxt
                    stack.append(nxt)
        found.append(seen)
    return found


@dataclass(frozen=True)
class DigitDFA:
    """``table[state, digit]`` → next state; state 0 is dead; 1 is the start."""

    table: npt.NDArray[np.int32]
    accept: npt.NDArray[np.bool_]

    @classmethod
    def compile(cls, pattern: str) -> DigitDFA:
        """The DFA of ``pattern`` (from the command line's cache if it holds it)."""
        cache = _dfacache.active()
        if cache is None:
            return cls._compile(pattern)
        found, compiled = cache.get(pattern)
        if not found:
            try:
                dfa = cls._compile(pattern)
            except Unsupported:
                cache.put(pattern, None)
                raise
            cache.put(pattern, (dfa.table, dfa.accept))
            return dfa
        if compiled is None:
            raise Unsupported("refused when it was compiled before (cached)")
        return cls(table=compiled[0], accept=compiled[1])

    @classmethod
    def _compile(cls, pattern: str) -> DigitDFA:
        tree = _Parser(pattern).parse()
        nfa = _NFA()
        start = nfa.state()
        end = _build(nfa, tree, start)

        # Subset construction over bit masks of NFA states: each state's epsilon
        # closure, and per digit the closed states its edges lead to, worked out once.
        closures = _closures(nfa.eps)
        steps: list[list[tuple[int, int]]] = []
        for edges in nfa.edges:
            by_digit = [0] * 10
            for chars, target in edges:
                for digit in chars:
                    by_digit[digit] |= closures[target]
            steps.append([(digit, mask) for digit, mask in enumerate(by_digit) if mask])
        moving = sum(1 << state for state, step in enumerate(steps) if step)
        first = closures[start]
        ids: dict[int, int] = {0: 0, first: 1}
        rows: list[list[int]] = [[0] * 10, [0] * 10]
        queue = [first]
        while queue:
            current = queue.pop()
            targets = [0] * 10
            left = current & moving
            while left:
                low = left & -left
                left ^= low
                for digit, mask in steps[low.bit_length() - 1]:
                    targets[digit] |= mask
            row = rows[ids[current]]
            for digit, nxt in enumerate(targets):
                if not nxt:
                    continue
                if nxt not in ids:
                    if len(ids) >= MAX_DFA_STATES:
                        raise Unsupported("DFA too large")
                    ids[nxt] = len(rows)
                    rows.append([0] * 10)
                    queue.append(nxt)
                row[digit] = ids[nxt]
        accept = np.zeros(len(rows), dtype=bool)
        final = 1 << end
        for states, index in ids.items():
            accept[index] = bool(states & final)
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


def shifted(digits: npt.NDArray[np.int8], k: int) -> npt.NDArray[np.int8]:
    """A digit matrix without each row's first ``k`` columns (PAD fills the end)."""
    out = np.full_like(digits, PAD)
    out[:, : digits.shape[1] - k] = digits[:, k:]
    return out


def length_mask(lengths: frozenset[int] | None) -> int:
    """The bit mask of ``lengths`` (``None``: any length); lengths a number cannot
    have (phonenumbers writes ``-1`` for "none") set no bit."""
    if lengths is None:
        return (1 << _LENGTH_BITS) - 1
    return sum(1 << length for length in lengths if 0 <= length < _LENGTH_BITS)


@dataclass(frozen=True, eq=False)
class Matcher:
    """DFAs run side by side over a digit matrix, two digits a step, accepting by length.

    ``pairs[(s << 7) + 11·a + b]`` is the joint state after symbols ``a`` then ``b``
    from state ``s`` (shifted likewise); PAD (10) leaves a state as it is, so a row's
    state after every column is its state after its digits, whatever its length —
    no grouping by length, no copies. ``accept[s]`` has bit ``L`` set where a number
    of ``L`` digits ending in ``s`` matches."""

    pairs: npt.NDArray[np.int32]
    accept: npt.NDArray[np.uint64]

    @classmethod
    def joint(
        cls,
        dfas: Sequence[DigitDFA],
        accept: Callable[[npt.NDArray[np.bool_]], npt.NDArray[np.uint64]],
    ) -> Matcher:
        """``dfas`` as one. A joint state is a tuple of their states (numbered in
        mixed radix); ``accept`` maps which of them accept (a joint state per row,
        a DFA per column) to the lengths each joint state accepts (masks,
        :func:`length_mask`). Nothing can match once the first DFA is dead: such
        tuples are the dead state. Breadth first, a level of states at a time.
        Raises :class:`Unsupported` past :data:`MAX_MATCHER_STATES` joint states."""
        sizes = [len(dfa.table) for dfa in dfas]
        radix = np.cumprod([1, *sizes[:-1]], dtype=np.int64)
        if float(np.prod(sizes, dtype=np.float64)) >= 2.0**62:
            raise Unsupported("too many DFAs side by side")
        tables = [dfa.table.astype(np.int64) for dfa in dfas]
        sizes_array = np.asarray(sizes, dtype=np.int64)

        def parts(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
            found: npt.NDArray[np.int64] = (codes[:, None] // radix) % sizes_array
            return found

        def following(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
            states = parts(codes)
            nxt = np.zeros((len(codes), 10), dtype=np.int64)
            for table, column, base in zip(tables, states.T, radix.tolist(), strict=True):
                nxt += table[column] * base
            nxt[tables[0][states[:, 0]] == 0] = 0  # the first DFA dead: dead
            return nxt

        start = int(radix.sum())
        order = [0, start]
        known = set(order)
        frontier = [start]
        while frontier:
            reached = np.unique(following(np.asarray(frontier, dtype=np.int64))).tolist()
            frontier = [code for code in reached if code not in known]
            known.update(frontier)
            order += frontier
            if len(order) > MAX_MATCHER_STATES:
                raise Unsupported("too many joint states")
        codes = np.asarray(order, dtype=np.int64)
        sorter = np.argsort(codes)
        table = sorter[np.searchsorted(codes, following(codes), sorter=sorter)]
        found = np.stack(
            [dfa.accept[column] for dfa, column in zip(dfas, parts(codes).T, strict=True)], axis=1
        )
        bits = np.asarray(accept(found), dtype=np.uint64)
        bits[0] = 0
        return cls._tabled(table, bits)

    @classmethod
    def of(cls, dfa: DigitDFA, lengths: frozenset[int] | None = None) -> Matcher:
        """``dfa``'s full matches of ``lengths`` digits (``None``: any length).

        One DFA alone needs no joint states: its table is taken as it is (the same
        numbering: 0 dead, 1 the start)."""
        mask = np.uint64(length_mask(lengths))
        accept = np.where(dfa.accept, mask, np.uint64(0)).astype(np.uint64)
        accept[0] = 0
        return cls._tabled(dfa.table.astype(np.int64), accept)

    @classmethod
    def _tabled(cls, table: npt.NDArray[np.int64], accept: npt.NDArray[np.uint64]) -> Matcher:
        count = len(table)
        step = np.empty((count, PAD + 1), dtype=np.int64)
        step[:, :PAD] = table
        step[:, PAD] = np.arange(count)  # PAD: stay
        pairs = np.zeros((count, 1 << _SHIFT), dtype=np.int32)
        pairs[:, : (PAD + 1) ** 2] = step[step].reshape(count, -1) << _SHIFT
        return cls(pairs=pairs.ravel(), accept=accept)

    def match(
        self,
        digits: npt.NDArray[np.int8],
        lengths: npt.NDArray[np.int64],
        among: npt.NDArray[np.bool_] | None = None,
    ) -> npt.NDArray[np.bool_]:
        """For each row of a digit matrix (``lengths[i]`` digits, then PAD): does it
        match? Only rows ``among`` are run; a row longer than the matrix never does."""
        out = np.zeros(len(lengths), dtype=bool)
        rows = None if among is None else np.flatnonzero(among)
        if rows is not None and len(rows) == len(lengths):
            rows = None
        block = digits if rows is None else digits[rows]
        counts = lengths if rows is None else lengths[rows]
        if not len(counts):
            return out
        width = block.shape[1]
        steps = (min(int(counts.max()), width) + 1) // 2
        if 2 * steps > width:  # an odd width: one PAD column more
            block = np.concatenate([block, np.full((len(block), 1), PAD, np.int8)], axis=1)
        pairs = block[:, 0 : 2 * steps : 2] * np.int8(PAD + 1) + block[:, 1 : 2 * steps : 2]
        state = np.full(len(block), 1 << _SHIFT, dtype=np.int32)
        for column in range(steps):
            np.add(state, pairs[:, column], out=state)
            state = self.pairs.take(state)
        fits = (counts >= 0) & (counts <= min(width, _LENGTH_BITS - 1))
        shift = np.where(fits, counts, 0).astype(np.uint64)
        bits = self.accept[state >> _SHIFT] >> shift
        found: npt.NDArray[np.bool_] = (bits & np.uint64(1)).astype(bool) & fits
        if rows is None:
            return found
        out[rows] = found
        return out
