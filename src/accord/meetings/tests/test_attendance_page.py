"""The attendance page at high zoom: its wide table scrolls in its own region."""

from django.urls import reverse

from accord.testing import factories
from accord.testing.html import scroll_region_caption


def test_the_attendance_table_scrolls_in_its_own_focusable_region(held):
    c = held
    client = factories.signed_in_client(c.secretary.user)
    page = client.get(reverse("meetings:attendance", kwargs={
        "network": c.network.slug, "pk": c.meeting.pk})).content.decode()
    assert scroll_region_caption(page) == "Who was there"
