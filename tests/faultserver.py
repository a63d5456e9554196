"""A deliberately wrong DialNexa, as a real process on a loopback port.

``python tests/faultserver.py MODE`` prints ``ready http://127.0.0.1:PORT/v1`` and
answers every upload the way MODE says; everything else gets a plain 201. The
uploads it received are appended, one JSON line each, to ``$FAULT_LOG`` when set.

Modes (each one bad answer from the reliability issue):

* ``ok``          — counts every row as created (a well-behaved server)
* ``miscount``    — 201 claiming 2 rows created, whatever was sent
* ``negative``    — 201 with ``leads_skipped: -3``
* ``positions``   — 400 for rows whose phone ends in ``13``, naming each only by its
                    ``position`` counted from the *first data row* (= 1), no phone
* ``echo-key``    — 500 whose body echoes the request's Authorization header
* ``trickle``     — starts a 201 answer, then sends one byte every 0.4 s, forever
* ``unknown``     — 404 for every campaign
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def rows_of(body: bytes, content_type: str) -> list[list[str]]:
    """The CSV rows (header first) of the multipart body's file part."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return list(csv.reader(io.StringIO(payload.decode("utf-8"))))
    return []


class Handler(BaseHTTPRequestHandler):
    mode = "ok"
    rows: list[list[str]] | None = None

    def log_message(self, format: str, *args: object) -> None:
        return

    def answer(self, status: int, body: object) -> None:
        if os.environ.get("FAULT_LOG") and self.rows is not None:
            with Path(os.environ["FAULT_LOG"]).open("a", encoding="utf-8") as fh:
                entry = {"status": status, "phones": [r[0] for r in self.rows]}
                fh.write(json.dumps(entry) + "\n")
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if "/upload-file/" not in self.path:
            self.answer(201, {"id": "cmp_fault", "name": "fault"})
            return
        rows = self.rows = rows_of(body, self.headers.get("Content-Type", ""))[1:]
        mode = self.mode
        if mode == "unknown":
            not_found = {"statusCode": 404, "message": "Campaign not found", "error": "Not Found"}
            self.answer(404, not_found)
        elif mode == "miscount":
            self.answer(201, {"leads_created": 2, "leads_skipped": 0})
        elif mode == "negative":
            self.answer(201, {"leads_created": len(rows) + 3, "leads_skipped": -3})
        elif mode == "positions":
            bad = [
                {"position": i, "failed_parsing_reason": "Invalid phone number"}
                for i, row in enumerate(rows, start=1)
                if row[0].endswith("13")
            ]
            if bad:
                self.answer(
                    400,
                    {
                        "statusCode": 400,
                        "message": [f"Invalid phone number: {len(bad)} rows"],
                        "error": "Bad Request",
                        "errors": [{"reason": "Invalid phone number", "rows": bad}],
                    },
                )
            else:
                self.answer(201, {"leads_created": len(rows), "leads_skipped": 0})
        elif mode == "echo-key":
            echoed = {"received_headers": {"authorization": self.headers.get("Authorization")}}
            self.answer(500, {"statusCode": 500, "message": json.dumps(echoed), "error": "X"})
        elif mode == "trickle":
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            while True:
                self.wfile.write(b" ")  # never a whole answer
                self.wfile.flush()
                time.sleep(0.4)  # always sooner than any read timeout
        else:
            self.answer(201, {"leads_created": len(rows), "leads_skipped": 0})


class FaultServer:
    """``with FaultServer("miscount", log=path) as url:`` — the server above, as a child process."""

    def __init__(self, mode: str, *, log: str | os.PathLike[str] | None = None) -> None:
        self.mode = mode
        self.log = log
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        env = {**os.environ, **({"FAULT_LOG": str(self.log)} if self.log else {})}
        self.proc = subprocess.Popen(
            [sys.executable, __file__, self.mode],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.startswith("ready "), line
        return line.split()[1]

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            if self.proc.stdout:
                self.proc.stdout.close()

    def received(self, status: int | None = None) -> list[list[str]]:
        """The phones of every upload received (answered ``status``), in order."""
        if not self.log or not Path(self.log).exists():
            return []
        entries = [json.loads(x) for x in Path(self.log).read_text(encoding="utf-8").splitlines()]
        return [e["phones"] for e in entries if status is None or e["status"] == status]


def main() -> None:
    Handler.mode = sys.argv[1]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"ready http://127.0.0.1:{server.server_address[1]}/v1", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
