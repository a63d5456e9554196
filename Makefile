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

# Validate the messy sample as a data team would; exit 1 (rows left out) is the expected outcome.
demo: $(STAMP)
	@mkdir -p out
	$(BIN)/leadprep validate sample_files/leads_messy.csv \
	    --telephony-config sample_files/telephony-config.json \
	    --prompt sample_files/agent-prompt.txt \
	    --suppress sample_files/do-not-call.txt \
	    --output out/clean.csv --errors-output out/errors.xlsx \
	    --report-json out/report.json; test $$? -le 1

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
