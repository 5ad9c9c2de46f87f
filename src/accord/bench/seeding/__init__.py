"""Deterministic scale data for benchmarks (`accord bench seed`); PostgreSQL only."""
