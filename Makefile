# The project's vocabulary: generate, check, test, lint, bench.
# Every target creates the virtual environment from pyproject.toml when it is missing.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PEERS := bench/.venv-peers
PEERS_STAMP := $(PEERS)/.installed

.PHONY: generate check test lint bench bench-stages corpus clean-venv

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

## test: the whole test suite (what CI runs), one worker per core plus one (pytest-xdist: many
## tests wait on servers, subprocesses and retry back-offs, so an extra worker fills the idle
## time); loadscope keeps a module's tests on one worker, so its generated-client fixture is
## built (and mypy-checked) once
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')
test: $(STAMP)
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadscope

## lint: mypy --strict on the generator itself
lint: $(STAMP)
	$(PY) -m mypy

# The peers of `make bench` get an environment of their own (bench/peers-requirements.txt).
$(PEERS_STAMP): bench/peers-requirements.txt
	test -x $(PEERS)/bin/python || $(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet --disable-pip-version-check -r bench/peers-requirements.txt
	touch $(PEERS_STAMP)

## bench: ours side by side with openapi-python-client and pydantic v2 on every spec; writes
## bench/RESULTS.md (a whole run takes a while; BENCH_ARGS="--quick --specs dial,openai" limits it)
bench: $(STAMP) $(PEERS_STAMP)
	$(PY) -m bench $(BENCH_ARGS)

## bench-stages: time each stage of our pipeline, and incremental runs, on representative inputs
bench-stages: $(STAMP)
	$(PY) bench/bench_generate.py

## corpus: generate and check a client for every input of ../shared/corpus; prints one table
corpus: $(STAMP)
	$(PY) -m corpus

clean-venv:
	rm -rf $(VENV)
