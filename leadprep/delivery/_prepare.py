"""``leadprep prepare``: the upload plan written as files, for uploading by hand.

Same validation and the same chunker as ``upload`` (each part under DialNexa's
byte cap, header repeated, E.164 phones), but parts fill up to the cap unless
``--chunk-rows`` asks for fewer rows: uploading by hand, fewer files are better.
Parts are numbered in upload order (``part-0001.csv``, …).

``--split-by-timezone`` writes them in one folder per local time zone instead
(``Asia_Calcutta/part-0001.csv``, ``America_New_York/…``): the zones a number may
be in (phonenumbers' data, :class:`~leadprep.normalise.ZoneBook`) name its folder,
so each folder can go to a campaign scheduled for its zone. A number that may be
in several zones (a toll-free line) goes to the folder of exactly that set.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any

from .._exceptions import UsageError
from .._paths import check_outputs, write_atomically
from ..check import Context
from ..dialnexa import MAX_FILE_BYTES
from ..dialnexa import PHONE_COLUMN as PHONE
from ..normalise import ZoneBook
from ..pipeline import inputs_of, must_exist
from ..read import describe
from ..report import Kept, Report, Result, UploadReport, dumps
from ..settings import ERRORS_OUTPUT, OUT_DIR, PART_ROWS, SPLIT_BY_TIMEZONE, Settings
from ._plan import plan_groups, planned_report
from ._reconcile import reconcile

PART_GLOB = "part-*.csv"
#: A folder name past this many characters is shortened (a NANP toll-free number may
#: be in 42 zones).
MAX_FOLDER = 60
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
) -> Result[UploadReport]:
    """Validate ``source`` and write ``out_dir/part-0001.csv``… plus ``report.json``;
    return its :class:`Result` (the :class:`UploadReport` of the plan, and the rows).

    The keywords are the options of ``leadprep prepare`` by their Python names
    (those of :func:`leadprep.validate`, and ``chunk_rows``)."""
    if "out_dir" in keywords:
        raise TypeError("prepare() takes the folder once: prepare(source, out_dir)")
    settings = Settings.from_keywords("prepare", {**keywords, "out_dir": out_dir})
    must_exist(source)
    kept = Kept()
    report = prepare_with(source, settings, progress=progress, max_bytes=max_bytes, keep=kept)
    return Result(report, kept, source)


def prepare_with(
    source: str | Path | Any,
    settings: Settings,
    *,
    progress: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    keep: Kept | None = None,
) -> UploadReport:
    """:func:`prepare`, for settings already gathered (the command line's)."""
    out = Path(settings[OUT_DIR] or ".")
    inputs = inputs_of(source, settings)
    check_outputs(inputs, settings.files("writes"))
    for name, source_path in inputs.items():
        where = source_path.resolve().parent
        if (where == out.resolve() and source_path.name == "report.json") or (
            out.resolve() in (where, where.parent) and source_path.match(PART_GLOB)
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
    _remove_parts(out)
    validation = Report(file=describe(source), default_region=context.region)
    book = ZoneBook() if settings[SPLIT_BY_TIMEZONE] else None
    chunks, oversized = plan_groups(
        source,
        context,
        validation,
        # By hand, fewer files are better: parts fill up to the byte cap unless asked.
        chunk_rows=settings[PART_ROWS] or UNCAPPED_ROWS,
        max_bytes=max_bytes,
        errors_output=settings[ERRORS_OUTPUT],
        progress=progress,
        grouping=None if book is None else functools.partial(_zones_of, book),
        keep=keep,
    )
    report = UploadReport(validation=validation, campaign_id="(by hand)", dry_run=True)
    for group, chunk in chunks:
        part = planned_report(chunk)
        part.file = f"part-{chunk.index:04d}.csv"
        if book is not None:
            part.time_zones = book.zones[group]
            part.file = f"{folder_name(part.time_zones)}/{part.file}"
            (out / part.file).parent.mkdir(exist_ok=True)
        write_atomically(out / part.file, chunk.content)
        report.chunks.append(part)
    if validation.rejected:
        _remove_parts(out)
        report.chunks = []
    report.oversized_rows = [{"row": r, "bytes": b} for r, b in oversized()]
    report.reconciliation = reconcile(report)
    for c in report.chunks:
        validation.outputs[str(c.file)] = str(out / str(c.file))
    data = report.to_dict()
    data["parts"] = [
        {**c.to_dict(), "file": c.file, **({"time_zones": list(c.time_zones)} if book else {})}
        for c in report.chunks
    ]
    write_atomically(out / "report.json", dumps(data, depth=3) + "\n")
    validation.outputs["report"] = str(out / "report.json")
    return report


def _zones_of(book: ZoneBook, valid: Any) -> Any:
    """The zone index of each valid row (its E.164 ``phone_number``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    digits = pc.utf8_slice_codeunits(valid.column(PHONE), 1)
    return book.of(pc.cast(digits, pa.int64()).to_numpy())


def folder_name(zones: tuple[str, ...]) -> str:
    """The folder of a set of zones: ``Asia_Calcutta``; ``America_Chicago+America_New_York``;
    a long set shortened, with a digest that keeps it apart from any other."""
    name = "+".join(re.sub(r"[^A-Za-z0-9_+-]", "_", z) for z in zones)
    if len(name) <= MAX_FOLDER:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9_-]', '_', zones[0])}_and_{len(zones) - 1}_more_{digest}"


def _remove_parts(out: Path) -> None:
    """The parts an earlier prepare wrote in ``out`` (and its zone folders, once empty)."""
    for stale in out.glob(PART_GLOB):
        stale.unlink()
    for folder in out.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            parts = list(folder.glob(PART_GLOB))
            for stale in parts:
                stale.unlink()
            if parts and not any(folder.iterdir()):
                folder.rmdir()
