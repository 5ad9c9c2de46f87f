"""Loaded by pytest before Django's settings (pyproject: -p accord.testing.pytest_env)."""

import os

os.environ.setdefault("ACCORD_ENV", "test")
