"""The audit page's words for the charter's object types and event details."""

from django.utils.translation import gettext_lazy as _

from accord.audit import labels
from accord.audit.labels import Detail, Ref, choices
from accord.charter.roadmap import PRACTICE_CHOICES


def register() -> None:
    labels.register_object_types({
        "charter.assignment": _("Responsibility assignment"),
        "charter.goalreview": _("Goal review"),
        "charter.practicestatus": _("Practice status"),
        "charter.surveyparticipation": _("Survey participation"),
        "charter.surveyresponse": _("Survey response"),
        "charter.versioncomment": _("Comment on a charter version"),
    })
    labels.register_display("charter.charterversion",
                     lambda v: _("%(title)s, version %(number)s") % {
                         "title": v.document.title, "number": v.number},
                     related=("document",))
    labels.register_display("charter.goal", lambda goal: goal.statement)
    labels.register_details({
        "number": Detail(_("Version")),
        "by": Detail(_("Superseded by version")),
        "based_on": Detail(_("Based on"), Ref("charter.charterversion")),
    }, object_type="charter.charterversion")
    labels.register_details({"practice": Detail(_("Practice"), choices(PRACTICE_CHOICES))},
                     object_type="charter.practicestatus")
    labels.register_details({"version": Detail(_("Version"))}, object_type="charter.versioncomment")
