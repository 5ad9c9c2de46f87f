"""Loaded by pytest before Django's settings (pyproject: -p accord.testing.pytest_env)."""

import os

os.environ.setdefault("ACCORD_ENV", "test")

# The audit witness and its dev signing key live outside the checkout during tests, so a test
# run never leaves signed heads or keys in var/. Each test process (pytest-xdist runs two) has
# its own: the workers' databases number their networks alike, and a head one worker signed
# for network 1 would contradict the other's chain. A directory someone set is kept.
_OWNER = "ACCORD_TEST_WITNESS_PID"
_ours = os.environ.get(_OWNER)
if not os.environ.get("ACCORD_VAR_DIR") and (
        not os.environ.get("ACCORD_AUDIT_WITNESS_DIR") or (_ours and _ours != str(os.getpid()))):
    import tempfile
    from pathlib import Path

    # The signing key is kept beside the witness directory: inside a private one, not /tmp.
    _witness = Path(tempfile.mkdtemp(prefix="accord-witness-")) / "witness"
    _witness.mkdir()
    os.environ["ACCORD_AUDIT_WITNESS_DIR"] = str(_witness)
    os.environ[_OWNER] = str(os.getpid())
