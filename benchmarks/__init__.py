"""Benchmarks (make bench): not part of the unit test suite."""
