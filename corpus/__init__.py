"""The corpus harness: run the generator over every real-world input and check the result.

A development tool, not part of the generator package. `python -m corpus` (or `make corpus`)
generates a client for each input of `../shared/corpus` (see `inputs.py`), then checks it:
operations and component schemas generated, the package imports, `mypy --strict` and
`black --check` pass, documented examples and generated instances round-trip through
`decode`/`encode`, public names read well, and datamodel-code-generator (the oracle) agrees
on the properties of every model. It prints one table, one row per input.
"""
