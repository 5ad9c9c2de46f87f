"""Keep UserSession in step with Django's sessions, whichever way a session starts or ends."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from accord.accounts.models import User, UserSession
from accord.core.signals import step_up_refused


@receiver(user_logged_in, dispatch_uid="accord_user_session_record")
def _session_started(sender, request, user, **kwargs):
    from accord.accounts.services import client_network_of, user_session_record

    session_key = request.session.session_key
    if session_key:
        sign_in = getattr(request, "accord_sign_in", {})
        user_session_record(
            user=user, session_key=session_key,
            device_hash=getattr(request, "accord_device_hash", ""),
            user_agent=request.headers.get("User-Agent", "") if hasattr(request, "headers")
            else "",
            client_network=client_network_of(request) if hasattr(request, "META") else "",
            method=sign_in.get("method", ""), provider=sign_in.get("provider", ""),
        )


@receiver(user_logged_out, dispatch_uid="accord_user_session_forget")
def _session_ended(sender, request, user, **kwargs):
    session_key = request.session.session_key if request is not None else None
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@receiver(user_locked_out, dispatch_uid="accord_audit_locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    """Every refused attempt during a lock-out is audited; an unknown address stays unnamed."""
    from accord.accounts.services import auth_audit

    user = User.objects.filter(email=(username or "").lower()).first() if username else None
    auth_audit(action="auth.locked_out", user=user)


@receiver(step_up_refused, dispatch_uid="accounts.step_up_refused")
def audit_step_up_refused(sender, *, user, path: str, **kwargs) -> None:
    """A sensitive act asked for a fresh second factor: on the person's trail."""
    from accord.accounts.services import auth_audit

    auth_audit(action="auth.step_up_required", user=user, summary={"path": path})
