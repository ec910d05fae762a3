# The project's vocabulary: generate, check, test, lint, bench.
# Every target creates the virtual environment from pyproject.toml when it is missing.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: generate test lint bench clean-venv

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## generate: regenerate generated/ from spec/ (defaults in [tool.generator])
generate: $(STAMP)
	$(PY) -m generator generate

## test: the whole test suite (what CI runs)
test: $(STAMP)
	$(PY) -m pytest -q

## lint: mypy --strict on the generator itself
lint: $(STAMP)
	$(PY) -m mypy

## bench: time each pipeline stage on representative inputs
bench: $(STAMP)
	$(PY) bench/bench_generate.py

clean-venv:
	rm -rf $(VENV)
