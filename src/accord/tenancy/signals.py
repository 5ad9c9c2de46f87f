"""What happens to a membership, for the apps built on tenancy (DESIGN.md: registries instead of
imports, after pretix's signals). Tenancy sends them and knows no receiver; a feature connects
its receivers in its AppConfig.ready():

    from accord.tenancy.signals import member_joined
    member_joined.connect(my_receiver, dispatch_uid="charter.onboarding_offer")

Both are sent inside the service's transaction and the network's scope, after the membership is
saved (membership_ended before its audit event, so that receivers' counts go into it), so a
receiver's writes commit or roll back with the change, and a receiver that raises aborts the
whole change (send(), not send_robust()). A receiver that only
tells the outside world (an e-mail) must wait for the commit (mail_send does).
"""

from django.dispatch import Signal

# membership=<Membership> that has just started (an accepted invitation).
member_joined = Signal()

# membership=<Membership> whose active_until is now set, by=<Membership> of the coordinator.
# A receiver may return a dict of counts; they are added to the membership.ended event's summary
# (e.g. {"api_tokens_revoked": 2}), so the audit trail says what ending the membership undid.
membership_ended = Signal()
