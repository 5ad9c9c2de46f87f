"""Shared page furniture: the scroll region around every data table, the error summary of
every form, and the "Error:" prefix of a page title. A builtin of the template engine, so no
page has to remember to load it, and no page can render a table or a form another way."""

import itertools
import re
from typing import Any

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_CAPTION = re.compile(r"<caption(?P<attrs>\s[^>]*)?>", re.IGNORECASE)
_REGIONS = itertools.count(1)
_ID = re.compile(r"""\sid=["'](?P<id>[^"']+)["']""")


class TableScrollNode(template.Node):
    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        html = self.nodelist.render(context)
        # A process-wide counter: unique on the page even across includes and inclusion tags.
        region_id = f"table-region-{next(_REGIONS)}"
        caption = _CAPTION.search(html)
        if caption is None:
            # The region's accessible name is the table's caption: a data table without one
            # is a bug (WCAG 1.3.1), so say so where it is written, not in an audit.
            raise template.TemplateSyntaxError("{% tablescroll %} needs a table with a <caption>.")
        attrs = caption.group("attrs") or ""
        found = _ID.search(attrs)
        caption_id = found.group("id") if found else f"{region_id}-caption"
        if not found:
            opening = format_html('<caption id="{}"{}>', caption_id, mark_safe(attrs))  # noqa: S308
            html = html[: caption.start()] + opening + html[caption.end():]
        # The nodelist's output is already escaped template output; only an id was added.
        return format_html(
            '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{}">{}</div>',
            caption_id, mark_safe(html))  # noqa: S308


@register.tag
def tablescroll(parser: template.base.Parser, token: template.base.Token) -> TableScrollNode:
    """{% tablescroll %}<table><caption>…</caption>…</table>{% endtablescroll %}

    A wide table scrolls inside its own labelled, focusable region, so the page itself reflows
    at 320 CSS px (WCAG 1.4.10) and keyboard users can still scroll the table."""
    nodelist = parser.parse(("endtablescroll",))
    parser.delete_first_token()
    return TableScrollNode(nodelist)


def _anchor(field: BoundField) -> str:
    """The id of the control the summary links to: the input, or the first of a group."""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    if subwidgets and subwidgets[0].id_for_label:
        return subwidgets[0].id_for_label
    return field.auto_id or ""


@register.simple_tag
def error_summary_items(form: BaseForm) -> list[dict[str, Any]]:
    """Each error of a bound form once, with the id of the field it belongs to ("" for the
    form's own errors and those of hidden fields, which have nothing to focus)."""
    if not isinstance(form, BaseForm) or not form.is_bound or not form.errors:
        return []
    items = [{"anchor": "", "label": "", "message": e} for e in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            if field.is_hidden:
                items.append({"anchor": "", "label": "", "message": message})
            else:
                items.append({"anchor": _anchor(field), "label": field.label, "message": message})
    return items


def _has_errors(value: Any) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> SafeString | str:
    """"Error: " before the page title when any form on the page came back with errors, so a
    screen reader hears at once that the submit failed (WCAG 3.3.1). Views whose forms are not
    in the context (a list of row forms) can set form_errors=True."""
    flat = context.flatten()
    has = bool(flat.get("form_errors"))
    for value in flat.values():
        if has:
            break
        if isinstance(value, list | tuple):
            has = any(_has_errors(v) for v in value[:200])
        elif isinstance(value, dict):
            has = any(_has_errors(v) for v in list(value.values())[:200])
        else:
            has = _has_errors(value)
    return _("Error:") + " " if has else ""
