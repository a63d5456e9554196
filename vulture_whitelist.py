"""Names vulture reports as unused that are used, each with where and why.

vulture reads source text; these are reached in ways it cannot see. Checked by
``make lint`` (``[tool.vulture]`` in pyproject.toml); anything new it reports is
dead code to remove, not a line to add here without a reason.
"""

# ruff: noqa: B018, F821  (a vulture whitelist is bare names by design)
# mypy: ignore-errors

# PEP 562: Python calls a module's __dir__ for dir(leadprep).
__dir__

# The command handlers: cli/_parser.py names each as "module:function" and loads it.
cmd_validate
cmd_upload
cmd_prepare
cmd_init
cmd_demo
cmd_sandbox
campaign_create
lead_add
lead_get
lead_update

# Protocol methods other libraries call: httpx.Auth, importlib's finders, io's streams.
_.auth_flow
_.find_spec
_.writable

# Attributes other libraries read: exception chaining, functools' wrappers, NumPy's
# array flags, argparse's sub-parser switch, uvicorn's stop, sqlite3's row factory.
_.__cause__
_.__wrapped__
_.writeable
_.required
_.should_exit
_.row_factory

# Fields of DialNexa's answers (api/_models.py) and of the reconciliation
# (report/_totals.py): data for the caller and the JSON report, read by name.
organization_id
created_at
rows_planned
rows_oversized
chunks_total
chunks_acknowledged
chunks_in_doubt
chunks_unaccounted

# Report.__getattribute__ calls it by name when a detail list is first read.
_._release

# Public for callers' tests: a retry policy that never sleeps (used by this suite).
_.no_wait
