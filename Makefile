# The project's vocabulary: generate, check, test, lint, bench.
# Every target creates the virtual environment from pyproject.toml when it is missing.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: generate check test lint bench corpus clean-venv

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## generate: regenerate generated/ from spec/ (defaults in [tool.generator])
generate: $(STAMP)
	$(PY) -m generator generate

## check: exit 1 (with a diff) when generated/ is not what spec/ gives; writes nothing
check: $(STAMP)
	$(PY) -m generator check

## test: the whole test suite (what CI runs)
test: $(STAMP)
	$(PY) -m pytest -q

## lint: mypy --strict on the generator itself
lint: $(STAMP)
	$(PY) -m mypy

## bench: time each pipeline stage on representative inputs
bench: $(STAMP)
	$(PY) bench/bench_generate.py

## corpus: generate and check a client for every input of ../shared/corpus; prints one table
corpus: $(STAMP)
	$(PY) -m corpus

clean-venv:
	rm -rf $(VENV)
