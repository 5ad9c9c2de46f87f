"""What a denial says is missing, in the reader's language. Each Cedar rule that can deny, or
explain a denial, names one of these keys in its `@missing` annotation; a key that is not here
refuses to load (engine.load), so no denial is ever left unexplained."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "not_permitted": _("Your roles in this network do not allow this."),
    "sign_in": _("Sign in as a member of this network."),
    "unknown_action": _("This action is not known to the network's rules, so it is refused."),
    "unknown_purpose": _("This purpose is not known to the network's rules, so it is refused."),
    "other_network": _("This belongs to another network."),
    "membership_ended": _("Your membership of this network has ended."),
    "coordinator_only": _("Only the network's coordinators may do this."),
    "step_up": _("This needs a fresh confirmation that it is you: confirm with your second "
                 "factor on the step-up page, then try again."),
    "review_needed": _("This is shared only after a person has reviewed the request "
                       "({basis}). Ask the case's coordinator."),
    "oversight_only": _("A privacy officer oversees through the audit trail and does not read "
                        "content."),
    # --- charter ---
    "charter_editors_only": _("Only coordinators and the steering group's chair or secretary "
                              "may change the charter."),
    "charter_members_comment": _("Only members of the network read and write comments on "
                                 "proposed versions."),
    "charter_members_answer": _("Only members of the network answer the needs survey."),
    "charter_text_not_open": _("This text is not open to you: drafts are for the charter's "
                               "editors, proposals for members, adopted texts for everyone."),
    "charter_readers_only": _("Your roles in this network do not include reading the "
                              "charter."),
    # --- end charter ---
    # --- tenancy/audit/api ---
    "audit_roles_only": _("Only the network's coordinators and privacy officers may see the "
                          "audit log."),
    # --- end tenancy/audit/api ---
    # --- meetings ---
    "meetings.body_members_only": _("Only members of this body may read its meetings and "
                                    "minutes."),
    "meetings.present_only": _("Only members present for this item may read it."),
    "meetings.planners_only": _("Only the chair, the secretary or a coordinator may do this."),
    "meetings.officers_only": _("Only the chair or the secretary of this meeting may do this."),
    "meetings.no_voting_right": _("You have no voting right in this body."),
    "meetings.vote_present_only": _("Only voting members present for this item may vote."),
    "meetings.assign_body_members_only": _("Only members of this body may assign its actions."),
    "meetings.log_body_members_only": _("Only members of this body may log its calls."),
    "meetings.action_owner_only": _("Only the owner or the body's chair and secretary may do "
                                    "this."),
    "meetings.call_participants_only": _("Only the participants of this call and the body's "
                                         "chair and secretary may read it."),
    "meetings.guest_own_items_only": _("Guests read only the items they were invited to."),
    "meetings.guest_approved_only": _("Guests read the minutes of their items once they are "
                                      "approved."),
    "meetings.confidential_item": _("This item is confidential: only members of the body may "
                                    "read it."),
    # --- end meetings ---
    # --- meetings planning (issue 16) ---
    "meetings.poll_body_members_only": _("Only members of this body answer its date poll."),
    "meetings.poll_answers_organisers_only": _("The organisers chose to keep the answers of "
                                               "this date poll to themselves."),
    "meetings.reply_invited_only": _("Only members invited to this meeting reply to it."),
    # --- end meetings planning ---
    # --- meetings: papers and speakers (issue 16) ---
    "meetings.papers_not_for_guests": _("This paper is not shared with the item's guests."),
    "meetings.papers_invited_only": _("This paper is only for those invited to this item: "
                                      "the members who may read its restricted record."),
    "meetings.papers_uploader_or_planners": _("Only whoever uploaded this paper, or the "
                                              "body's chair, secretary or a coordinator, may "
                                              "replace it."),
    "meetings.papers_body_members_only": _("Only members of this body may add papers to its "
                                           "items."),
    "meetings.speakers_in_meeting_only": _("Only members at this meeting (present, or seated "
                                           "in the body) may ask to speak."),
    # --- end meetings: papers and speakers ---
    # --- cases ---
    "cases.not_participant": _("Your organisation does not take part in this case, so its "
                               "data is not shared with you."),
    "cases.no_sharing_rule": _("No rule of the network's sharing regime lets your "
                               "organisation see this category of this case."),
    "cases.managers_only": _("Only the case's coordinator, the lead organisation's case "
                             "workers or a network coordinator may change this case."),
    "cases.create_roles_only": _("Only coordinators and case workers may open a case."),
    "cases.record_own_only": _("You record case data only for your own organisation, and "
                               "only when it takes part in the case."),
    # --- end cases ---
    # --- sharing regime ---
    # {category}, {sector}, {from_sector}, {clearance}: filled from the compiled rule's
    # @detail_… annotations (accord.sharing.compile), each value in the reader's language.
    "sharing.regime_coordinators_only": _("Only the network's coordinators may propose changes "
                                          "to the sharing regime."),
    "sharing.regime_privacy_officers_only": _("Only the network's privacy officers may approve "
                                              "or reject a change to the sharing regime."),
    "sharing.denied_by_rule": _("The network's sharing regime does not let “{category}” "
                                "recorded by {from_sector} go to {sector}."),
    "sharing.no_consent": _("No consent covers “{category}” for {sector}."),
    "sharing.case_not_open": _("“{category}” of this case is shared with {sector} "
                               "only while the case is open."),
    "sharing.conference_only": _("“{category}” is shared with {sector} only within a "
                                 "case conference, with the members of the body."),
    "sharing.clearance_required": _("“{category}” is shared with {sector} only with "
                                    "the clearance “{clearance}”."),
    # --- end sharing regime ---
    # --- sharing: consents, disclosures, break-glass ---
    "sharing.consent_view_only": _("Only members of organisations taking part in this case, "
                                   "its workers, coordinators and privacy officers see its "
                                   "consents."),
    "sharing.disclosure_view_only": _("Only the network's coordinators, privacy officers and "
                                      "the case's coordinator read the disclosure register."),
    "sharing.break_glass_review_only": _("Only the network's privacy officers review "
                                         "break-glass accesses."),
    "sharing.break_glass_roles_only": _("Only coordinators, members and case workers may open "
                                        "a case by break-glass."),
    # --- end sharing: consents, disclosures, break-glass ---
    # --- casework ---
    "casework.referral_decided": _("This referral has already been accepted or declined."),
    "casework.receiving_organisation_only": _("Only members of the organisation a case is "
                                              "referred to may accept or decline the "
                                              "referral."),
    "casework.referral_parties_only": _("Only the two organisations of a referral, the case's "
                                        "participants and coordinators see it."),
    # --- end casework ---
}


def register_messages(messages: dict) -> None:
    """Features add the messages of their own rules (called from AppConfig.ready)."""
    for key, text in messages.items():
        MESSAGES.setdefault(key, text)


# How a message parameter's value reads: {"category": {"health": _("Health data"), …}},
# registered by the app that knows the codes (the decision point knows none).
_PARAM_LABELS: dict[str, dict] = {}


def register_param_labels(name: str, labels: dict) -> None:
    _PARAM_LABELS.setdefault(name, {}).update(labels)


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(key: str, params: dict | None = None):
    """The message for `key`; with `params`, its {placeholders} filled with each value's
    label in the active language (a placeholder without a value stays as written)."""
    text = MESSAGES.get(key) or MESSAGES["not_permitted"]
    if not params:
        return text
    labels = {name: str(_PARAM_LABELS.get(name, {}).get(value, value))
              for name, value in params.items()}
    try:
        return str(text).format_map(_Params(labels))
    except (ValueError, IndexError, AttributeError):  # a translation with stray braces
        return str(text)
