from django_scopes import scope

from accord.meetings.models import MinuteEntry
from accord.meetings.visibility import minute_entries_visible_to


def test_the_leaver_misses_the_present_entry_of_the_item_they_left(held):
    c = held
    with scope(network=c.network.pk):
        texts = set(minute_entries_visible_to(meeting=c.meeting, membership=c.leaver)
                    .values_list("text", flat=True))
    assert "Bravo among those present" not in texts
    assert "Alpha among those present" in texts


def test_not_recorded_text_is_never_stored(held):
    with scope(network=held.network.pk):
        assert not MinuteEntry.objects.filter(text="never stored").exists()
