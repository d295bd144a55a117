# Two commands on a fresh machine with Python 3.11+:
#   make demo   set up .venv and run fanpin on the example workspace
#   make test   set up .venv with dev tools and run ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint types unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/fanpin validate examples/workspace/data/zixing/roster.xlsx --as-of 2021-12-31
	$(BIN)/fanpin report --county zixing --workspace examples/workspace
	$(BIN)/fanpin report --county zixing_2026 --workspace examples/workspace

test: $(STAMP) lint types unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/read_validate.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
