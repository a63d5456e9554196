"""``--report-html PATH``: the report as one self-contained page a person opens.

One file, nothing else: inline CSS, inline SVG charts, no script, no font or image
from anywhere — it opens from a mail attachment or a shared drive, offline, and
prints as a readable report. What it shows, top to bottom:

* the verdict and, for uploads, the reconciliation, in one line each;
* the row counts, and a chart of findings by code (coloured by severity);
* each code: its rows (as ranges), what to do, and a table of example rows with
  the offending value (at most :data:`EXAMPLES` a code: the counts are exact, the
  rows are samples — a 1M-row file with 50,000 findings stays a small page);
* per-column fill rate; the valid numbers' countries and kinds; how numbers
  without a country code were read, and the evidence; the do-not-call lists used;
* for uploads, each chunk's status, rows and time.

Everything rendered comes from the report (:class:`Report`, :class:`UploadReport`):
nothing is counted here.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .._speech import speak
from .._version import __version__
from ..findings import KINDS, Finding
from ._profile import country_name
from ._validation import plural, report_order, row_ranges

if TYPE_CHECKING:
    from ._upload import UploadReport
    from ._validation import Report

#: Example rows shown per code.
EXAMPLES = 10
#: The colour of each severity (and of a verdict).
COLOURS = {"file": "#b3261e", "error": "#c4501b", "skipped": "#6b6b6b", "warning": "#a07900"}
_OK = "#1b7f3b"

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #e3e3e6; --soft: #f6f7f9; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; word-break: break-all; }
h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid var(--line);
     padding-bottom: 4px; }
h3 { font-size: 14px; margin: 0 0 4px; font-family: ui-monospace, Menlo, monospace; }
.meta { color: var(--muted); margin: 0 0 12px; }
.verdict { font-size: 16px; font-weight: 600; padding: 10px 14px; border-radius: 6px;
           border-left: 6px solid; background: var(--soft); margin: 8px 0; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { background: var(--soft); border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card b { display: block; font-size: 22px; }
.code { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px;
        margin: 10px 0; break-inside: avoid; }
.badge { display: inline-block; color: #fff; border-radius: 3px; padding: 0 6px;
         font-size: 12px; margin-left: 6px; vertical-align: 1px; }
.rows { color: var(--muted); word-break: break-word; }
.hint { margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 13px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.value { font-family: ui-monospace, Menlo, monospace; word-break: break-all; }
svg { display: block; max-width: 100%; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
        gap: 16px; }
footer { color: var(--muted); margin-top: 32px; font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  .code, .card, table, svg { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def bar_chart(
    items: Sequence[tuple[str, int, str]], *, title: str, width: int = 640, unit: str = ""
) -> str:
    """A horizontal bar chart: (label, value, colour) per bar, the value written at its
    end. Inline SVG, sized to its bars."""
    if not items:
        return ""
    bar, gap, label_w = 18, 6, min(260, 14 + 7 * max(len(label) for label, _, _ in items))
    top = max(value for _, value, _ in items) or 1
    room = width - label_w - 90
    height = len(items) * (bar + gap) + gap
    parts = [
        f'<svg role="img" aria-label="{_e(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{_e(title)}</title>'
    ]
    for i, (label, value, colour) in enumerate(items):
        y = gap + i * (bar + gap)
        length = max(2.0, room * value / top)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar - 5}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar}" rx="2" '
            f'fill="{colour}"><title>{_e(label)}: {value:,}{unit}</title></rect>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + bar - 5}">{value:,}{unit}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: set[int],
    mono: frozenset[int] = frozenset(),
) -> str:
    cells = "".join(
        f'<th class="num">{_e(h)}</th>' if i in numeric else f"<th>{_e(h)}</th>"
        for i, h in enumerate(head)
    )
    body = []
    for row in rows:
        tds = []
        for i, value in enumerate(row):
            if i in numeric:
                shown = f"{value:,}" if isinstance(value, int) else _e(value)
                tds.append(f'<td class="num">{shown}</td>')
            else:
                kind = ' class="value"' if i in mono else ""
                tds.append(f"<td{kind}>{_e(value)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _verdict_colour(report: Report) -> str:
    if report.rejected:
        return COLOURS["file"]
    return COLOURS["error"] if report.rows_invalid else _OK


def _counts(report: Report) -> str:
    cards = [
        ("rows in the file", report.rows_total),
        ("ready to upload", report.rows_valid),
        ("with errors", report.rows_invalid),
        ("skipped", report.rows_skipped),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{n:,}</b>{_e(what)}</div>' for what, n in cards
    ) + "</div>"  # fmt: skip


def _findings_chart(report: Report) -> str:
    items = [
        (code, entry["count"], COLOURS[entry["severity"]])
        for code, entry in report.summary().items()
    ]
    if not items:
        return "<p>No findings: every row is ready to upload.</p>"
    return bar_chart(items, title="Findings by code")


def _examples(findings: list[Finding]) -> str:
    rows = [
        (f.row if f.row is not None else "", f.column or "", f.value or "", speak(f.message))
        for f in findings[:EXAMPLES]
    ]
    return _table(["row", "column", "value", "message"], rows, {0}, frozenset({2}))


def _code_sections(report: Report) -> str:
    summary = report.summary()
    by_code: dict[str, list[Finding]] = {}
    for f in [*report.errors, *report.skipped, *report.warnings]:
        by_code.setdefault(f.code, []).append(f)
    out = []
    for code in report_order():
        entry = summary.get(code)
        if entry is None:
            continue
        level = entry["severity"]
        found = by_code.get(code, [])
        hints = list(dict.fromkeys(speak(f.advice) for f in found))[:3] or [KINDS[code].hint]
        rows = entry["rows"]
        where = f"rows {row_ranges(rows, limit=40)}" if rows else "the whole file"
        out.append(
            f'<div class="code" id="{_e(code)}"><h3>{_e(code)}<span class="badge" '
            f'style="background:{COLOURS[level]}">{_e(level)}</span> '
            f"<small>{plural(entry['count'], 'finding')}</small></h3>"
            f'<div class="rows">{_e(where)}</div>'
            + "".join(f'<div class="hint">→ {_e(h)}</div>' for h in hints)
            + _examples(found)
            + "</div>"
        )
    return "".join(out)


def _profile(report: Report) -> str:
    p = report.profile
    total = report.rows_total or 1
    fill = bar_chart(
        [(name, round(100 * n / total), "#3b6ea8") for name, n in p.filled.items()],
        title="Fill rate by column (%)",
        width=360,
        unit="%",
    )
    countries = bar_chart(
        [(country_name(code), n, "#3b6ea8") for code, n in list(p.countries.items())[:12]],
        title="Valid numbers by country",
        width=360,
    )
    kinds = bar_chart(
        [(kind, n, "#6a4fa3") for kind, n in p.kinds.items()],
        title=f"Kinds, of the first {p.kinds_sampled:,} valid numbers",
        width=360,
    )
    blocks = [
        ("Fill rate by column", fill),
        ("Valid numbers by country", countries),
        (f"Kinds (first {p.kinds_sampled:,} valid numbers)", kinds),
    ]
    return '<div class="grid">' + "".join(
        f"<div><h2>{_e(title)}</h2>{chart or '<p>None.</p>'}</div>" for title, chart in blocks
    ) + "</div>"  # fmt: skip


def _region(report: Report) -> str:
    r = report.profile.region
    if not r:
        return ""
    given = "given" if r.get("given") else "the default"
    lines = [
        f"Numbers written without a country code are read as {_e(r.get('read_as'))} "
        f"({given}): {r.get('national_numbers', 0):,} in the file, "
        f"{r.get('sampled', 0):,} looked at."
    ]
    if r.get("columns"):
        lines.append("Columns that say where a lead is: " + _e(", ".join(r["columns"])) + ".")
    if r.get("other_region"):
        lines.append(f"They look like {_e(r['other_region'])} numbers:")
    else:
        lines.append("Nothing in them says another country.")
    evidence = "".join(f"<li>{_e(e)}</li>" for e in r.get("evidence", []))
    return (
        "<h2>Region</h2><p>"
        + " ".join(lines)
        + "</p>"
        + (f"<ul>{evidence}</ul>" if evidence else "")
    )


def _lists(report: Report) -> str:
    if not report.suppression_lists:
        return ""
    rows = [
        (r["path"], r["numbers"], r["ignored"], r["age_days"], r["sha256"])
        for r in report.suppression_lists
    ]
    return "<h2>Do-not-call lists used</h2>" + _table(
        ["file", "numbers", "not numbers", "age (days)", "SHA-256"], rows, {1, 2, 3}
    )


def _chunks(upload: UploadReport) -> str:
    if not upload.chunks:
        return ""
    rows = [
        (
            c.file or c.index,
            c.status,
            c.rows,
            c.bytes,
            c.attempts,
            "" if c.seconds is None else f"{c.seconds:.2f}",
            "" if c.leads_created is None else c.leads_created,
            "" if c.leads_skipped is None else c.leads_skipped,
        )
        for c in upload.chunks
    ]
    timed = [(f"chunk {c.index}", round(1000 * c.seconds)) for c in upload.chunks if c.seconds]
    chart = bar_chart(
        [(label, ms, "#3b6ea8") for label, ms in timed[:60]],
        title="Time per chunk (ms)",
        unit=" ms",
    )
    return (
        "<h2>Chunks</h2>"
        + _table(
            ["part", "status", "rows", "bytes", "attempts", "seconds", "created", "skipped"],
            rows,
            {2, 3, 4, 6, 7},
        )
        + chart
    )


def render_html(report: Report, upload: UploadReport | None = None) -> str:
    """The page for a validation ``report`` (and the ``upload`` it belongs to)."""
    verdict = speak(report.verdict().removeprefix("Result: "))
    colour = _verdict_colour(report)
    lines = [f'<div class="verdict" style="border-color:{colour}">{_e(verdict)}</div>']
    if upload is not None and upload.reconciliation is not None:
        totals = upload.totals()
        state = "reconciled" if totals.get("reconciled") else "NOT reconciled"
        edge = _OK if totals.get("reconciled") else COLOURS["file"]
        lines.append(
            f'<div class="verdict" style="border-color:{edge}">'
            f"Upload {state}: {totals.get('rows_sent', 0):,} rows sent, "
            f"{totals.get('leads_created', 0):,} leads created, "
            f"{totals.get('leads_skipped', 0):,} skipped by DialNexa</div>"
        )
    where = ", ".join(str(x) for x in (report.format, report.encoding, report.sheet) if x)
    body = [
        f"<h1>{_e(report.file)}</h1>",
        f'<p class="meta">{_e(where)} · default region {_e(report.default_region)}'
        f" · {report.duration_s:.2f} s</p>",
        *lines,
        _counts(report),
        "<h2>Findings by code</h2>",
        _findings_chart(report),
        _code_sections(report),
        _profile(report),
        _region(report),
        _lists(report),
        _chunks(upload) if upload is not None else "",
    ]
    if report.outputs:
        body.append("<h2>Written</h2>")
        body.append(_table(["what", "path"], report.outputs.items(), set()))
    made = dt.datetime.now(tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body.append(f"<footer>leadprep {_e(__version__)} · {made}</footer>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>leadprep: {_e(report.file)}</title><style>{CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
