"""Chart labels survive a reader's text spacing (WCAG 1.4.12): with letter spacing 0.12 em and
word spacing 0.16 em, which SVG text inherits, every label of the roles chart, the survey (in
German), the roadmap and a goal's review history still ends inside its chart."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.utils import translation
from django_scopes import scope

from accord.charter import services
from accord.charter.charts import bar_chart, practice_progress_chart, review_history_chart
from accord.charter.models import GoalReview
from accord.charter.raci import CHAR_PX, FONT_PX, SIN45, chart_layout
from accord.charter.selectors import responsibilities
from accord.charter.survey import QUESTIONS
from accord.testing import factories


def spaced(text: str) -> float:
    """How wide `text` is drawn under the WCAG 1.4.12 override, at the charts' font size."""
    return len(text) * (CHAR_PX + 0.12 * FONT_PX) + text.count(" ") * 0.16 * FONT_PX


def assert_bars_fit(chart) -> None:
    for bar in chart.bars:
        assert chart.label_x - spaced(bar.label) >= 0, bar.label  # text-anchor end: grows left
        assert bar.value_x + spaced(str(bar.value)) <= chart.width, bar


def test_the_survey_in_german_keeps_its_seven_labels_inside_the_chart():
    with translation.override("de"):
        most_needed = QUESTIONS[0]
        chart = bar_chart(chart_id="survey-most_needed", title=str(most_needed.text),
                          rows=[(str(label), 7 * i, "") for i, (_c, label)
                                in enumerate(most_needed.choices[:7])])

    assert len(chart.bars) == 7
    assert_bars_fit(chart)


@pytest.mark.parametrize("language", ["en", "de", "nl", "fr"])
def test_the_roadmap_chart_keeps_its_labels_inside(language):
    with translation.override(language):
        chart = practice_progress_chart({}, ["basics", "definitions", "roles"])

    assert_bars_fit(chart)


def test_the_roles_chart_keeps_its_rotated_and_row_labels_inside(network_a, coordinator):
    organisation = factories.make_organisation(
        network_a, name="Overlegplatform Levensbeschouwingen en Zingeving Scheldemonde")
    with scope(network=network_a.pk):
        services.responsibility_create(
            membership=coordinator, task="Fragen zum Datenschutz beantworten und dokumentieren",
            assignments=[{"raci": "R", "party": f"org:{organisation.pk}"},
                         {"raci": "I", "party": f"member:{coordinator.pk}"}])
        chart = chart_layout(list(responsibilities(network=network_a)))

    for column in chart.columns:
        reach = spaced(column["label"]) * SIN45
        assert column["y"] - reach >= 0, column
        assert column["x"] + reach <= chart.width, column
    for row in chart.rows:
        assert 4 + spaced(row["label"]) <= chart.label_width, row


@pytest.mark.parametrize("language", ["en", "de", "nl", "fr"])
def test_the_goal_chart_keeps_its_levels_and_dates_inside_and_apart(language):
    start = date(2026, 12, 15)
    reviews = [GoalReview(pk=i + 1, reviewed_on=start + timedelta(days=40 * i),
                          assessment=assessment)
               for i, assessment in enumerate(["on_track", "at_risk", "off_track", "achieved"])]
    with translation.override(language):
        chart = review_history_chart(reviews)

    for level in chart.levels:
        assert chart.plot_left - 8 - spaced(level["label"]) >= 0, level
    edges = [(p["x"] - spaced(p["day"]) / 2, p["x"] + spaced(p["day"]) / 2) for p in chart.points]
    assert edges[0][0] >= 0 and edges[-1][1] <= chart.width
    assert all(left[1] < right[0] for left, right in pairwise(edges))
