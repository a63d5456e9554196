"""The command line's cache of compiled digit DFAs: exact, versioned, never trusted blindly."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import phonenumbers
import pytest
from conftest import SAMPLES

import leadprep
from leadprep import _cache
from leadprep.normalise import _dfacache
from leadprep.normalise._dfa import DigitDFA, Unsupported


def _patterns(*regions: str) -> list[str]:
    """Every national-number pattern of ``regions``' metadata."""
    found = []
    for region in regions:
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        assert meta is not None
        for name in ("general_desc", "fixed_line", "mobile", "toll_free", "voip"):
            desc = getattr(meta, name)
            if desc is not None and desc.national_number_pattern:
                found.append(desc.national_number_pattern)
    return found


REFUSED = r"\d{2}$"  # not in the digits-only dialect: the compiler refuses it


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    """The cache turned on in a fresh folder, as the command line does; off after."""
    _cache.enable(tmp_path / "cache")
    _dfacache._active = None
    yield tmp_path / "cache"
    _cache.enable(None)
    _dfacache._active = None


def _as_if_a_new_run() -> None:
    """Forget what this process read or compiled (a new process would not know it)."""
    _dfacache._active = None


def _never_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(cls: type[DigitDFA], pattern: str) -> DigitDFA:
        raise AssertionError(f"compiled {pattern[:30]!r} again")

    monkeypatch.setattr(DigitDFA, "_compile", classmethod(refuse))


def test_a_saved_dfa_is_the_compiled_one_and_is_not_compiled_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterns = _patterns("IN", "US", "GB", "AE")
    fresh = {p: DigitDFA.compile(p) for p in patterns}
    with pytest.raises(Unsupported):
        DigitDFA.compile(REFUSED)
    _cache.save()
    assert len(list(folder.glob("digit-dfas-*.npz"))) == 1
    _as_if_a_new_run()
    _never_compile(monkeypatch)
    for pattern, dfa in fresh.items():
        again = DigitDFA.compile(pattern)
        assert np.array_equal(again.table, dfa.table), pattern
        assert np.array_equal(again.accept, dfa.accept), pattern
    with pytest.raises(Unsupported):  # the refusal is remembered too
        DigitDFA.compile(REFUSED)


def test_the_python_api_keeps_no_cache(tmp_path: Path) -> None:
    assert _cache.folder() is None
    assert _dfacache.active() is None
    leadprep.validate(SAMPLES / "leads_messy.csv")
    assert not any(Path(os.environ["XDG_CACHE_HOME"]).glob("**/*.npz"))


@pytest.mark.parametrize(
    "damage",
    ["garbage", "cut short", "state out of range", "sizes disagree"],
)
def test_a_damaged_cache_is_ignored_and_the_patterns_compiled_again(
    folder: Path, damage: str
) -> None:
    patterns = _patterns("IN")
    fresh = {p: DigitDFA.compile(p) for p in patterns}
    _cache.save()
    (path,) = folder.glob("digit-dfas-*.npz")
    if damage == "garbage":
        path.write_bytes(b"not a zip at all")
    elif damage == "cut short":
        path.write_bytes(path.read_bytes()[:200])
    else:
        with np.load(path) as data:
            arrays = {k: data[k] for k in data.files}
        if damage == "state out of range":
            arrays["tables"][0, 3] = 10**6
        else:
            arrays["sizes"] = arrays["sizes"][1:]
        with path.open("wb") as fh:
            np.savez(fh, **arrays)
    _as_if_a_new_run()
    for pattern, dfa in fresh.items():
        assert np.array_equal(DigitDFA.compile(pattern).table, dfa.table)


def test_a_folder_that_cannot_be_written_leaves_the_run_as_it_was(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    _cache.enable(blocked / "cache")
    _dfacache._active = None
    try:
        pattern = _patterns("IN")[0]
        dfa = DigitDFA.compile(pattern)
        cache = _dfacache.active()
        assert cache is not None
        assert cache.save() is False
        assert np.array_equal(DigitDFA.compile(pattern).table, dfa.table)
    finally:
        _cache.enable(None)
        _dfacache._active = None


def test_another_version_of_the_compiler_or_phonenumbers_reads_another_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    DigitDFA.compile(_patterns("IN")[0])
    _cache.save()
    monkeypatch.setattr(phonenumbers, "__version__", "0.0.0-other")
    _as_if_a_new_run()
    cache = _dfacache.active()
    assert cache is not None
    assert not cache.path.exists()


def test_the_command_line_keeps_compiled_patterns_between_runs(tmp_path: Path) -> None:
    """Run it twice in child processes: the first writes the cache, the second reads
    it and gives the same report; LEADPREP_CACHE_DIR= turns the cache off."""
    folder = tmp_path / "cache"
    args = ["validate", str(SAMPLES / "leads_messy.csv"), "--format", "json"]

    def leadprep_cli(cache: str) -> str:
        env = {**os.environ, "LEADPREP_CACHE_DIR": cache}
        child = subprocess.run(
            [sys.executable, "-m", "leadprep", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=120,
        )
        assert child.returncode in (0, 1), child.stderr
        return child.stdout.replace(child.stdout.split('"duration_s":')[1].split(",")[0], "")

    first = leadprep_cli(str(folder))
    (path,) = folder.glob("digit-dfas-*.npz")
    written = path.stat().st_mtime_ns
    assert leadprep_cli(str(folder)) == first
    assert path.stat().st_mtime_ns == written  # nothing new to keep: not written again
    off = tmp_path / "off"
    assert leadprep_cli("") == first
    assert not off.exists()


def test_without_a_home_directory_there_is_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare cron job or container may have no home: the run goes on, uncached."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory")

    monkeypatch.delenv(_cache.CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", no_home)
    assert _cache.default_folder() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert _cache.default_folder() == Path("/somewhere/leadprep")
    monkeypatch.setenv(_cache.CACHE_ENV, " ")
    assert _cache.default_folder() is None
