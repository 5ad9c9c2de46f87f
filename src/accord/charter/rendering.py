"""Charter Markdown to safe HTML: Markdown, then nh3 (an allow-list sanitiser), then glossary
marks. Nothing a member types can run a script, embed a frame or link to `javascript:`."""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Tip:
    """What a glossary term's tooltip says to one reader.

    `term` is matched in the text (documents are written in the network's language); `shown`
    is the term in the reader's language when it differs; `language` is the language of the
    definition; `note` says when the definition is not in the reader's language.
    """

    term: str
    definition: str
    shown: str = ""
    language: str = ""
    note: str = ""
    note_language: str = ""

    def match_terms(self) -> list[str]:
        return [t for t in dict.fromkeys((self.term, self.shown)) if t.strip()]


def _lang(code: str) -> str:
    return f' lang="{html.escape(code)}"' if code else ""


def _tooltip(term_id: str, marked: str, tip: Tip) -> str:
    heading = (f'<span class="glossary-tip-term">{html.escape(tip.shown)}</span> '
               if tip.shown and tip.shown.casefold() != tip.term.casefold() else "")
    note = (f'<span class="glossary-note"{_lang(tip.note_language)}>{html.escape(tip.note)}'
            "</span>" if tip.note else "")
    return (f'<span class="glossary-term" tabindex="0" aria-describedby="{term_id}">{marked}'
            f'<span class="glossary-tip" role="tooltip" id="{term_id}"{_lang(tip.language)}>'
            f"{heading}{html.escape(tip.definition)}{note}</span></span>")


def _as_tip(item) -> Tip:
    return item if isinstance(item, Tip) else Tip(*item)


def mark_terms(safe_html: str, terms: Iterable, *, prefix: str = "term") -> str:
    """Wrap the first use of each glossary term in a tooltip that also opens on keyboard focus.

    `terms` are Tips or (term, definition) pairs. Works on sanitised HTML and only touches text
    between tags, so it cannot open a way in.
    """
    tips = {tip.term: tip for tip in map(_as_tip, terms) if tip.term.strip()}
    pending = sorted(((text, tip) for tip in tips.values() for text in tip.match_terms()),
                     key=lambda pair: -len(pair[0]))
    if not pending:
        return safe_html
    patterns = {
        text: re.compile(rf"(?<![\w-])({re.escape(html.escape(text))})(?![\w-])", re.IGNORECASE)
        for text, _tip in pending
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
    marked: set[str] = set()  # tips marked here: their other spellings are done too
    for match_text, tip in pending:
        if tip.term in marked:
            continue
        match = patterns[match_text].search(text)
        if match is None:
            continue
        marker = f"\x00{len(placeholders)}\x00"
        placeholders.append(_tooltip(f"{id_base}-{len(placeholders)}", match.group(1), tip))
        text = text[:match.start()] + marker + text[match.end():]
        marked.add(tip.term)
    for number, replacement in enumerate(placeholders):
        text = text.replace(f"\x00{number}\x00", replacement)
    return text, [(m, tip) for m, tip in pending if tip.term not in marked]


def render_charter(text: str, terms: Iterable = (), *, prefix: str = "term") -> SafeString:
    """`prefix` starts the tooltips' ids: pages that show several documents give each its own,
    so that ids stay unique on the page."""
    return mark_safe(mark_terms(markdown_to_html(text), terms, prefix=prefix))  # noqa: S308
