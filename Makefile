# The two commands a new user runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint types pytest clean

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
	$(BIN)/ruff check leadprep tests sample_files
	$(BIN)/ruff format --check leadprep tests sample_files

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
