"""The command line says the same thing for the same condition in every command (spec
§5, §13): an unknown campaign is exit 2 from ``upload`` and ``lead add``; ``-q`` prints
nothing on success; each command's Ctrl-C message is its own; ``--notify`` posts a
summary and never changes the exit code; a log read from a file has its lines in the
order they happened, with no progress frames."""

from __future__ import annotations

import http.server
import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import pytest
from conftest import SAMPLES, run_cli
from sandboxproc import KEY

from leadprep._exceptions import Interrupted
from leadprep.cli._parser import COMMANDS
from leadprep.sandbox import RunningSandbox


def _env(sandbox: RunningSandbox) -> dict[str, str]:
    return {"DIALNEXA_API_KEY": KEY, "DIALNEXA_BASE_URL": sandbox.url}


def test_an_unknown_campaign_is_exit_2_from_upload_and_lead_add(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    env = _env(sandbox)
    upload = run_cli(
        "upload", SAMPLES / "leads_clean.csv", "--campaign", "cmp_nope",
        "--ledger", tmp_path / "l.db", env=env,
    )  # fmt: skip
    add = run_cli(
        "lead", "add", "--campaign", "cmp_nope", "--phone", "9812345670", "--name", "A", env=env
    )
    get = run_cli("lead", "get", "lead_nope", env=env)
    assert (upload.returncode, add.returncode, get.returncode) == (2, 2, 2)
    assert "cmp_nope" in upload.stdout
    assert "cmp_nope" in add.stderr


def test_quiet_prints_nothing_on_success_and_the_verdict_otherwise(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    env = _env(sandbox)
    created = run_cli("campaign", "create", "--name", "q", "--agent-id", "agt_1", "-q", env=env)
    assert (created.returncode, created.stdout, created.stderr) == (0, "", "")
    as_json = run_cli("campaign", "create", "--name", "q", "--agent-id", "agt_1", "--json", env=env)
    campaign = json.loads(as_json.stdout)["id"]
    for args in (
        ["validate", SAMPLES / "leads_clean.csv", "-q"],
        ["prepare", SAMPLES / "leads_clean.csv", "--out-dir", tmp_path / "parts", "-q"],
        ["upload", SAMPLES / "leads_clean.csv", "--campaign", campaign, "-q",
         "--ledger", tmp_path / "l.db"],
        ["lead", "add", "--campaign", campaign, "--phone", "9812345670", "--name", "A", "-q"],
    ):  # fmt: skip
        result = run_cli(*args, env=env)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), args
    bad = run_cli("validate", SAMPLES / "leads_messy.csv", "-q")
    assert bad.returncode == 1
    assert bad.stdout.startswith("Result: 11 rows to fix")


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_each_command_says_what_an_interruption_left(command: str) -> None:
    """Stopped by SIGINT, a command says what its own stop means (not the upload's)."""
    own = next(c for c in COMMANDS if c.name == command)
    args = {
        "validate": ["validate", "f.csv"],
        "upload": ["upload", "f.csv", "--campaign", "c", "--api-key", "k"],
        "prepare": ["prepare", "f.csv", "--out-dir", "d"],
        "init": ["init", "f.csv"],
        "demo": ["demo"],
        "sandbox": ["sandbox", "--api-key", "k"],
        "campaign create": ["campaign", "create", "--name", "n", "--agent-id", "a",
                            "--api-key", "k"],
        "lead add": ["lead", "add", "--campaign", "c", "--phone", "9812345670", "--name", "n",
                     "--api-key", "k"],
        "lead get": ["lead", "get", "x", "--api-key", "k"],
        "lead update": ["lead", "update", "x", "--name", "n", "--api-key", "k"],
    }[command]  # fmt: skip

    def stopped(_settings: Any) -> int:
        raise Interrupted(signal.SIGINT)

    with mock.patch.object(type(own), "load", return_value=stopped):
        result = run_cli(*args)
    assert result.returncode == 130
    assert result.stderr == f"error: interrupted by SIGINT — {own.interrupted}\n"
    if command != "upload":
        assert "resumes" not in own.interrupted


class _Hook(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []  # (each test's subclass has its own)
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[tuple[str, type[_Hook]]]:
    handler = type("Hook", (_Hook,), {"received": [], "status": 200})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks/T000/B000/secret", handler
    server.shutdown()
    server.server_close()


def test_notify_posts_a_short_summary_with_a_slack_text(
    hook: tuple[str, type[_Hook]], tmp_path: Path
) -> None:
    url, handler = hook
    report = tmp_path / "r.json"
    result = run_cli(
        "validate", SAMPLES / "leads_messy.csv", "--notify", url, "-q", "--report-json", report
    )
    assert result.returncode == 1
    (sent,) = handler.received
    assert sent["text"].startswith(f"leadprep validate {SAMPLES / 'leads_messy.csv'}: 11 rows")
    assert sent["exit_code"] == 1
    assert sent["status"] == "rows_left_out"
    assert (sent["rows_total"], sent["rows_valid"], sent["rows_invalid"]) == (70, 59, 11)
    assert sent["reports"] == {"report": str(report)}


def test_an_upload_notification_has_the_reconciliation_and_never_the_key(
    hook: tuple[str, type[_Hook]], sandbox: RunningSandbox, tmp_path: Path
) -> None:
    url, handler = hook
    env = _env(sandbox)
    made = run_cli("campaign", "create", "--name", "n", "--agent-id", "a", "--json", env=env)
    campaign = json.loads(made.stdout)["id"]
    result = run_cli(
        "upload", SAMPLES / "leads_clean.csv", "--campaign", campaign, "--notify", url,
        "--ledger", tmp_path / "l.db", env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (sent,) = handler.received
    assert sent["upload"]["reconciled"] is True
    assert sent["campaign_id"] == campaign
    assert sent["upload"]["leads_created"] == sent["rows_valid"] > 0
    assert KEY not in json.dumps(sent)


@pytest.mark.parametrize("status", [500, 404])
def test_a_failing_notification_is_a_warning_and_keeps_the_exit_code(
    hook: tuple[str, type[_Hook]], status: int
) -> None:
    url, handler = hook
    handler.status = status
    ok = run_cli("validate", SAMPLES / "leads_clean.csv", "--notify", url, "-q")
    assert ok.returncode == 0
    assert ok.stderr == (
        f"warning: --notify to 127.0.0.1 failed (answered {status}) — the run's result and "
        "exit code are unchanged; check the URL\n"
    )
    assert "secret" not in ok.stderr  # (a webhook URL is a secret: only its host is said)
    refused = run_cli(
        "validate", SAMPLES / "leads_messy.csv", "--notify", "http://127.0.0.1:9/x", "-q"
    )
    assert refused.returncode == 1
    assert "ConnectError" in refused.stderr


def test_a_log_read_from_a_file_has_its_lines_in_order_and_no_frames(tmp_path: Path) -> None:
    """stdout and stderr to one file, as cron writes them: the report (stdout) comes
    before the notification's warning (stderr) that followed it, and nothing is redrawn."""
    log = tmp_path / "cron.log"
    with log.open("w") as fh:
        code = subprocess.call(
            [
                sys.executable, "-m", "leadprep", "validate", str(SAMPLES / "leads_messy.csv"),
                "--notify", "http://127.0.0.1:9/x",
            ],
            stdout=fh,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    text = log.read_text(encoding="utf-8")
    assert code == 1
    assert "\r" not in text
    assert "\x1b" not in text
    assert text.index("Result: 11 rows to fix") < text.index("warning: --notify")
