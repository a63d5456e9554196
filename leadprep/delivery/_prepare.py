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
from .._paths import check_outputs, write_atomically
from ..check import Context
from ..dialnexa import MAX_FILE_BYTES
from ..pipeline import inputs_of
from ..read import describe
from ..report import Report, UploadReport, dumps
from ..settings import ERRORS_OUTPUT, OUT_DIR, PART_ROWS, Settings
from ._plan import plan_chunks, planned_report
from ._reconcile import reconcile

PART_GLOB = "part-*.csv"
#: No row cap: parts are as large as DialNexa's byte cap allows.
UNCAPPED_ROWS = 1 << 62


def prepare(
    source: str | Path | Any,
    out_dir: str | Path,
    /,
    *,
    progress: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    **keywords: Any,
) -> UploadReport:
    """Validate ``source`` and write ``out_dir/part-0001.csv``… plus ``report.json``.

    The keywords are the options of ``leadprep prepare`` by their Python names
    (those of :func:`leadprep.validate`, and ``chunk_rows``)."""
    if "out_dir" in keywords:
        raise TypeError("prepare() takes the folder once: prepare(source, out_dir)")
    settings = Settings.from_keywords("prepare", {**keywords, "out_dir": out_dir})
    return prepare_with(source, settings, progress=progress, max_bytes=max_bytes)


def prepare_with(
    source: str | Path | Any,
    settings: Settings,
    *,
    progress: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
) -> UploadReport:
    """:func:`prepare`, for settings already gathered (the command line's)."""
    out = Path(settings[OUT_DIR] or ".")
    inputs = inputs_of(source, settings)
    check_outputs(inputs, settings.files("writes"))
    for name, source_path in inputs.items():
        if source_path.resolve().parent == out.resolve() and (
            source_path.match(PART_GLOB) or source_path.name == "report.json"
        ):
            raise UsageError(
                f"{name} {source_path} is in --out-dir, where prepare replaces "
                f"{PART_GLOB} and report.json",
                hint="choose another --out-dir",
            )
    context = Context.load(settings)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"cannot create {out}: {exc.strerror}", hint="choose another --out-dir"
        ) from exc
    for stale in out.glob(PART_GLOB):
        stale.unlink()
    validation = Report(file=describe(source), default_region=context.region)
    chunks, oversized = plan_chunks(
        source,
        context,
        validation,
        # By hand, fewer files are better: parts fill up to the byte cap unless asked.
        chunk_rows=settings[PART_ROWS] or UNCAPPED_ROWS,
        max_bytes=max_bytes,
        errors_output=settings[ERRORS_OUTPUT],
        progress=progress,
    )
    parts = []
    report = UploadReport(validation=validation, campaign_id="(by hand)", dry_run=True)
    for chunk in chunks:
        name = f"part-{chunk.index:04d}.csv"
        write_atomically(out / name, chunk.content)
        parts.append(name)
        report.chunks.append(planned_report(chunk))
    if validation.rejected:
        for name in parts:
            (out / name).unlink()
        parts, report.chunks = [], []
    report.oversized_rows = [{"row": r, "bytes": b} for r, b in oversized()]
    report.reconciliation = reconcile(report)
    for name in parts:
        validation.outputs[name] = str(out / name)
    data = report.to_dict()
    data["parts"] = [
        {**c.to_dict(), "file": name} for c, name in zip(report.chunks, parts, strict=True)
    ]
    write_atomically(out / "report.json", dumps(data, depth=3) + "\n")
    validation.outputs["report"] = str(out / "report.json")
    return report
