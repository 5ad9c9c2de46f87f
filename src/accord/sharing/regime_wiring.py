def register() -> None:
    """The regime compiled into the decision point (regime helper)."""
