"""Writes of the formalisation roadmap and the anonymous needs survey."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.models import (
    PracticeState,
    PracticeStatus,
    SurveyParticipation,
    SurveyResponse,
)
from accord.charter.roadmap import PRACTICE_BY_CODE
from accord.charter.services._common import audit, changed_fields, permit
from accord.charter.survey import clean_answers
from accord.tenancy.models import Membership


@transaction.atomic
def practice_status_set(*, membership: Membership, practice: str, status: str,
                        owner: Membership | None = None, note: str = "") -> PracticeStatus:
    """Record where the network stands on one practice. Editors only; audited by field name."""
    permit(membership, "charter.edit")
    if practice not in PRACTICE_BY_CODE:
        raise ValidationError({"practice": _("Unknown practice.")})
    if status not in PracticeState.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if owner is not None and owner.network_id != membership.network_id:
        raise ValidationError({"owner": _("Choose a member of this network.")})
    record, _created = PracticeStatus.objects.select_for_update().get_or_create(
        network=membership.network, practice=practice)
    changed = changed_fields(record, {"status": status, "owner": owner, "note": note})
    if not changed:
        return record
    record.updated_at = timezone.now()
    record.full_clean()
    record.save()
    audit(membership, "practice_status.updated", record,
          {"practice": practice, "fields": changed, "status": status})
    return record


def survey_answer(*, membership: Membership, answers: dict) -> None:
    """Store one member's answers without anything that points back to them.

    The participation row (who answered) and the response row (what was answered) share no
    key, no time and no order; the audit event names the participation only.
    """
    permit(membership, "charter.survey.answer")
    cleaned = clean_answers(answers)
    try:
        with transaction.atomic():
            participation = SurveyParticipation.objects.create(network=membership.network,
                                                               membership=membership)
            SurveyResponse.objects.create(network=membership.network, answers=cleaned)
            audit(membership, "needs_survey.answered", participation)
    except IntegrityError:
        raise ValidationError(_("You have already answered the survey.")) from None
