"""django-otp-webauthn's configuration script, with the page's CSP nonce like every script."""

from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def passkey_configuration(context, configuration) -> str:
    tag = json_script(configuration, "otp_webauthn_config")  # escapes <, > and & in the JSON
    nonce = context.get("csp_nonce", "")
    return mark_safe(tag.replace("<script ", f'<script nonce="{nonce}" ', 1))  # noqa: S308
