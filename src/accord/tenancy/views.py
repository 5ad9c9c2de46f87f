"""Network pages under /n/<network>/. The scope middleware has admitted the visitor as an active
member and set `request.network` and `request.membership`; every object is looked up through a
scoped manager, so another network's id is a 404. Everyone reads; coordinators manage. Who may
do what is asked of accord.policy (the `*_for` selectors, `policy_required`, the services); a
denial becomes the 403 page with the reason, or a 404, in policy.middleware."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accord import policy
from accord.core.forms import add_service_errors
from accord.core.selectors import mail_delayed
from accord.tenancy import forms, selectors, services
from accord.tenancy.models import Body, Membership, Organisation
from accord.tenancy.panels import render_home_panels

INVALID = 400
MEMBERS_PER_PAGE = 50
# The home shows this many members without a body and links to the rest: a national network's
# home must not grow with its membership.
HOME_LIST_LIMIT = 10


def policy_required(action: str):
    """Members read; a managing view is reached only if the policy permits `action` on the
    network, before any form is read (else the 403 page says what is missing)."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            selectors.network_for(request.membership, action=action, purpose="administer")
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


def _may(request, action: str) -> bool:
    return policy.decide(request.membership, action, request.network,
                         purpose="administer").allowed


# --- start and home ----------------------------------------------------------------------------

@login_required
def start(request):
    """After sign-in: straight into the only network, or a choice between several."""
    memberships = selectors.memberships_entering(user=request.user)
    if len(memberships) == 1:
        return redirect("tenancy:home", network=memberships[0].network.slug)
    return render(request, "core/start.html", {"memberships": memberships})


def home(request, network: str):
    """The network's home: the user's bodies and what is next for them; the panels of the apps
    built on tenancy come from their registrations (tenancy/panels.py)."""
    membership = request.membership
    selectors.network_for(membership)
    context = {
        "body_memberships": selectors.bodies_of_membership(membership=membership),
        "is_new_member": selectors.membership_is_new(membership=membership),
    }
    if _may(request, "member.invite"):
        context["mail_delayed"] = mail_delayed()
        context["open_invitations"] = selectors.open_invitations(network=request.network)
    if _may(request, "network.administer"):
        without_body = selectors.members_without_body(network=request.network)
        context["members_without_body"] = without_body[:HOME_LIST_LIMIT]
        context["more_without_body"] = max(0, without_body.count() - HOME_LIST_LIMIT)
    context["panels"] = render_home_panels(request, {**context, "network": request.network,
                                                     "membership": membership})
    return render(request, "tenancy/home.html", context)


# --- members and invitations -------------------------------------------------------------------

def members(request, network: str):
    """Active members, 50 a page, searchable by name or organisation; coordinators also see
    open invitations and, on request, former members."""
    selectors.network_for(request.membership)
    show_former = (request.GET.get("former") == "1"
                   and _may(request, "network.administer"))
    search = request.GET.get("q", "").strip()[:100]
    without_body = request.GET.get("without_body") == "1"
    members = selectors.network_members_with_bodies(network=request.network, search=search,
                                                    without_body=without_body)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page, "members": page.object_list, "search": search,
        "without_body": without_body,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2,
                                                           on_ends=1),
        "show_former": show_former,
    }
    if _may(request, "member.invite"):
        context["invitations"] = selectors.open_invitations(network=request.network)
    if show_former:
        context["former_members"] = selectors.former_members(network=request.network)
    return render(request, "tenancy/members.html", context)


def _member_page(request, member: Membership, roles_form=None, status: int = 200):
    decision = policy.decide(request.membership, "member.roles", member, purpose="administer")
    # A stale step-up does not hide the form: sending it asks for the step-up on the way.
    if roles_form is None and (decision.allowed or decision.awaits):
        roles_form = forms.RolesForm(initial={"roles": member.roles})
    return render(request, "tenancy/member.html", {
        "member": member,
        "seats": selectors.bodies_of_membership(membership=member),
        "roles_form": roles_form if member.is_active else None,
    }, status=status)


def member(request, network: str, pk: int):
    return _member_page(request, selectors.membership_for(request.membership, pk))


