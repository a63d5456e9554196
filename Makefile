# The two commands a new user runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint types pytest bench bench-full-sheet clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job end to end on the embedded sandbox: validate, upload with faults, reconcile, rerun.
demo: $(STAMP)
	$(BIN)/leadprep demo

test: lint types pytest

lint: $(STAMP)
	$(BIN)/ruff check leadprep tests sample_files bench
	$(BIN)/ruff format --check leadprep tests sample_files bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/vulture
	@complex=$$($(BIN)/radon cc -n D -s leadprep); \
	if [ -n "$$complex" ]; then echo "$$complex"; \
	  echo "error: functions above cyclomatic complexity 20 — split them by responsibility"; \
	  exit 1; fi

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

# leadprep vs the naive pandas + phonenumbers script on 1M messy rows, in the same run.
#: The Rust port of phonenumbers the second baseline runs on: benchmark only, never a
#: leadprep dependency (an alpha release).
RPHONENUMBERS = rphonenumbers==0.1.0

bench: $(STAMP)
	$(BIN)/pip install -q $(RPHONENUMBERS)
	$(BIN)/python bench/run.py --repeat 3 --mix realistic
	$(BIN)/python bench/run.py --repeat 3
	$(BIN)/python bench/run.py --xlsx 1000000 --repeat 3
	$(BIN)/python bench/run.py --scale
	$(BIN)/python bench/run.py --scale --mix realistic

# A full-size sheet (1,048,575 x 16, distinct values) must validate under 1 GB (~5 min).
bench-full-sheet: $(STAMP)
	$(BIN)/python bench/run.py --full-sheet

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
