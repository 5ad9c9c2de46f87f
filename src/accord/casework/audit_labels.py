"""The audit page's words for case work's events (per object type, so that a key such as
"level" means the same here whatever other apps call theirs)."""

from django.utils.translation import gettext_lazy as _

from accord.audit import labels
from accord.audit.labels import Detail, Ref, a_date, choices
from accord.cases.models import ConcernLevel
from accord.casework.models import InterventionKind, InterventionStatus, ReviewOutcome

OBJECT_TYPES = ("casework.assessment", "casework.review", "casework.referral",
                "casework.intervention", "casework.supportplan", "casework.plangoal")


def register() -> None:
    common = {
        "case": Detail(_("Case"), Ref("cases.case")),
        "level": Detail(_("Concern level"), choices(ConcernLevel)),
    }
    specific = {
        "casework.assessment": {
            "version": Detail(_("Version")),
            "ratings": Detail(_("Indicator ratings")),
            "external": Detail(_("External assessment")),
            "rater": Detail(_("Co-rater"), Ref("tenancy.membership")),
        },
        "casework.review": {
            "outcome": Detail(_("Outcome"), choices(ReviewOutcome)),
            "next_review_on": Detail(_("Next review"), a_date),
            "event_triggered": Detail(_("Triggered by an event")),
            "domains": Detail(_("Domains reviewed")),
        },
        "casework.referral": {
            "to": Detail(_("Referred to"), Ref("tenancy.organisation")),
            "categories": Detail(_("Categories")),
        },
        "casework.intervention": {
            "kind": Detail(_("Type"), choices(InterventionKind)),
            "status": Detail(_("Status"), choices(InterventionStatus)),
            "organisation": Detail(_("Owning organisation"), Ref("tenancy.organisation")),
            "decision": Detail(_("Case-conference decision"), Ref("meetings.decision")),
        },
    }
    for object_type in OBJECT_TYPES:
        labels.register_details({**common, **specific.get(object_type, {})},
                                object_type=object_type)
