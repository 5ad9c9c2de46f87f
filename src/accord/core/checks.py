"""Start-up checks that refuse a production configuration which would be unsafe to run.
(The master key's check, accord.E001, lives with the keys it guards: accord.vault.checks.)"""

from django.core.checks import Error, Tags, register


@register(Tags.models)
def network_owned_check(app_configs, **kwargs):
    from django.apps import apps

    return network_owned_errors(apps.get_models())


def network_owned_errors(models) -> list[Error]:
    """Every model that belongs to a network derives from NetworkOwned, so it has the scoped
    manager and the same-network validation. A model whose `network` may be empty (the audit
    trail keeps the installation's own events) is not network-owned and keeps its own rules;
    so do the audit trail's append-only rows (`audit_trail = True`: the verifier and the
    folder read them across networks, and the database refuses to change them)."""
    from accord.core.models import NetworkOwned

    errors = []
    for model in models:
        field = next((f for f in model._meta.concrete_fields if f.name == "network"), None)
        if field is None or not field.many_to_one or field.null:
            continue
        if getattr(model, "audit_trail", False):
            continue
        target = field.related_model  # still a "tenancy.Network" string in an isolated registry
        if (target if isinstance(target, str) else target._meta.label) != "tenancy.Network":
            continue
        if not issubclass(model, NetworkOwned):
            errors.append(Error(
                f"{model._meta.label} has a network but does not derive from "
                "accord.core.models.NetworkOwned.", obj=model, id="accord.E010",
                hint="Derive it from NetworkOwned, which scopes its manager and checks that "
                     "its keys stay inside the network."))
    return errors
