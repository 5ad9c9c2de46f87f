"""Charter Markdown to safe HTML: Markdown, then nh3 (an allow-list sanitiser), then glossary
marks. Nothing a member types can run a script, embed a frame or link to `javascript:`."""

import html
import re
from collections.abc import Iterable

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "del", "ins", "blockquote", "ul", "ol", "li", "code", "pre", "a", "table", "thead", "tbody",
    "tr", "th", "td", "dl", "dt", "dd", "abbr", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Text inside these is never marked as a glossary term (links, code and headings stay plain).
_NO_MARK = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "abbr"}
_TAG = re.compile(r"(<[^>]*>)")


def sanitise(raw_html: str) -> str:
    return nh3.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow",
                     strip_comments=True)


def markdown_to_html(text: str) -> str:
    # Raw HTML in the Markdown passes through the Markdown parser and is then cleaned by nh3.
    return sanitise(markdown.markdown(text or "", extensions=["tables", "sane_lists"],
                                      output_format="html"))


def _tooltip(term_id: str, shown: str, definition: str) -> str:
    return (f'<span class="glossary-term" tabindex="0" aria-describedby="{term_id}">{shown}'
            f'<span class="glossary-tip" role="tooltip" id="{term_id}">'
            f"{html.escape(definition)}</span></span>")


def mark_terms(safe_html: str, terms: Iterable[tuple[str, str]], *, prefix: str = "term") -> str:
    """Wrap the first use of each glossary term in a tooltip that also opens on keyboard focus.

    Works on sanitised HTML and only touches text between tags, so it cannot open a way in.
    """
    pending = sorted({t: d for t, d in terms if t.strip()}.items(), key=lambda td: -len(td[0]))
    if not pending:
        return safe_html
    patterns = {
        term: re.compile(rf"(?<![\w-])({re.escape(html.escape(term))})(?![\w-])", re.IGNORECASE)
        for term, _definition in pending
    }
    open_blockers: list[str] = []
    out: list[str] = []
    for index, part in enumerate(_TAG.split(safe_html)):
        if part.startswith("<"):
            _track(part, open_blockers)
            out.append(part)
            continue
        if open_blockers or not part.strip():
            out.append(part)
            continue
        part, pending = _mark_segment(part, pending, patterns, f"{prefix}-{index}")
        out.append(part)
    return "".join(out)


def _track(tag: str, open_blockers: list[str]) -> None:
    name = tag.strip("</>").split()[0].lower() if tag.strip("</>").strip() else ""
    if name not in _NO_MARK:
        return
    if tag.startswith("</"):
        if name in open_blockers:
            open_blockers.remove(name)
    elif not tag.endswith("/>"):
        open_blockers.append(name)


def _mark_segment(text, pending, patterns, id_base):
    placeholders: list[str] = []
    still_pending = []
    for term, definition in pending:
        match = patterns[term].search(text)
        if match is None:
            still_pending.append((term, definition))
            continue
        marker = f"\x00{len(placeholders)}\x00"
        placeholders.append(_tooltip(f"{id_base}-{len(placeholders)}", match.group(1),
                                     definition))
        text = text[:match.start()] + marker + text[match.end():]
    for number, replacement in enumerate(placeholders):
        text = text.replace(f"\x00{number}\x00", replacement)
    return text, still_pending


def render_charter(text: str, terms: Iterable[tuple[str, str]] = ()) -> SafeString:
    return mark_safe(mark_terms(markdown_to_html(text), terms))  # noqa: S308 — nh3-cleaned above
