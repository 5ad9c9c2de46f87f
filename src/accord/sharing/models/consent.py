"""Consent, Disclosure, BreakGlass (consent helper)."""
__all__: list[str] = []
