"""The names of audited actions and their labels in the audit page.

Other apps write these names with `audit_record(action=...)`; a name that is not listed here
is still recorded and shown as it is, so a new action never breaks the trail.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "auth.signed_in": _("Signed in"),
    "auth.sign_in_failed": _("Sign-in failed"),
    "auth.locked_out": _("Locked out after repeated failures"),
    "auth.signed_out": _("Signed out"),
    "auth.mfa_enrolled": _("Two-factor authentication set up"),
    "auth.mfa_reset": _("Two-factor authentication reset"),
    "auth.recovery_code_used": _("Recovery code used"),
    "auth.recovery_codes_regenerated": _("Recovery codes regenerated"),
    "auth.password_reset_requested": _("Password reset requested"),
    "auth.password_reset_throttled": _("Password reset e-mail held back (hourly limit)"),
    "auth.password_changed": _("Password changed"),
    "auth.sessions_ended": _("Sessions ended"),
    "auth.session_ended": _("Session signed out"),
    "auth.sso_linked": _("Linked to the organisation's sign-in"),
    "auth.sso_refused": _("Organisation sign-in refused"),
    "auth.sso_sessions_ended": _("Sessions ended by the organisation's sign-in"),
    "auth.step_up": _("Identity confirmed again (step-up)"),
    "auth.step_up_failed": _("Step-up failed"),
    "auth.step_up_required": _("Step-up asked for"),
    "auth.passkey_registered": _("Passkey added"),
    "auth.passkey_renamed": _("Passkey renamed"),
    "auth.passkey_removed": _("Passkey removed"),
    "invitation.created": _("Invitation sent"),
    "invitation.revoked": _("Invitation revoked"),
    "invitation.accepted": _("Invitation accepted"),
    "membership.roles_changed": _("Member's roles changed"),
    "membership.ended": _("Membership ended"),
    "membership.sessions_ended": _("Member signed out everywhere"),
    "organisation.created": _("Organisation created"),
    "organisation.updated": _("Organisation updated"),
    "body.created": _("Body created"),
    "body.updated": _("Body updated"),
    "body_membership.added": _("Added to a body"),
    "body_membership.changed": _("Role in a body changed"),
    "body_membership.removed": _("Removed from a body"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "audit.exported": _("Audit log exported"),
    "audit.epoch_erased": _("Audit year erased after its retention period"),
    "audit.chain_verified": _("Audit chain verified"),
    "audit.head_repaired": _("Audit chain head repaired"),
    "charter_document.created": _("Charter document created"),
    "charter_version.drafted": _("Charter draft started"),
    "charter_version.edited": _("Charter draft edited"),
    "charter_version.proposed": _("Charter version proposed"),
    "charter_version.withdrawn": _("Charter proposal back to draft"),
    "charter_version.adopted": _("Charter version adopted"),
    "charter_version.superseded": _("Charter version superseded"),
    "charter_comment.added": _("Comment on a proposed charter version"),
    "practice_status.updated": _("Roadmap practice updated"),
    "goal.created": _("Goal created"),
    "goal.updated": _("Goal updated"),
    "goal_review.recorded": _("Goal review recorded"),
    "glossary_term.created": _("Glossary term added"),
    "glossary_term.updated": _("Glossary term changed"),
    "glossary_term.deleted": _("Glossary term removed"),
    "responsibility.created": _("Task added to the roles chart"),
    "responsibility.updated": _("Task in the roles chart changed"),
    "responsibility.deleted": _("Task removed from the roles chart"),
    "level.created": _("Level added"),
    "level.updated": _("Level changed"),
    "level.deleted": _("Level removed"),
    "needs_survey.answered": _("Needs survey answered"),
    "meeting.created": _("Meeting scheduled"),
    "meeting.updated": _("Meeting changed"),
    "meeting.cancelled": _("Meeting cancelled"),
    "meeting.held": _("Meeting marked as held"),
    "meeting.reinstated": _("Meeting reinstated"),
    "agenda_item.created": _("Agenda item added"),
    "agenda_item.updated": _("Agenda item changed"),
    "agenda_item.deleted": _("Agenda item removed"),
    "agenda_item.forwarded": _("Agenda item forwarded"),
    "agenda.reordered": _("Agenda reordered"),
    "agenda.published": _("Agenda published"),
    "attendance.recorded": _("Attendance recorded"),
    "presence.recorded": _("Presence per item recorded"),
    "minutes.entry_created": _("Minutes entry written"),
    "minutes.entry_updated": _("Minutes entry changed"),
    "minutes.entry_deleted": _("Minutes entry deleted"),
    "minutes.approved": _("Minutes approved"),
    "minutes.addendum_created": _("Minutes addendum written"),
    "minutes.addendum_approved": _("Minutes addendum approved"),
    "minutes.circulated": _("Draft minutes circulated for comments"),
    "minutes.commented": _("Comment on draft minutes"),
    "minutes.approved_silently": _("Minutes approved by silent procedure"),
    "meeting_series.created": _("Meeting series created"),
    "meeting_series.generated": _("Meetings of a series scheduled"),
    "network.created": _("Network created"),
    "membership.created": _("Membership created"),
    "decision.created": _("Decision put"),
    "decision.vote_cast": _("Vote cast"),
    "decision.recorded": _("Decision recorded"),
    "action_item.created": _("Action assigned"),
    "action_item.status_changed": _("Action status changed"),
    "call_log.created": _("Call logged"),
    "guest.invited": _("Guest invited"),
    "guest.revoked": _("Guest invitation withdrawn"),
    "guest.link_opened": _("Guest link opened"),
    "guest.code_checked": _("Guest code checked"),
    "guest.confidentiality_acknowledged": _("Guest acknowledged confidentiality"),
    # --- sharing: consents, disclosures, break-glass ---
    "consent.recorded": _("Consent recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "disclosure.exported": _("Disclosure register exported"),
    "break_glass.started": _("Case opened by break-glass"),
    "break_glass.ended": _("Break-glass access closed"),
    "break_glass.reviewed": _("Break-glass access reviewed"),
    # --- end sharing ---
    "read": _("Sensitive data read"),
    "access.batch": _("Reads of sensitive data folded into the chain"),
}


def action_label(name: str) -> str:
    """The translated label of an action, or its name when it is not in the registry."""
    label = ACTIONS.get(name)
    return str(label) if label is not None else name


def object_type_label(name: str) -> str:
    """"tenancy.membership" → "Membership", through the label registry (accord.audit.labels)."""
    from accord.audit.labels import object_type_label as label

    return label(name)
