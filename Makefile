# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test test-fast test-wheel lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml setup.py $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/plankg build --figures -o out

# Both tiers, on every core (at most 4 workers; a module's tests stay on one worker, so its
# module-scoped build runs once).
XDIST := -n auto --maxprocesses=4 --dist loadscope

test: $(TEST_STAMP)
	$(BIN)/ruff check graph tests scripts
	$(BIN)/ruff format --check graph tests scripts
	$(BIN)/python -m pytest -q $(XDIST)

# The fast tier, for the inner loop: unit tests and small fixtures (no browser, notebook,
# server, wheel or corpus build).
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q $(XDIST) -m "not slow"

# The wheel in a new venv, run from an unrelated directory (also part of `make test`).
test-wheel: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/test_wheel.py

clean:
	rm -rf out .pytest_cache build plankg.egg-info
