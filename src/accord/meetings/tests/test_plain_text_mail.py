"""Plain-text e-mails show titles as typed: "Walk <script> & talk", not
"Walk &lt;script&gt; &amp; talk". An HTML part, where there is one, stays escaped."""

from pathlib import Path

import pytest
from django.core import mail
from django.template.loader import get_template
from django_scopes import scope

from accord.core.mail import mail_send
from accord.meetings.services import agenda, guests
from accord.meetings.tests.conftest import schedule

TITLE = "Walk <script> & talk"
ESCAPED = ("&lt;", "&gt;", "&amp;", "&#x27;", "&quot;")


def assert_verbatim(message) -> None:
    assert TITLE in message.body, message.body
    assert not any(entity in message.body for entity in ESCAPED), message.body
    for html, _mimetype in getattr(message, "alternatives", []):
        assert "Walk &lt;script&gt; &amp; talk" in html


@pytest.fixture
def walk(cast):
    with scope(network=cast.network.pk), cast.on_commit(execute=True):
        cast.meeting = schedule(cast, hours=48, title=TITLE)
        cast.item = agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting,
                                              title=TITLE, required_level=1)
        mail.outbox.clear()
        agenda.agenda_publish(membership=cast.chair, meeting=cast.meeting)
    return cast


def test_the_invitation_shows_the_title_as_typed_in_text_and_subject(walk):
    message = next(m for m in mail.outbox if m.to == ["member@example.test"])
    assert_verbatim(message)
    assert message.subject.endswith(TITLE)


def test_the_guest_invitation_shows_the_title_as_typed(walk):
    c = walk
    mail.outbox.clear()
    with scope(network=c.network.pk), c.on_commit(execute=True):
        guests.guest_invite(membership=c.chair, meeting=c.meeting, name="Gerda <Gast>",
                            email="gast@example.test", items=[c.item], level=1)
    message = next(m for m in mail.outbox if m.to == ["gast@example.test"])
    # The guest's mail names the body, not the meeting; their own name must read as typed.
    assert "Hello Gerda <Gast>," in message.body
    assert not any(entity in message.body for entity in ESCAPED)


def test_an_html_part_stays_escaped_while_the_text_part_does_not(
        db, tmp_path, settings, django_capture_on_commit_callbacks):
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "note.txt").write_text("{{ title }}\n")
    (tmp_path / "probe" / "note.html").write_text("<p>{{ title }}</p>\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with django_capture_on_commit_callbacks(execute=True):
        mail_send(to="someone@example.test", template="probe/note", language="en",
                  subject=TITLE, context={"title": TITLE})
    message = mail.outbox[-1]
    assert message.body == f"{TITLE}\n" and message.subject == TITLE
    assert message.alternatives[0][0] == "<p>Walk &lt;script&gt; &amp; talk</p>\n"


def test_every_plain_text_mail_template_is_rendered_as_text():
    """Every .txt template under an e-mail folder goes through mail_send, which renders it
    unescaped; none may switch escaping back on for itself."""
    root = Path(__file__).resolve().parents[2]
    found = sorted(root.glob("*/templates/*/email/*.txt"))
    assert len(found) >= 15
    for path in found:
        source = path.read_text()
        assert "{% autoescape on %}" not in source, path
        get_template(str(path.relative_to(path.parents[2])))  # it compiles
