# Two commands for a new user: `make run` (install + run on seeds/) and `make test` (install + tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUTPUT ?= output

.PHONY: install run test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The project's own modules are byte-compiled here, as pip does for installed packages: where
# PYTHONDONTWRITEBYTECODE is set (it is on this project's machines), every process would otherwise
# compile them from source as it starts (~0.08 s, on the path before a local run's first worker).
# A module edited since is compiled from source again (in memory) until the next `make install`.
# The language detector's tables are built from langdetect's profiles here too, when those in place
# do not match them and the code (0.3 s in every process that detects, on the path before a local
# run's first worker; read back in 0.03 s). Then the code of every regex a local run compiles (a
# quarter of the fork server's path before the first worker; see transforms/regex_compile.py).
install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q pipelines transforms schemas benchmarks
	$(BIN)/python -m transforms.language
	$(BIN)/python -m pipelines.prebuild

run: install
	$(BIN)/python -m pipelines.ingest --input seeds --output $(OUTPUT)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUTPUT) .pytest_cache
