"""``leadprep prepare``: the upload plan written as files, for uploading by hand.

Same validation and the same chunker as ``upload`` (each part under DialNexa's
byte cap, header repeated, E.164 phones), but parts fill up to the cap unless
``--chunk-rows`` asks for fewer rows: uploading by hand, fewer files are better.
Parts are numbered in upload order (``part-0001.csv``, …).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._exceptions import UsageError
from .._outputs import check_outputs, input_paths, write_atomically
from ..dialnexa import MAX_FILE_BYTES
from ..pipeline import make_options
from ..read import describe
from ..report import Report, UploadReport, dumps
from ._send import _planned_report, plan_chunks

PART_GLOB = "part-*.csv"
#: No row cap: parts are as large as DialNexa's byte cap allows.
UNCAPPED_ROWS = 1 << 62


def prepare(
    path: str | Path | Any,
    out_dir: str | Path,
    *,
    chunk_rows: int | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    errors_output: str | Path | None = None,
    progress: bool = False,
    **options: Any,
) -> UploadReport:
    """Validate ``path`` and write ``out_dir/part-0001.csv``… plus ``report.json``."""
    if chunk_rows is not None and chunk_rows < 1:
        raise UsageError("--chunk-rows must be at least 1", hint="e.g. --chunk-rows 5000")
    out = Path(out_dir)
    inputs = input_paths(path, options)
    check_outputs(inputs, {"--errors-output": errors_output})
    for name, source in inputs.items():
        source_path = Path(source)
        if source_path.resolve().parent == out.resolve() and (
            source_path.match(PART_GLOB) or source_path.name == "report.json"
        ):
            raise UsageError(
                f"{name} {source_path} is in --out-dir, where prepare replaces "
                f"{PART_GLOB} and report.json",
                hint="choose another --out-dir",
            )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"cannot create {out}: {exc.strerror}", hint="choose another --out-dir"
        ) from exc
    for stale in out.glob(PART_GLOB):
        stale.unlink()
    opts, phones = make_options(**options)
    validation = Report(file=describe(path), default_region=opts.default_region)
    chunks, oversized = plan_chunks(
        path,
        opts,
        phones,
        validation,
        # By hand, fewer files are better: parts fill up to the byte cap unless asked.
        chunk_rows=chunk_rows or UNCAPPED_ROWS,
        max_bytes=max_bytes,
        errors_output=errors_output,
        progress=progress,
    )
    parts = []
    report = UploadReport(validation=validation, campaign_id="(by hand)", dry_run=True)
    for chunk in chunks:
        name = f"part-{chunk.index:04d}.csv"
        write_atomically(out / name, chunk.content)
        parts.append(name)
        report.chunks.append(_planned_report(chunk))
    if validation.rejected:
        for name in parts:
            (out / name).unlink()
        parts, report.chunks = [], []
    report.oversized_rows = [{"row": r, "bytes": b} for r, b in oversized()]
    for name in parts:
        validation.outputs[name] = str(out / name)
    data = report.to_dict()
    data["parts"] = [
        {**c.to_dict(), "file": name} for c, name in zip(report.chunks, parts, strict=True)
    ]
    write_atomically(out / "report.json", dumps(data, depth=3) + "\n")
    validation.outputs["report"] = str(out / "report.json")
    return report
