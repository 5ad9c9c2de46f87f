"""The case page's "Identity" section (cases.sections): the decrypted identity for a reader
the policy permits, otherwise the reason and only the quasi-identifiers."""

from django.utils.translation import gettext_lazy as _

from accord.cases.sections import CaseSection, register_case_section
from accord.vault.selectors import identity_read


def identity_section_context(request, membership, case) -> dict:
    return {"reading": identity_read(membership, case, channel="page"), "case": case}


def register() -> None:
    register_case_section(CaseSection(key="identity", title=_("Identity"),
                                      template="vault/_identity_section.html", order=20,
                                      context=identity_section_context))
