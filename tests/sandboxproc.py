"""Start ``leadprep sandbox`` as a real process on a free loopback port."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType

KEY = "dnx_test_e2e_secret_key"


class SandboxProcess:
    """``with SandboxProcess(db, "--fail-rate", "0.3") as sb: sb.url``."""

    def __init__(self, db: Path, *flags: str | Path, key: str = KEY) -> None:
        self.db = db
        self.key = key
        self.args = [
            sys.executable,
            "-m",
            "leadprep",
            "sandbox",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db",
            str(db),
            "--api-key",
            key,
            *map(str, flags),
        ]
        self.url = ""
        self.proc: subprocess.Popen[str] | None = None
        self.stderr = ""

    def start(self) -> SandboxProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DIALNEXA_")}
        self.proc = subprocess.Popen(
            self.args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        lines: queue.Queue[str] = queue.Queue()
        assert self.proc.stdout is not None
        stdout = self.proc.stdout

        def pump() -> None:
            for line in stdout:
                lines.put(line)

        threading.Thread(target=pump, daemon=True).start()
        try:
            line = lines.get(timeout=30)
        except queue.Empty as exc:
            self.stop()
            raise RuntimeError(f"sandbox did not start: {self.stderr}") from exc
        assert line.startswith("ready http://127.0.0.1:"), line
        self.url = line.split()[1]
        return self

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.read()
        self.proc.stderr.close()
        if self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None

    def __enter__(self) -> SandboxProcess:
        return self.start()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
