"""Two networks for the security suite: A, full of everything the apps know (the demo data of
tenancy, charter and meetings, plus invitations, tokens, call logs), and B, a smaller network
with its own coordinator and its own meetings, so that routes can mix B's parent object with
A's child object.

The demo loaders go through the services, so A's data is shaped like real use.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accord.api.models import ApiToken
from accord.api.services import api_token_create
from accord.demo.data import NETWORKS
from accord.demo.loader import _network_load
from accord.tenancy.models import BodyMembership, BodyRole, Membership, Network, Role
from accord.testing import factories

# Text shorter than this is too common to prove a leak ("Core", "Level 1").
MIN_SECRET_LENGTH = 12


@dataclass
class World:
    a: Network
    b: Network
    a_coordinator: Membership
    b_coordinator: Membership
    a_token: str
    b_token: str
    ids_a: dict[str, list[int]] = field(default_factory=dict)  # model name → A's ids
    ids_b: dict[str, list[int]] = field(default_factory=dict)
    secrets_of_a: list[str] = field(default_factory=list)

    def session(self, who: str) -> Client:
        membership = self.a_coordinator if who == "a" else self.b_coordinator
        client = factories.signed_in_client(membership.user)
        client.raise_request_exception = False  # a 500 is a finding to report, not a crash
        return client

    def token_client(self, who: str) -> Client:
        token = self.a_token if who == "a" else self.b_token
        return Client(headers={"Authorization": f"Bearer {token}"},
                      raise_request_exception=False)


def network_models() -> list[type[models.Model]]:
    """Every model that belongs to one network (it has a `network` foreign key)."""
    return [m for m in apps.get_models() if any(f.name == "network" for f in m._meta.fields)]


def build_world() -> World:
    """Create A (the demo's first network, full) and B (the second, with meetings)."""
    users: dict = {}
    password_hash = make_password(factories.PASSWORD)
    with transaction.atomic():
        a, a_members = _network_load(NETWORKS[0], users=users, password_hash=password_hash)
        b, b_members = _network_load(NETWORKS[1], users=users, password_hash=password_hash)
    a_coordinator = next(m for m in a_members if m.is_coordinator)
    b_coordinator = next(m for m in b_members if m.is_coordinator)
    _fill(a, a_coordinator, maturity="established")
    _fill(b, b_coordinator, maturity="starting")
    with scope(network=a.pk):
        _token, a_token = api_token_create(membership=a_coordinator, name="security A", days=1)
    with scope(network=b.pk):
        _token, b_token = api_token_create(membership=b_coordinator, name="security B", days=1)
    world = World(a=a, b=b, a_coordinator=a_coordinator, b_coordinator=b_coordinator,
                  a_token=a_token, b_token=b_token)
    world.ids_a, world.ids_b = object_ids(a), object_ids(b)
    world.secrets_of_a = sorted(_texts(a) - _texts(b))
    return world


def _fill(network: Network, coordinator: Membership, *, maturity: str) -> None:
    from accord.charter.demo import load_charter_demo

    load_charter_demo(network=network, maturity=maturity)
    from accord.cases.demo import load_cases_demo

    load_cases_demo(network=network)
    try:
        from accord.meetings.demo import load_meetings_demo
    except ImportError:  # the meetings demo is not there yet: a meeting of our own
        load_meetings_demo = _meeting_of_our_own
    load_meetings_demo(network=network)
    from accord.vault.demo import load_vault_demo

    load_vault_demo(network=network)  # identities for the network's cases (none: nothing)
    # The sharing regime, consents, break-glass and case work of the demo (issue 10), so that
    # every case route has rows in both networks.
    from accord.casework.demo import load_casework_demo
    from accord.sharing.consent_demo import load_consent_demo
    from accord.sharing.regime_demo import load_regime_demo

    load_regime_demo(network)
    load_consent_demo(network=network)
    load_casework_demo(network)
    with scope(network=network.pk):
        _extras(network, coordinator)


def _meeting_of_our_own(*, network: Network) -> None:
    from accord.meetings.services import agenda, minutes
    from accord.meetings.services import meetings as meeting_services
    from accord.tenancy.models import Body

    with scope(network=network.pk):
        body = Body.objects.filter(network=network).first()
        chair = next(m for m in Membership.objects.filter(network=network) if m.is_coordinator)
        start = timezone.now().replace(microsecond=0) - timedelta(days=3)
        meeting = meeting_services.meeting_create(
            membership=chair, body=body, title=f"Sitzung {network.name}", starts_at=start,
            ends_at=start + timedelta(hours=2), place="Rathaus")
        item = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                         title=f"Thema {network.name}")
        minutes.minute_entry_create(membership=chair, item=item,
                                    text=f"Protokoll {network.name}", visibility="network")


