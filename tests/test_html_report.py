"""``--report-html`` (spec §13), opened in a real headless Chromium (Debian's, driven by
Playwright): self-contained, no console errors, charts with a size, a screenshot
kept as a test artifact (``build/test-artifacts/``; ``LEADPREP_UPDATE_SCREENSHOT=1``
also writes the README's ``docs/report-html.png``), and a printable page."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import SAMPLES, run_cli
from sandboxproc import KEY

from leadprep.api import DialNexaClient, RetryPolicy
from leadprep.sandbox import RunningSandbox, SandboxConfig

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "test-artifacts"
RULES: list[str | Path] = [
    "--telephony-config", SAMPLES / "telephony-config.json",
    "--prompt", SAMPLES / "agent-prompt.txt",
    "--suppress", SAMPLES / "do-not-call.txt",
]  # fmt: skip


def chromium() -> str:
    found = os.environ.get("LEADPREP_CHROMIUM") or next(
        (p for name in ("chromium", "chromium-browser") if (p := shutil.which(name))), None
    )
    if found is None:
        pytest.fail(
            "no Chromium: apt-get install chromium (.ci/run does), or set LEADPREP_CHROMIUM"
        )
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield b
        b.close()


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str], float]:
    """The page at ``path``: with its console errors, the requests it made beyond its own
    file, and the seconds it took to load."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if r.url != path.as_uri() else None)
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    return page, errors, requests, time.perf_counter() - started


def chart_sizes(page: Any) -> list[tuple[float, float]]:
    return [
        (box["width"], box["height"])
        for box in page.eval_on_selector_all(
            "svg", "els => els.map(e => { const r = e.getBoundingClientRect(); "
            "return {width: r.width, height: r.height}; })"
        )
    ]  # fmt: skip


def assert_self_contained(text: str) -> None:
    assert "<script" not in text.lower()
    assert not re.search(r"<link|@import|url\(|\ssrc=|\shref=", text)


def test_a_validation_report_opens_whole_offline_and_prints(browser: Any, tmp_path: Path) -> None:
    page_path = tmp_path / "report.html"
    result = run_cli("validate", SAMPLES / "leads_messy.csv", *RULES, "--report-html", page_path)
    assert result.returncode == 1, result.stderr
    text = page_path.read_text(encoding="utf-8")
    assert_self_contained(text)
    page, errors, requests, _ = open_page(browser, page_path)
    assert errors == []
    assert requests == []
    sizes = chart_sizes(page)
    assert len(sizes) >= 4
    assert all(w > 0 and h > 0 for w, h in sizes)
    body = page.inner_text("body")
    for part in (
        "11 rows to fix (exit 1)",
        "Findings by code",
        "invalid_phone_number",
        "rows 10, 29",
        "'98765' is not a valid phone number",  # an example row's message
        "Fill rate by column",
        "Valid numbers by country",
        "+91 IN",
        "Kinds (first",
        "Region",
        "read as IN",
        "Do-not-call lists used",
    ):
        assert part in body, part
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-html.png"), full_page=True)
    if os.environ.get("LEADPREP_UPDATE_SCREENSHOT") == "1":
        page.screenshot(path=str(ROOT / "docs" / "report-html.png"), full_page=False)
    pdf = page.pdf(path=str(ARTIFACTS / "report-html.pdf"))  # print: every section on paper
    assert len(pdf) > 20_000
    page.emulate_media(media="print")
    assert chart_sizes(page)
    assert "invalid_phone_number" in page.inner_text("body")
    page.close()


def test_an_upload_report_shows_each_chunk_and_the_reconciliation(
    browser: Any, tmp_path: Path
) -> None:
    with RunningSandbox(SandboxConfig(api_key=KEY, db=str(tmp_path / "sb.db"))) as sandbox:
        with DialNexaClient(sandbox.url, KEY, retry=RetryPolicy.no_wait(4)) as client:
            campaign = client.create_campaign(name="html", agent_id="agt_1").id
        page_path = tmp_path / "upload.html"
        result = run_cli(
            "upload", SAMPLES / "leads_messy.csv", *RULES, "--campaign", campaign,
            "--chunk-rows", "20", "--ledger", tmp_path / "ledger.db", "--report-html", page_path,
            env={"DIALNEXA_API_KEY": KEY, "DIALNEXA_BASE_URL": sandbox.url},
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    page, errors, requests, _ = open_page(browser, page_path)
    assert errors == []
    assert requests == []
    body = page.inner_text("body")
    assert "Upload reconciled" in body
    assert "Chunks" in body
    rows = page.eval_on_selector_all(
        "h2:text('Chunks') + table tbody tr", "rows => rows.map(r => r.innerText)"
    )
    assert len(rows) == 3
    assert all("acknowledged" in r for r in rows)
    assert all(re.search(r"\t\d+\.\d\d\t", r) for r in rows)  # each chunk's seconds
    page.close()


def _big_list(path: Path, rows: int, bad: int) -> None:
    """``rows`` leads, ``bad`` of them with a number too short (spread through the file)."""
    rng = np.random.default_rng(24)
    phones = (9_100_000_000 + np.arange(rows, dtype=np.int64) * 613).astype(str)
    phones[rng.choice(rows, size=bad, replace=False)] = "98765"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "city", "phone_number"])
        w.writerows(zip((f"Lead {i}" for i in range(rows)), ["Pune"] * rows, phones, strict=True))


def test_a_million_rows_with_50000_findings_make_a_small_fast_page(
    browser: Any, tmp_path: Path
) -> None:
    source = tmp_path / "big.csv"
    _big_list(source, 1_000_000, 50_000)
    page_path, json_path = tmp_path / "big.html", tmp_path / "big.json"
    result = run_cli(
        "validate", source, "-q", "--report-html", page_path, "--report-json", json_path,
        "--allow-suspicious", "--allow-duplicates",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    summary = json.loads(json_path.read_text())["summary"]
    assert summary["invalid_phone_number"]["count"] == 50_000  # the counts are exact …
    assert page_path.stat().st_size < 5_000_000  # … the page holds samples
    page, errors, _, seconds = open_page(browser, page_path)
    assert errors == []
    assert seconds < 2.0, f"the page took {seconds:.2f} s to load"
    assert "50,000 findings" in page.inner_text("body")
    page.close()
