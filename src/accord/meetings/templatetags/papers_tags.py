from django import template

register = template.Library()


@register.filter
def as_minutes(seconds: int | None) -> int:
    """A speaking time in whole minutes, at least one."""
    return max(1, round((seconds or 0) / 60))


@register.inclusion_tag("meetings/papers/_on_record.html", takes_context=True)
def papers_and_speakers_on_record(context, item):
    """For an item's minutes page: the paper versions its minutes keep and who spoke. Shown to
    whoever reached that page (the meeting's officers), read through the papers selectors."""
    from accord.meetings import papers_selectors

    return {"item": item, "network": context.get("network"),
            "record_papers": papers_selectors.papers_on_record(item),
            "record_speakers": papers_selectors.speakers_on_record(item)}