def _extras(network: Network, coordinator: Membership) -> None:
    """What the demo loaders leave out: an open invitation and a call log."""
    from accord.meetings.services.actions import call_log_create
    from accord.tenancy.models import Body
    from accord.tenancy.services import invitation_create

    invitation_create(by=coordinator, email=f"neu.{network.slug}@example.org",
                      organisation=coordinator.organisation, roles=["member"],
                      full_name=f"Neues Mitglied {network.name}")
    body = Body.objects.filter(network=network).first()
    from accord.cases.models import Case

    if not Case.objects.filter(network=network).exists():  # until the cases demo is here
        _case_with_identity(network, coordinator, reference=f"{network.slug[:3].upper()}-2026-900",
                            name=f"Fallperson {network.name}")
    if body is not None:
        call_log_create(membership=coordinator, body=body, occurred_on=timezone.localdate(),
                        topic=f"Telefonat zur Lage in {network.name}")


def object_ids(network: Network) -> dict[str, list[int]]:
    with scopes_disabled():
        return {m._meta.model_name: list(m.objects.filter(network=network).order_by("pk")
                                         .values_list("pk", flat=True))
                for m in network_models()}


def _texts(network: Network) -> set[str]:
    """Every distinctive text stored for `network`: names, titles, minutes, definitions."""
    found = {network.name} if len(network.name) >= MIN_SECRET_LENGTH else set()
    with scopes_disabled():
        for model in network_models():
            if model._meta.model_name == "auditevent":
                continue  # summaries name fields, which any page may name too
            text_fields = [f.name for f in model._meta.fields
                           if isinstance(f, models.CharField | models.TextField)
                           and not f.choices and "hash" not in f.name and f.name != "prefix"]
            for row in model.objects.filter(network=network).values_list(*text_fields):
                found.update(str(v).strip() for v in row
                             if v and len(str(v).strip()) >= MIN_SECRET_LENGTH)
        found.update(m.user.full_name for m in Membership.objects.filter(network=network)
                     if len(m.user.full_name) >= MIN_SECRET_LENGTH)
    # The vault's identities are ciphertexts in the database: their plaintext is what must
    # never reach a response that may not show it (issue 10, Deliver 16).
    from accord.vault.harness import vault_plaintexts

    found.update(vault_plaintexts(network, min_length=MIN_SECRET_LENGTH))
    return found


# --- roles inside a network (issue 9, Deliver 5) ---------------------------------------------

# The actors of the role table, in its column order. Each holds exactly one position, so that a
# cell says what that position alone opens: the coordinator sits in no body of their own.
ACTORS = ("coordinator", "chair", "secretary", "body_member", "member", "privacy_officer",
          "observer", "guest", "outsider", "anonymous")
GUEST_TOKEN = "security-world-guest-link"
GUEST_CODE = "135790"


