"""What a sandbox serves: its keys, database, destinations and faults."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dialnexa import DEFAULT_REGION


@dataclass
class SandboxConfig:
    """Settings of one sandbox; the fault fields may be changed while it runs."""

    api_key: str = "dnx_test_sandbox"
    #: a key that may read but gets 403 on every write
    read_only_key: str | None = None
    #: SQLite file (state survives a restart) or ``":memory:"``
    db: str = ":memory:"
    #: enabled destinations, as telephony-config JSON (a file or its data);
    #: ``None``: the whole of ``default_region``
    telephony: str | Path | Mapping[str, Any] | None = None
    default_region: str = DEFAULT_REGION
    #: share of requests answered 503 before anything happens
    fail_rate: float = 0.0
    latency_ms: int = 0
    #: requests per second per key; 0 = unlimited
    rate_limit: int = 0
    #: share of writes that commit, then answer 500 or drop the connection
    fail_after_commit_rate: float = 0.0
    #: leads leave ``pending`` this long after they are created (None: never)
    dial_after_ms: int | None = None
    #: makes injected faults repeatable
    seed: int | None = None
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 - fault injection, not secrecy
