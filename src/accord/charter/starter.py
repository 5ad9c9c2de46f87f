"""Accord's own short starter templates, one Markdown file per kind and language."""

from pathlib import Path

from accord.charter.models import DocumentKind

TEMPLATE_DIR = Path(__file__).resolve().parent / "starter_templates"
LANGUAGES = ("en", "de", "nl", "fr")
STARTER_KINDS = [k for k in DocumentKind.values if k != DocumentKind.CUSTOM]


def starter_text(*, kind: str, language: str) -> tuple[str, str]:
    """(title, Markdown body) of the starter for `kind`; English when the language is missing."""
    if kind not in STARTER_KINDS:
        raise ValueError(f"no starter template for {kind!r}")
    language = language if language in LANGUAGES else "en"
    text = (TEMPLATE_DIR / language / f"{kind}.md").read_text(encoding="utf-8")
    first, _newline, rest = text.partition("\n")
    return first.removeprefix("# ").strip(), rest.strip() + "\n"
