"""The library never changes process-wide state; only the command line's entry tunes it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from conftest import SAMPLES, fixture

from leadprep.cli import _main

#: In a fresh process: record the state, import leadprep, validate a CSV and an XLSX,
#: record it again. gc.disable/freeze/set_threshold and ctypes' lookup of glibc's
#: mallopt (the allocator's settings) are watched as they happen.
_LIBRARY = """
import gc, json, os, sys
calls = []
sys.addaudithook(
    lambda event, args: calls.append(str(args[-1]))
    if event == "ctypes.dlsym" and "mallopt" in str(args[-1]) else None
)
for name in ("disable", "freeze", "set_threshold"):
    real = getattr(gc, name)
    setattr(gc, name, lambda *a, _real=real, _name=name: (calls.append(_name), _real(*a))[1])

def state():
    return {
        "gc": gc.isenabled(),
        "threshold": gc.get_threshold(),
        "frozen": gc.get_freeze_count(),
        "meta_path": [type(f).__name__ for f in sys.meta_path],
        "environ": sorted(os.environ.items()),
    }

before = state()
import leadprep
for path in sys.argv[1:]:
    leadprep.validate(path)
after = state()
print(json.dumps({"same": before == after, "before": before, "after": after, "calls": calls}))
"""


def test_importing_and_validating_leaves_the_process_as_it_was() -> None:
    files = [SAMPLES / "leads_messy.csv", SAMPLES / "leads.xlsx", fixture("legacy.xls")]
    out = subprocess.run(
        [sys.executable, "-c", _LIBRARY, *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    seen = json.loads(out)
    assert seen["same"], (seen["before"], seen["after"])
    assert seen["calls"] == []  # no collector switched off, no allocator reached through ctypes


#: The console entry, running a command that reports what it finds.
_ENTRY = """
import gc, json, os, sys
from leadprep.cli import _main

def main(argv=None):
    found = {
        "meta_path": [type(f).__name__ for f in sys.meta_path],
        "gc": [gc.isenabled(), *gc.get_threshold()],
        "env": {k: os.environ.get(k) for k in _main.PROCESS_DEFAULTS},
    }
    print(json.dumps(found), flush=True)
    return 0

_main.main = main
_main.run()
"""


def test_the_console_entry_alone_tunes_the_process_and_exits_at_once() -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "MIMALLOC_ALLOW_THP"}
    done = subprocess.run(
        [sys.executable, "-c", _ENTRY], capture_output=True, text=True, check=True, env=env
    )
    found = json.loads(done.stdout)
    assert "_Hidden" in found["meta_path"]  # pandas hidden while the command runs
    assert found["env"]["MIMALLOC_ALLOW_THP"] == "0"
    assert found["gc"] == [True, *_main.GC_THRESHOLDS]  # collecting, less often
    assert _main.GC_THRESHOLDS[0] > gc.get_threshold()[0]  # (the default, 700, here)
