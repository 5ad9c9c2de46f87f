"""Action items and the call log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.meetings.models import ActionItem, ActionStatus, CallLog, CallVisibility
from accord.meetings.services._common import audit, check_case

LINK_FIELDS = ("meeting", "item", "decision", "goal_id", "case", "description")


@transaction.atomic
def action_item_create(*, membership, body, title: str, owner=None, due_on=None,
                       **links) -> ActionItem:
    """Assign an action. Readers of the body's minutes may create them; the owner's
    organisation is stored so the action survives the owner leaving. Audited."""
    policy.require(membership, "action_item.create", body, purpose="view")
    owner = owner or membership
    action = ActionItem(network=membership.network, body=body, title=title, owner=owner,
                        owner_organisation=owner.organisation, due_on=due_on,
                        created_by=membership,
                        **{k: v for k, v in links.items() if k in LINK_FIELDS})
    if action.item_id and action.meeting_id is None:
        action.meeting = action.item.meeting
    action.full_clean()
    check_case(action)
    action.save()
    audit(membership, "action_item.created", action, owner=owner.pk,
          due_on=due_on.isoformat() if due_on else None)
    return action


@transaction.atomic
def action_item_set_status(*, membership, action: ActionItem, status: str) -> ActionItem:
    """The owner, their organisation's members, or the body's planners change the status."""
    policy.require(membership, "action_item.set_status", action, purpose="view")
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "done_at"])
    audit(membership, "action_item.status_changed", action, status=status)
    return action


@transaction.atomic
def call_log_create(*, membership, body, occurred_on, topic: str, participants=(),
                    external_participants: str = "", case=None,
                    summary: str = "", visibility: str = "network") -> CallLog:
    """Log a consultation between meetings. Readers of the body; the author is always a
    participant; audited without the summary."""
    policy.require(membership, "call_log.create", body, purpose="view")
    visibility = CallVisibility.from_stored(visibility)
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    participants = set(participants) | {membership}
    if any(p.network_id != membership.network_id for p in participants):
        raise ValidationError({"participants": _("Choose members of this network.")})
    log = CallLog(network=membership.network, body=body, occurred_on=occurred_on, topic=topic,
                  external_participants=external_participants, case=case,
                  summary=summary, visibility=visibility, created_by=membership)
    log.full_clean()
    check_case(log)
    log.save()
    log.participants.set(participants)
    audit(membership, "call_log.created", log, visibility=visibility,
          participants=len(participants))
    return log