@dataclass
class RoleWorld:
    """The world above, plus, in network A, one person per actor around one body
    ("Sicherheitsrunde") and the objects whose access depends on it."""

    world: World
    body: Any
    members: dict[str, Membership]  # actor → membership (the outsider's is in network B)
    tokens: dict[str, str]  # actor → raw API token
    objects: dict[str, Any]  # "meeting", "item", "item:confidential", "entry:present", …
    guest_invitation: Any = None

    def session(self, actor: str) -> Client:
        if actor == "anonymous":
            client = Client()
        elif actor == "guest":
            client = guest_client(self.guest_invitation)
        else:
            client = factories.signed_in_client(self.members[actor].user)
        client.raise_request_exception = False
        return client

    def token_client(self, actor: str) -> Client:
        if actor == "guest":  # a guest has no token: the API knows them by their session
            return self.session("guest")
        headers = ({"Authorization": f"Bearer {self.tokens[actor]}"}
                   if actor in self.tokens else {})
        return Client(headers=headers, raise_request_exception=False)


def build_role_world() -> RoleWorld:
    world = build_world()
    a = world.a
    people = {
        "coordinator": ((Role.COORDINATOR,), None),
        "chair": ((Role.MEMBER,), BodyRole.CHAIR),
        "secretary": ((Role.MEMBER,), BodyRole.SECRETARY),
        "body_member": ((Role.MEMBER,), BodyRole.MEMBER),
        "member": ((Role.MEMBER,), None),
        "privacy_officer": ((Role.PRIVACY_OFFICER,), None),
        "observer": ((Role.OBSERVER,), None),
    }
    body = factories.make_body(a, name="Sicherheitsrunde Rheinhafen")
    members: dict[str, Membership] = {}
    organisation = factories.make_organisation(a, name="Amt für Sicherheitsproben")
    for actor, (roles, seat) in people.items():
        user = factories.make_user(email=f"{actor.replace('_', '.')}.rollen@example.org",
                                   full_name=f"Rolle {actor.replace('_', ' ').title()}")
        members[actor] = factories.make_member(a, organisation=organisation, roles=roles,
                                               user=user)
        if seat is not None:
            factories.add_to_body(body, members[actor], role=seat)
    members["outsider"] = world.b_coordinator
    tokens = {"outsider": world.b_token}
    with scope(network=a.pk):
        for actor, membership in members.items():
            if actor != "outsider":
                _token, tokens[actor] = api_token_create(membership=membership,
                                                         name=f"role {actor}", days=1)
        objects = _role_objects(a, body, members)
    roles = RoleWorld(world=world, body=body, members=members, tokens=tokens,
                      objects=objects, guest_invitation=objects["guestinvitation"])
    world.ids_a, world.ids_b = object_ids(a), object_ids(world.b)
    return roles


