"""Benchmarks for `make bench`: `python -m bench [SECTION ...]` prints markdown tables."""
