"""Check stage, destinations: which numbers the workspace may call.

Mirrors DialNexa's Workspace Settings › Telephony Config::

    {"sip": false,
     "network_groups": [
        {"country": "IN", "name": "India Mobile",
         "prefixes": ["+916", "+917", "+918", "+919"], "enabled": true}]}

* ``sip: true`` skips route checks;
* a number whose country has no enabled group → ``unsupported_country``;
* a country with enabled groups but no matching prefix → ``unsupported_prefix``
  (a group with empty ``prefixes`` covers the whole country);
* no enabled group at all → the file-level ``no_enabled_countries``.

Without a config, the default region's whole country is enabled. The sandbox
reads the same config format but decides routes its own way, so tests compare
two implementations.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._exceptions import UsageError
from .._paths import regular_input
from .._resources import load_schema
from .._types import IntArray, ObjArray
from ..normalise import POW10

_NOT_DIGIT = re.compile(r"[^0-9]")
#: What :meth:`TelephonyConfig.check_column` says of a number the workspace may not call.
COUNTRY = "unsupported_country"
PREFIX = "unsupported_prefix"


@dataclass(frozen=True)
class NetworkGroup:
    country: str
    prefixes: tuple[str, ...]
    name: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class TelephonyConfig:
    """The destinations a workspace may call."""

    network_groups: tuple[NetworkGroup, ...]
    sip: bool = False

    @classmethod
    def whole_country(cls, region: str) -> TelephonyConfig:
        """The default: every number of ``region``, nothing else."""
        return cls((NetworkGroup(country=region, prefixes=(), name=region),))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "telephony config") -> Any:
        """Build from the JSON shape, raising :class:`UsageError` naming the bad JSON path."""
        import jsonschema

        validator = jsonschema.Draft202012Validator(load_schema("telephony-config"))
        error = jsonschema.exceptions.best_match(validator.iter_errors(data))
        if error is not None:
            raise UsageError(
                f"{source}: {error.json_path}: {error.message}",
                hint="see schemas/telephony-config.schema.json for the format",
            )
        groups = tuple(
            NetworkGroup(
                country=g["country"].upper(),
                prefixes=tuple("+" + _NOT_DIGIT.sub("", p) for p in g.get("prefixes", [])),
                name=g.get("name", ""),
                enabled=g.get("enabled", True),
            )
            for g in data["network_groups"]
        )
        return cls(network_groups=groups, sip=bool(data.get("sip", False)))

    @classmethod
    def load(cls, path: str | Path) -> TelephonyConfig:
        path = Path(path)
        regular_input(path, "telephony config", "--telephony-config")
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise UsageError(
                f"cannot read telephony config {path}: {exc.strerror or exc}",
                hint="check the --telephony-config path",
            ) from exc
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"telephony config {path} is not valid JSON: line {exc.lineno} "
                f"column {exc.colno}: {exc.msg}",
                hint="fix the JSON syntax",
            ) from exc
        config: TelephonyConfig = cls.from_dict(data, source=str(path))
        return config

    # The config is frozen: what it enables is worked out once, not once a row.
    @functools.cached_property
    def enabled(self) -> tuple[NetworkGroup, ...]:
        return tuple(g for g in self.network_groups if g.enabled)

    @property
    def has_enabled_countries(self) -> bool:
        return self.sip or bool(self.enabled)

    @functools.cached_property
    def _allowed(self) -> dict[str, tuple[str, ...] | None]:
        """country -> prefixes allowed, ``None`` meaning the whole country."""
        out: dict[str, tuple[str, ...] | None] = {}
        for g in self.enabled:
            if not g.prefixes:
                out[g.country] = None
            elif out.get(g.country, ()) is not None:
                out[g.country] = (*(out.get(g.country) or ()), *g.prefixes)
        return out

    def check_column(self, keys: IntArray, region: ObjArray) -> ObjArray:
        """Route codes for valid numbers given as E.164 integer keys
        (see :func:`leadprep.normalise.e164_key`); returns codes (``""`` = ok).

        A prefix is a test on the leading digits: ``+917`` matches the keys whose
        first three digits are 917, found by integer division — no strings."""
        codes = np.full(len(keys), "", dtype=object)
        if self.sip or len(keys) == 0:
            return codes
        allowed = self._allowed
        n_digits: IntArray | None = None
        elsewhere: list[IntArray] = []
        for country, at in by_region(region):
            if country not in allowed:
                elsewhere.append(at)
                continue
            prefixes = allowed[country]
            if prefixes is None:
                continue
            ok = np.zeros(len(keys), dtype=bool)
            if n_digits is None:
                n_digits = np.searchsorted(POW10, keys, side="right")
            for prefix in prefixes:
                digits = prefix.lstrip("+")
                if not digits:
                    ok[:] = True
                    break
                shift = n_digits - len(digits)
                head = keys // POW10[shift.clip(0, None)]
                ok |= (shift >= 0) & (head == int(digits))
            codes[at[~ok[at]]] = PREFIX
        if elsewhere:
            codes[np.concatenate(elsewhere)] = COUNTRY
        return codes

    def describe(self, country: str) -> str:
        """Human summary of what is enabled for ``country`` (for messages)."""
        prefixes = self._allowed.get(country.upper(), ())
        if prefixes is None:
            return f"all of {country}"
        return ", ".join(prefixes) if prefixes else "nothing"

    @property
    def enabled_countries(self) -> list[str]:
        return list(self._enabled_countries)

    @functools.cached_property
    def _enabled_countries(self) -> tuple[str, ...]:
        return tuple(sorted({g.country for g in self.enabled}))


def by_region(region: ObjArray) -> Iterator[tuple[str, IntArray]]:
    """Each country of ``region`` (an object array of region codes) and its rows.

    A column is mostly one country: the first row's is found by one comparison of
    objects (the same interned string, mostly), the few others by Arrow."""
    first = str(region[0])
    mine = region == first
    yield first, np.flatnonzero(mine)
    others = np.flatnonzero(~mine)
    if not len(others):
        return
    import pyarrow as pa

    encoded = pa.array(region[others], pa.string()).dictionary_encode()
    which = encoded.indices.to_numpy(zero_copy_only=False)
    order = np.argsort(which, kind="stable")  # each country's rows together, in order
    bounds = np.searchsorted(which[order], np.arange(len(encoded.dictionary) + 1))
    for index, country in enumerate(encoded.dictionary.to_pylist()):
        yield country, others[order[bounds[index] : bounds[index + 1]]]
