"""Accord: the shared workspace of local multi-agency P/CVE networks."""
