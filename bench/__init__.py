"""Benchmarks (`make bench`): the side-by-side harness (`python -m bench`, see bench/harness.py)
and the per-stage timings of our own pipeline (bench/bench_generate.py, `make bench-stages`)."""
