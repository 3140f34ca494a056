# Two commands do all set-up: `make replicate` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Taguette (a real REFI-QDA client for the round-trip test) needs its own environment: its
# SQLAlchemy differs from ours. Pinned: the test knows 1.5.2's export quirks.
TAGUETTE_VENV := .venv-taguette
TAGUETTE_STAMP := $(TAGUETTE_VENV)/.installed

.PHONY: replicate test bench lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(TAGUETTE_STAMP):
	$(PYTHON) -m venv $(TAGUETTE_VENV)
	$(TAGUETTE_VENV)/bin/python -m pip install --quiet 'taguette==1.5.2'
	touch $(TAGUETTE_STAMP)

replicate: $(STAMP)
	$(BIN)/psm-qual replicate --out reports/pasteur

test: $(STAMP) $(TAGUETTE_STAMP)
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will be skipped"
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b; done

lint: $(STAMP)
	$(BIN)/ruff check .
