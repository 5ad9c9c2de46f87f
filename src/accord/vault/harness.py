"""For the harness only (the security suite's leak detector, the dump test): every plaintext
the vault holds for a network, decrypted without the decision point. Never for a view, the
API or an export: those read through accord.vault.selectors."""

from django_scopes import scopes_disabled

MIN_LENGTH = 6  # shorter texts ("Luki") are too common to prove a leak on their own


def vault_plaintexts(network, *, min_length: int = MIN_LENGTH) -> set[str]:
    from accord.vault.models import Subject

    found: set[str] = set()
    with scopes_disabled():
        subjects = (Subject.objects.filter(network=network)
                    .select_related("case_key__network_key"))
        for subject in subjects:
            if subject.case_key.destroyed_at is not None:
                continue
            identity = subject.identity()
            for field in ("names", "aliases", "addresses", "phones", "identifiers"):
                found.update(identity[field])
            guardian = subject.guardian() or {}
            found.update(v for k, v in guardian.items() if k != "relationship")
    return {text for text in found if len(text) >= min_length}
