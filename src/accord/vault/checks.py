"""Start-up check: outside dev and test, ACCORD_MASTER_KEY must hold valid master keys, or the
process refuses to start (`refuse_to_start_without_master_key`, from VaultConfig.ready) and
`accord check --deploy` reports it (accord.E001). A key that parses but does not unwrap the
stored network keys is refused at first use, naming its id (vault.keys)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from accord.vault.keys import DEV_MASTER_KEY, MasterKeyError, parse_master_keys


@register(Tags.security, deploy=True)
def master_key_check(app_configs, **kwargs):
    return master_key_errors(settings.ACCORD_MASTER_KEY, is_dev=settings.IS_DEV)


def master_key_errors(value: str | None, *, is_dev: bool) -> list[Error]:
    hint = "head -c 32 /dev/urandom | base64; several keys: id:base64,id:base64 (docs)."
    try:
        keys = parse_master_keys(value)
    except MasterKeyError as error:
        return [Error(str(error), hint=hint, id="accord.E001")]
    if not is_dev and any(k.key == DEV_MASTER_KEY for k in keys):
        return [Error("ACCORD_MASTER_KEY holds the public development key.", hint=hint,
                      id="accord.E001")]
    return []


def refuse_to_start_without_master_key() -> None:
    if settings.IS_DEV:
        return
    errors = master_key_errors(settings.ACCORD_MASTER_KEY, is_dev=False)
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} Hint: {errors[0].hint}")
