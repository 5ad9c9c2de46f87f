"""A category of one case's data, from one source organisation: the unit the sharing policy
decides and the disclosure register records (issue 10, Deliver 7, 8 and 10).

"May this member see this category of this case, for this purpose, now?" is asked of the
decision point with a `CaseFacet` as the resource (Cedar type `CaseRecord`, policies/
cases.cedarschema). The answer names the rule and legal basis, or what is missing, and the
form the data may be shown in (identified / pseudonymised / anonymised).

The sharing app fills in what a facet's decision reads beyond the case itself (consents,
break-glass grants) and records disclosures, through the registries below: cases imports no
app above it.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "identity": _("Identity"),
    "signal": _("Signal"),
    "assessment": _("Assessment"),
    "health": _("Health data"),
    "criminal": _("Criminal-offence data"),
    "professional_secret": _("Professional-secret content"),
    "plan_status": _("Support plan and its status"),
    "minutes": _("Minutes"),
}


@dataclass(frozen=True)
class CaseFacet:
    """`category` of `case`, as recorded by `source` (an Organisation; None: the case's lead,
    or the network's own register data such as the signal when its source is unknown)."""

    case: Any
    category: str
    source: Any = None

    @property
    def pk(self) -> str:
        source_id = self.source.pk if self.source is not None else (
            self.case.lead_organisation_id or 0)
        return f"{self.case.pk}:{self.category}:{source_id}"

    @property
    def audit_object(self) -> tuple[str, str]:
        # Reads of a facet are reads of its case in the access log ("who read this case"),
        # the category named among the read's categories.
        return ("cases.case", str(self.case.pk))

    @property
    def source_id(self) -> int | None:
        return self.source.pk if self.source is not None else self.case.lead_organisation_id


# Builders of extra facet attributes, registered by the sharing app: each takes the facets of
# one decision call and returns one dict per facet (e.g. {"consents": [...], "break_glass":
# [...]}) with a constant number of queries.
FacetAttrs = Callable[[Sequence[CaseFacet]], list[dict[str, Any]]]
_facet_attrs: list[FacetAttrs] = []


def register_facet_attrs(builder: FacetAttrs) -> None:
    if builder not in _facet_attrs:
        _facet_attrs.append(builder)


def facet_attr_builders() -> list[FacetAttrs]:
    return list(_facet_attrs)


# Who records a disclosure (one organisation's case data shown to a member of another): the
# sharing app's register, called with the member, the permitted facets with their decisions,
# and the channel ("page", "api", "meeting", "export", "notification", "search").
DisclosureRecorder = Callable[..., None]
_disclosure_recorders: list[DisclosureRecorder] = []


def register_disclosure_recorder(recorder: DisclosureRecorder) -> None:
    if recorder not in _disclosure_recorders:
        _disclosure_recorders.append(recorder)


def disclosure_recorders() -> list[DisclosureRecorder]:
    return list(_disclosure_recorders)


# Within one request a case page asks about the same case many times (each section decides its
# own facets). What a decision reads of a case's rows is kept on the case object for the
# request; the services that change those rows call `forget(case)`, and another request loads
# the case, and so its facts, afresh.
MEMO = "_facet_memo"


def memo(case: Any) -> dict:
    return case.__dict__.setdefault(MEMO, {})


def forget(case: Any) -> None:
    case.__dict__.pop(MEMO, None)