def _role_objects(network: Network, body, members: dict[str, Membership]) -> dict[str, Any]:
    """A meeting of the body under way (started an hour ago, agenda published), so that
    planning, minuting, guests and marking it held all apply to the same meeting."""
    from accord.meetings.models import Visibility
    from accord.meetings.services import actions, agenda, attendance, decisions, guests, minutes
    from accord.meetings.services import meetings as meeting_services

    coordinator, chair = members["coordinator"], members["chair"]
    secretary, body_member = members["secretary"], members["body_member"]
    start = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    meeting = meeting_services.meeting_create(
        membership=coordinator, body=body, title="Sitzung der Sicherheitsrunde",
        starts_at=start, ends_at=start + timedelta(hours=3), place="Rathaus, Raum 4")
    meeting.chair, meeting.secretary = chair, secretary
    meeting.save(update_fields=["chair", "secretary"])
    item = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                     title="Lagebild der Sicherheitsrunde", required_level=1)
    confidential = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                             title="Vertraulicher Einzelfall der Runde",
                                             confidential=True)
    agenda.agenda_publish(membership=chair, meeting=meeting)
    for person in (chair, secretary):
        attendance.attendance_set(membership=secretary, meeting=meeting, person=person,
                                  status="present")
    attendance.item_presence_set(membership=secretary, item=item, members=[chair, secretary])
    entries = {visibility: minutes.minute_entry_create(
        membership=secretary, item=item,
        text="" if visibility == Visibility.NOT_RECORDED else f"Protokoll der Runde ({visibility})",
        visibility=visibility) for visibility in Visibility.values}
    entries["confidential"] = minutes.minute_entry_create(
        membership=secretary, item=confidential, text="Protokoll zum vertraulichen Einzelfall",
        visibility=Visibility.PRESENT)
    decision = decisions.decision_create(membership=chair, body=body, item=item,
                                         title="Beschluss der Sicherheitsrunde",
                                         motion="Die Runde tagt künftig monatlich.")
    action = actions.action_item_create(membership=chair, body=body, owner=body_member,
                                        title="Aufgabe der Sicherheitsrunde")
    calls = {visibility: actions.call_log_create(
        membership=secretary, body=body, occurred_on=timezone.localdate(),
        topic=f"Telefonat der Runde ({visibility})", participants=[secretary],
        summary="" if visibility == "not_recorded" else "Kurze Abstimmung.",
        visibility=visibility) for visibility in ("network", "participants", "not_recorded")}
    invitation, _token = guests.guest_invite(
        membership=chair, meeting=meeting, name="Gast der Sicherheitsrunde",
        email="gast.rollen@example.org", items=[item], language="en")
    objects = {"paper": _role_paper(chair, item),
               "meeting": meeting, "agendaitem": item, "agendaitem:confidential": confidential,
               "decision": decision, "actionitem": action, "guestinvitation": invitation,
               "bodymembership": BodyMembership.objects.get(body=body, membership=body_member),
               "membership": body_member, "body": body,
               "apitoken": ApiToken.objects.filter(membership=coordinator).first()}
    objects["case"] = _role_case(network, coordinator, chair, members)
    objects.update(_role_case_work(network, objects["case"], coordinator, chair))
    objects.update({f"minuteentry:{v}": e for v, e in entries.items()})
    objects["minuteentry"] = entries[Visibility.NETWORK]
    objects.update({f"calllog:{v}": c for v, c in calls.items()})
    # The vault's case is led by the actors' organisation (its identity readable by them);
    # the register's `case` is led by another (issue 10).
    objects["case:identity"] = _case_with_identity(network, coordinator)
    objects["meeting:planned"] = _planned_meeting(body, chair, secretary, coordinator)
    objects["dateoption"] = objects["meeting:planned"].date_poll.options.first()
    return objects


def _role_case(network: Network, coordinator: Membership, chair: Membership,
               members: dict[str, Membership]):
    """A case led by another organisation than the actors' own, with the body's chair as its
    worker: the chair opens it as a worker, the network's coordinator as the register's
    keeper, everyone else of the actors' organisation is refused it (403, not a participant)."""
    from accord.cases import services as case_services
    from accord.tenancy.models import Organisation

    lead = (Organisation.objects.filter(network=network)
            .exclude(pk=members["member"].organisation_id).order_by("pk").first())
    return case_services.case_create(
        membership=coordinator, source_sector="education", lead_organisation=lead,
        workers=[chair], district="Sicherheitsviertel",
        signal_summary="Signal der Sicherheitsrunde: Drohungen im Klassenchat.")


