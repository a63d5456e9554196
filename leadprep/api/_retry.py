"""When to try a request again, and how long to wait first.

DialNexa's advice (its rate-limit guide): on 429 wait ``Retry-After`` seconds, then back
off exponentially. :class:`RetryPolicy` does that, bounded in attempts and in
every single wait, with jitter so parallel uploads don't retry in lockstep.

Failures fall in two kinds:

* **not sent** — connection refused, 429, 503: the server did nothing; always
  safe to retry.
* **in doubt** — read timeout, dropped connection, 500/502/504 after the body
  went out: the server may have acted. Retried only where the caller says it is
  safe (``retry_in_doubt``): idempotent reads and updates, and uploads (which the
  ledger reconciles), never campaign creation.

Tests switch waiting off with ``RetryPolicy(wait=False)`` (or
:meth:`RetryPolicy.no_wait`): same decisions, no sleeping. Drills and tests that
run the real command cap every backoff instead with ``LEADPREP_RETRY_MAX_DELAY``
(seconds; a server's ``Retry-After`` is still honoured).
"""

from __future__ import annotations

import email.utils
import math
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .._exceptions import UsageError

#: Statuses that mean "nothing happened, ask again later".
NOT_SENT_STATUSES = frozenset({429, 503})
#: Caps the backoff between two tries, in seconds (default 30): for drills and tests.
ENV_MAX_DELAY = "LEADPREP_RETRY_MAX_DELAY"
#: Statuses after which the request may or may not have been carried out.
IN_DOUBT_STATUSES = frozenset({500, 502, 504})


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    A date in the past is ``0``; anything unparseable is ``None`` (fall back to
    backoff). Capping is the policy's job.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _max_delay_from_env(default: float) -> float:
    text = os.environ.get(ENV_MAX_DELAY, "").strip()
    if not text:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not (math.isfinite(seconds) and seconds >= 0):
        raise UsageError(
            f"{ENV_MAX_DELAY}={text!r} is not a number of seconds",
            hint=f"set it to e.g. 1, or unset it for the default of {default:g} s",
        )
    return seconds


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter that honours ``Retry-After``."""

    #: total tries, the first included
    attempts: int = 6
    #: first backoff, doubled each retry
    base_delay: float = 0.5
    #: longest backoff between two tries (``$LEADPREP_RETRY_MAX_DELAY``, else 30 s)
    max_delay: float = field(default_factory=lambda: _max_delay_from_env(30.0))
    #: longest wait a server's Retry-After / X-RateLimit-Reset may impose
    max_retry_after: float = 120.0
    #: fraction of each backoff that is randomised
    jitter: float = 0.5
    #: False: decide exactly as usual but never sleep (tests, drills)
    wait: bool = True
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    @classmethod
    def no_wait(cls, attempts: int = 6) -> RetryPolicy:
        return cls(attempts=attempts, wait=False)

    def backoff(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 = the first retry)."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * float(2 ** (retry - 1)))
        return ceiling * (1 - self.jitter) + ceiling * self.jitter * self.rng.random()

    def pause(self, seconds: float, cancelled: threading.Event | None = None) -> None:
        """Wait ``seconds`` (not when waiting is off); end early once ``cancelled`` is set."""
        if not (self.wait and seconds > 0):
            return
        if cancelled is None or self.sleep is not time.sleep:
            self.sleep(seconds)
        else:
            cancelled.wait(seconds)
