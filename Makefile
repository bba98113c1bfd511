# Two commands for a new user: `make run` (install + run on seeds/) and `make test` (install + tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUTPUT ?= output

.PHONY: install run test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

run: install
	$(BIN)/python -m pipelines.ingest --input seeds --output $(OUTPUT)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUTPUT) .pytest_cache
