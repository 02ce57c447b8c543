"""Benchmarks that print figures and write them as JSON (speed is measured here, not in tests)."""
