# Two commands do everything: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLUGINS := $(wildcard plugins/*/pyproject.toml)

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when a pyproject changes. The project was first published as `workshop`, a name
# the package index gives to an unrelated package: a venv made before the rename drops it first.
$(STAMP): $(BIN)/python pyproject.toml $(PLUGINS)
	$(BIN)/python -m pip uninstall --quiet --yes workshop 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e ".[test]" $(foreach p,$(dir $(PLUGINS)),-e $(p))
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workshop

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV)
