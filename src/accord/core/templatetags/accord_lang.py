"""Content in another language than the page's says so, so a screen reader speaks it with
the right voice (WCAG 3.1.2). Network-authored content (meeting and decision titles, minutes,
glossary, documents) is written in the network's language, whatever the reader chose."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


def _language_of(source) -> str:
    """A language code, from a code itself or from an object that has one (a Network's
    default_language, a document's or invitation's language)."""
    if isinstance(source, str):
        return source
    for attr in ("language", "default_language"):
        value = getattr(source, attr, "")
        if value:
            return value
    return ""


def _differs(code: str) -> bool:
    page = (get_language() or "").split("-")[0].lower()
    return bool(code) and code.split("-")[0].lower() != page


@register.simple_tag
def content_lang(source) -> str:
    """` lang="nl"` inside a tag when `source`'s language is not the page's, else nothing:
    `<dd{% content_lang network %}>…</dd>`."""
    code = _language_of(source)
    return format_html(' lang="{}"', code) if _differs(code) else ""


@register.filter
def in_language(text, source) -> str:
    """`{{ meeting.title|in_language:network }}`: the text, wrapped in `<span lang>` when its
    language is not the page's."""
    code = _language_of(source)
    if _differs(code):
        return format_html('<span lang="{}">{}</span>', code, text)
    return format_html("{}", text)
