"""The case page is composed of sections that apps register (CasesConfig and the apps above
cases: the vault's identity, the assessments, the plan, consents, disclosures), so that cases
imports none of them. Each section decides its own facets through `cases.access.read_facets`
and shows, for a refused category, the decision's reason instead of the data."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CaseSection:
    key: str  # the section's id on the page (also its anchor)
    title: Any  # lazily translated
    template: str
    order: int
    # context(request, membership, case) -> the template's context, or None to leave the
    # section out (e.g. a privacy officer's page has no plan section).
    context: Callable[[Any, Any, Any], dict | None]


_SECTIONS: dict[str, CaseSection] = {}


def register_case_section(section: CaseSection) -> None:
    _SECTIONS[section.key] = section


def case_sections() -> list[CaseSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