def _role_case_work(network: Network, case, coordinator: Membership, chair: Membership) -> dict:
    """What a case carries besides its register entry (issue 10): an assessment, a plan with a
    goal and an intervention, a referral, a consent and a running break-glass access, so that
    every case-work route of the role table reaches a real object."""
    from datetime import date

    from accord.casework.frameworks import default_framework
    from accord.casework.models import (
        Assessment,
        Intervention,
        PlanGoal,
        Referral,
        Review,
        SupportPlan,
    )
    from accord.sharing.models import BreakGlass, Consent
    from accord.tenancy.models import Organisation

    lead = case.lead_organisation
    other = (Organisation.objects.filter(network=network).exclude(pk=lead.pk)
             .exclude(pk=chair.organisation_id).order_by("pk").first())
    assessment = Assessment.objects.create(
        network=network, case=case, framework=default_framework(network), assessor=coordinator,
        organisation=lead, concern_level="medium", judgement="Rollenprobe: Einschätzung.")
    plan = SupportPlan.objects.create(network=network, case=case)
    goal = PlanGoal.objects.create(network=network, plan=plan, life_area="education_work",
                                   text="Schulbesuch sichern")
    intervention = Intervention.objects.create(
        network=network, case=case, goal=goal, organisation=lead, kind="care",
        title="Beratungsgespräche")
    review = Review.objects.create(network=network, case=case, reviewed_on=date.today(),
                                   reviewer=coordinator, outcome="continue",
                                   concern_level="medium")
    referral = Referral.objects.create(network=network, case=case, from_organisation=lead,
                                       to_organisation=other, proposed_by=coordinator,
                                       categories=["signal"])
    consent = Consent.objects.create(network=network, case=case, given_by="person",
                                     organisations=[other.pk], categories=["assessment"],
                                     purposes=["case_work"], given_on=date.today(),
                                     recorded_by=coordinator)
    now = timezone.now()
    glass = BreakGlass.objects.create(network=network, case=case, membership=coordinator,
                                      reason="Rollenprobe: dringende Gefährdungslage geprüft.",
                                      started_at=now, expires_at=now + timedelta(hours=4))
    return {"assessment": assessment, "supportplan": plan, "plangoal": goal,
            "intervention": intervention, "review": review, "referral": referral,
            "consent": consent, "breakglass": glass}


def _case_with_identity(network: Network, lead_member: Membership, *,
                        reference: str = "SEC-2026-901", name: str = "Konstantin Rollenprobe"):
    """A case led by the member's organisation, with an identity in the vault."""
    from accord.cases.models import Case
    from accord.vault.services import subject_set_identity

    case = Case.objects.create(network=network, reference=reference,
                               source_sector="education", age_band="18-24",
                               lead_organisation=lead_member.organisation)
    subject_set_identity(membership=lead_member, case=case, identity={
        "names": [name], "addresses": [f"Probeweg 1, {network.name}"]})
    return case


def _planned_meeting(body, chair, secretary, coordinator):
    """A meeting of the body in three weeks, still looking for a date (issue 16's date poll),
    with the body member's answer."""
    from accord.meetings.services import meetings as meeting_services
    from accord.meetings.services import planning

    start = timezone.now().replace(microsecond=0) + timedelta(days=21)
    planned = meeting_services.meeting_create(
        membership=coordinator, body=body, title="Nächste Sicherheitsrunde", starts_at=start,
        ends_at=start + timedelta(hours=2), chair=chair, secretary=secretary)
    planning.date_poll_create(membership=chair, meeting=planned, options=[
        (start + timedelta(days=d), start + timedelta(days=d, hours=2)) for d in (1, 2)])
    return planned


def _role_paper(chair, item):
    """A paper of the open item shared with its guests (issue 16): the body's readers, the
    meeting's officers and the item's guest read it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accord.meetings.services import papers

    return papers.paper_upload(membership=chair, item=item, title="Unterlage der Runde",
                               visibility="guests", upload=SimpleUploadedFile(
                                   "unterlage.pdf", b"%PDF-1.4\n%%EOF\n"))


def guest_client(invitation) -> Client:
    """A browser past the guest's link, code and confidentiality step, as a guest signs in."""
    from accord.core.tokens import token_digest
    from accord.meetings.models import GuestInvitation
    from accord.meetings.services.guests import _code_hash

    with scope(network=invitation.network_id):
        GuestInvitation.objects.filter(pk=invitation.pk).update(
            token_hash=token_digest(GUEST_TOKEN), link_used_at=None, verified_at=None,
            acknowledged_at=None)
    client = Client(raise_request_exception=False)
    client.get(f"/guest/{GUEST_TOKEN}/")
    with scope(network=invitation.network_id):
        GuestInvitation.objects.filter(pk=invitation.pk).update(
            code_hash=_code_hash(invitation, GUEST_CODE), code_attempts=0)
    client.post("/guest/code/", {"code": GUEST_CODE})
    client.post("/guest/confidentiality/", {"confirm": "yes"})
    response = client.get("/guest/meeting/")
    assert response.status_code == 200, f"the guest is not signed in: {response.status_code}"
    return client