@require_POST
@policy_required("member.roles")
def member_roles(request, network: str, pk: int):
    member = selectors.membership_for(request.membership, pk, action="member.roles",
                                      purpose="administer")
    form = forms.RolesForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_roles(by=request.membership, membership=member,
                                             roles=form.cleaned_data["roles"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The roles were changed."))
            return redirect("tenancy:member", network=network, pk=pk)
    return _member_page(request, member, roles_form=form, status=INVALID)


@policy_required("member.end")
def member_end(request, network: str, pk: int):
    """Ask first, then end: access ends with the member's next request."""
    member = selectors.membership_for(request.membership, pk, action="member.end",
                                      purpose="administer")
    error = None
    if request.method == "POST":
        try:
            services.membership_end(by=request.membership, membership=member)
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            if member.pk == request.membership.pk:
                return _after_leaving(request)
            messages.success(request, _("The membership has ended."))
            return redirect("tenancy:members", network=network)
    return render(request, "tenancy/member_end.html", {"member": member, "error": error},
                  status=INVALID if error else 200)


def _after_leaving(request) -> HttpResponse:
    """A coordinator ended their own membership. If it was their last network, the service has
    cut their sessions, this one included: start a fresh, anonymous one instead of saving it."""
    if not selectors.memberships_of_user(user=request.user):
        auth_logout(request)
    return redirect("home")


@policy_required("member.invite")
def invite(request, network: str):
    form = forms.InvitationForm(request.POST or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_create(by=request.membership, email=data["email"],
                                       full_name=data["full_name"],
                                       organisation=data["organisation"], roles=data["roles"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The invitation was sent to %(email)s.")
                             % {"email": data["email"]})
            return redirect("tenancy:members", network=network)
    status = INVALID if form.is_bound else 200
    return render(request, "tenancy/invite.html", {
        "form": form, "invitation_days": settings.ACCORD_INVITATION_DAYS,
    }, status=status)


@require_POST
@policy_required("member.invite")
def invitation_revoke(request, network: str, pk: int):
    invitation = selectors.invitation_for(request.membership, pk)
    try:
        services.invitation_revoke(by=request.membership, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation was revoked; its link no longer works."))
    return redirect("tenancy:members", network=network)


# --- organisations -----------------------------------------------------------------------------

def organisations(request, network: str):
    selectors.network_for(request.membership)
    return render(request, "tenancy/organisations.html", {
        "organisations": selectors.network_organisations_with_counts(network=request.network),
    })


def _organisation_form(request, network: str, organisation: Organisation | None):
    initial = {"name": organisation.name, "sector": organisation.sector} if organisation else None
    form = forms.OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if organisation is None:
                services.organisation_create(by=request.membership, **form.cleaned_data)
            else:
                services.organisation_update(by=request.membership, organisation=organisation,
                                             **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("tenancy:organisations", network=network)
    return render(request, "tenancy/organisation_form.html",
                  {"form": form, "organisation": organisation},
                  status=INVALID if form.is_bound else 200)


@policy_required("organisation.manage")
def organisation_create(request, network: str):
    return _organisation_form(request, network, None)


@policy_required("organisation.manage")
def organisation_edit(request, network: str, pk: int):
    return _organisation_form(request, network, selectors.organisation_for(
        request.membership, pk, action="organisation.manage", purpose="administer"))


# --- bodies ------------------------------------------------------------------------------------

def bodies(request, network: str):
    selectors.network_for(request.membership)
    return render(request, "tenancy/bodies.html", {
        "bodies": selectors.network_bodies_with_counts(network=request.network),
    })


def _body_page(request, body: Body, *, add_form=None, bound_seat_form=None,
               status: int = 200):
    may_manage = policy.decide(request.membership, "body.manage", body,
                               purpose="administer").allowed
    rows = []
    for seat in selectors.body_seats(body=body):
        form = None
        if may_manage:
            prefix = f"seat-{seat.pk}"
            if bound_seat_form is not None and bound_seat_form.prefix == prefix:
                form = bound_seat_form
            else:
                form = forms.SeatForm(prefix=prefix, initial={
                    "role": seat.role, "voting_right": seat.voting_right})
        rows.append((seat, form))
    if may_manage and add_form is None:
        add_form = forms.SeatAddForm(body=body)
    return render(request, "tenancy/body.html", {
        "body": body, "rows": rows, "add_form": add_form,
    }, status=status)


def body(request, network: str, pk: int):
    return _body_page(request, selectors.body_for(request.membership, pk))


def _body_form(request, network: str, body: Body | None):
    initial = ({"name": body.name, "kind": body.kind, "description": body.description}
               if body else None)
    form = forms.BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if body is None:
                body = services.body_create(by=request.membership, **form.cleaned_data)
            else:
                body = services.body_update(by=request.membership, body=body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("tenancy:body", network=network, pk=body.pk)
    return render(request, "tenancy/body_form.html", {"form": form, "body": body},
                  status=INVALID if form.is_bound else 200)


@policy_required("body.manage")
def body_create(request, network: str):
    return _body_form(request, network, None)


@policy_required("body.manage")
def body_edit(request, network: str, pk: int):
    return _body_form(request, network, _managed_body(request, pk))


def _managed_body(request, pk: int) -> Body:
    return selectors.body_for(request.membership, pk, action="body.manage",
                              purpose="administer")


@require_POST
@policy_required("body.manage")
def body_member_add(request, network: str, pk: int):
    body = _managed_body(request, pk)
    form = forms.SeatAddForm(request.POST, body=body)
    if form.is_valid():
        try:
            services.body_membership_add(by=request.membership, body=body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member was added to the body."))
            return redirect("tenancy:body", network=network, pk=pk)
    return _body_page(request, body, add_form=form, status=INVALID)


@require_POST
@policy_required("body.manage")
def body_member_change(request, network: str, pk: int, seat: int):
    seat_obj = selectors.seat_for(request.membership, pk, seat)
    form = forms.SeatForm(request.POST, prefix=f"seat-{seat_obj.pk}")
    if form.is_valid():
        try:
            services.body_membership_change(by=request.membership, seat=seat_obj,
                                            **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The body role was changed."))
            return redirect("tenancy:body", network=network, pk=pk)
    return _body_page(request, seat_obj.body, bound_seat_form=form, status=INVALID)


@require_POST
@policy_required("body.manage")
def body_member_remove(request, network: str, pk: int, seat: int):
    services.body_membership_remove(by=request.membership,
                                    seat=selectors.seat_for(request.membership, pk, seat))
    messages.success(request, _("The member was removed from the body."))
    return redirect("tenancy:body", network=network, pk=pk)


@require_POST
def member_sessions_end(request, network: str, pk: int):
    """A coordinator signs a member out everywhere (e.g. a lost laptop); the policy decides
    (`member.end`), the sessions end in accounts."""
    from accord.accounts.services import member_sessions_end as sessions_end

    membership = selectors.membership_for(request.membership, pk, action="member.end",
                                          purpose="administer")
    count = sessions_end(by=request.membership, membership=membership)
    messages.success(request, ngettext("%(count)d session of this member was signed out.",
                                       "%(count)d sessions of this member were signed out.",
                                       count) % {"count": count})
    return redirect("tenancy:member", network=network, pk=pk)
