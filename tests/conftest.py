from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from leadprep.api import DialNexaClient
    from leadprep.sandbox import RunningSandbox

FIXTURES = Path(__file__).parent / "fixtures"

# The user's data directory (default ledger, per-campaign locks) is a fresh one for
# the whole run, inherited by every child process: tests never touch the real one.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="leadprep-tests-data-")
# Likewise the cache of compiled patterns (the command line's, in child processes).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="leadprep-tests-cache-")
SAMPLES = Path(__file__).parent.parent / "sample_files"

settings.register_profile(
    "default", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``leadprep ARGS`` in this process (``cli.main``), as a child process would:
    what it prints, and its exit code. ``env`` adds variables, ``unset`` removes some."""
    from leadprep.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env or {}), redirect_stdout(out), redirect_stderr(err):
        for name in unset:
            os.environ.pop(name, None)
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's own exits (--help, usage errors)
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["leadprep", *argv], code, out.getvalue(), err.getvalue())


def run_process(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real ``leadprep`` command line in a child process (where that is the point)."""
    return subprocess.run(
        [sys.executable, "-m", "leadprep", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def fixture(name: str) -> Path:
    path = FIXTURES / name
    assert path.exists(), f"missing fixture {name}: run tests/fixtures/make_fixtures.py"
    return path


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    """A DialNexa sandbox in this process, its state in this test's own SQLite file
    (the default telephony config). Tests that need another config define their own."""
    from sandboxproc import KEY

    from leadprep.sandbox import RunningSandbox, SandboxConfig

    with RunningSandbox(SandboxConfig(api_key=KEY, db=str(tmp_path / "sandbox.db"))) as sb:
        yield sb


@pytest.fixture
def client(sandbox: RunningSandbox) -> Iterator[DialNexaClient]:
    """A client of :func:`sandbox` that retries at once (no waiting in tests)."""
    from sandboxproc import KEY

    from leadprep.api import DialNexaClient, RetryPolicy

    with DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait(8)) as c:
        yield c
