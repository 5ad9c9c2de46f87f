"""Consents and break-glass into case facets, the disclosure recorder, the case page's
sections, the home panel, the API and the policy's messages (consent helper; called from
SharingConfig.ready)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from accord.sharing.consent_entities import register_consent_entities

    register_consent_entities()

    from accord.cases.facets import register_disclosure_recorder, register_facet_attrs
    from accord.sharing.consent_facets import consent_facet_attrs
    from accord.sharing.disclosures import record_disclosures

    register_facet_attrs(consent_facet_attrs)
    register_disclosure_recorder(record_disclosures)

    from accord.cases.sections import CaseSection, register_case_section
    from accord.sharing import consent_sections as sections

    register_case_section(CaseSection(
        key="break-glass", title=_("Break-glass access"),
        template="sharing/break_glass_section.html", order=5,
        context=sections.break_glass_context))
    register_case_section(CaseSection(
        key="consents", title=_("Consents"), template="sharing/consent_section.html",
        order=75, context=sections.consents_context))
    register_case_section(CaseSection(
        key="disclosures", title=_("Disclosures"), template="sharing/disclosure_section.html",
        order=80, context=sections.disclosures_context))
    register_case_section(CaseSection(
        key="reads", title=_("Who saw this case"), template="sharing/disclosure_reads.html",
        order=90, context=sections.reads_context))

    from accord.tenancy.panels import BEFORE_BODIES, HomePanel, register_home_panel

    register_home_panel(HomePanel(template="sharing/break_glass_home_panel.html",
                                  slot=BEFORE_BODIES, context=_home_panel_context))

    from accord.api.routers import register_router

    register_router("/", "accord.sharing.consent_api.router")

    from accord.audit import labels

    labels.register_object_types({
        "sharing.consent": _("Consent"),
        "sharing.disclosure": _("Disclosure register"),
        "sharing.breakglass": _("Break-glass access"),
    })


def _home_panel_context(*, membership) -> dict:
    from accord.sharing.break_glass import break_glass_unreviewed_count

    return {"break_glass_unreviewed": break_glass_unreviewed_count(membership)}
