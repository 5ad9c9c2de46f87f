"""Loaded by pytest before Django's settings (pyproject: -p accord.testing.pytest_env)."""

import os

os.environ.setdefault("ACCORD_ENV", "test")

# The audit witness and its dev signing key live outside the checkout during tests, so a test
# run never leaves signed heads or keys in var/.
if not os.environ.get("ACCORD_VAR_DIR") and not os.environ.get("ACCORD_AUDIT_WITNESS_DIR"):
    import tempfile

    os.environ["ACCORD_AUDIT_WITNESS_DIR"] = tempfile.mkdtemp(prefix="accord-witness-")
