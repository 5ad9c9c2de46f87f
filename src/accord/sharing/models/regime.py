"""SharingRegime and SharingRule (regime helper)."""
__all__: list[str] = []
