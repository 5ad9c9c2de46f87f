def register() -> None:
    """Consents and break-glass into case facets; the disclosure recorder (consent helper)."""
