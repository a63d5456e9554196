"""Run a few phone cells through ``leadprep.validate`` and see what each row got."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import leadprep


def write_leads(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def findings(cells: list[str], **keywords: Any) -> dict[int, list[tuple[str, str]]]:
    """Spreadsheet row → [(code, message)] for a file whose ``phone_number`` column holds
    ``cells`` (row 2 is the first), beside a ``name`` column."""
    with tempfile.TemporaryDirectory() as folder:
        rows = [{"name": f"lead {i}", "phone_number": c} for i, c in enumerate(cells)]
        path = write_leads(rows, Path(folder) / "leads.csv")
        report = leadprep.validate(path, **keywords)
    out: dict[int, list[tuple[str, str]]] = {}
    for f in [*report.details.errors, *report.skipped, *report.warnings]:
        if f.row is not None and f.row > 1:
            out.setdefault(f.row, []).append((f.code, f.message))
    return out


def codes(cells: list[str], **keywords: Any) -> dict[int, str]:
    """Spreadsheet row → the codes of its findings, joined by ``+``."""
    return {row: "+".join(c for c, _ in fs) for row, fs in findings(cells, **keywords).items()}
