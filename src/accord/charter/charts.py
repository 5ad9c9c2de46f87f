"""Small accessible charts for figures people would rather see than read: needs-survey answers,
roadmap progress and a goal's review history.

Each chart is an SVG laid out here (no JavaScript, no chart library: a few rectangles do not
justify one) with a <title> and a <desc> that states every value, and the page shows the same
figures as a table next to it. Meaning is carried by position and text, never by colour alone.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.charter.models import Assessment, PracticeState
from accord.charter.raci import FONT_PX, shorten, text_px

LABEL_CHARS = 34
BAR_MAX, BAR_HEIGHT, ROW = 260, 20, 30


@dataclass
class Bar:
    label: str
    full: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int = 0
    key: str = ""


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    label_width: int
    bars: list[Bar] = field(default_factory=list)

    bar_height: int = BAR_HEIGHT

    @property
    def label_x(self) -> int:
        return self.label_width - 8


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars, one per (label, value, key) row, longest bar for the largest value."""
    labels = [shorten(label, LABEL_CHARS) for label, _value, _key in rows]
    # Labels end at label_x (text-anchor end), so the widest one decides where the bars start.
    label_width = max([text_px(label) for label in labels] + [text_px("x" * 8)]) + 12
    top = max((value for _label, value, _key in rows), default=0) or 1
    bars = [Bar(label=short, full=str(label), value=value, key=key, y=8 + i * ROW,
                width=round(BAR_MAX * value / top), text_y=8 + i * ROW + BAR_HEIGHT // 2 + 5,
                value_x=label_width + round(BAR_MAX * value / top) + 6)
            for i, (short, (label, value, key)) in enumerate(zip(labels, rows, strict=True))]
    description = "; ".join(f"{label}: {value}" for label, value, _key in rows)
    value_width = max([text_px(str(value)) for _label, value, _key in rows] + [text_px("00000")])
    return BarChart(id=chart_id, title=str(title), description=description,
                    width=label_width + BAR_MAX + 6 + value_width + 8,
                    height=16 + len(rows) * ROW, label_width=label_width, bars=bars)


def practice_progress_chart(statuses: dict[str, str], practice_codes: list[str]) -> BarChart:
    """How many practices stand at each status; a practice without a record is not started."""
    counts = Counter(statuses.get(code, PracticeState.NOT_STARTED) for code in practice_codes)
    return bar_chart(chart_id="roadmap-progress", title=_("Practices by status"),
                     rows=[(str(label), counts.get(state, 0), state)
                           for state, label in PracticeState.choices])


def survey_charts(results: dict | None) -> list[BarChart]:
    if not results:
        return []
    return [bar_chart(chart_id=f"survey-{q['question'].code}", title=str(q["question"].text),
                      rows=[(str(label), count, "") for label, count in q["rows"]])
            for q in results["questions"]]


# --- a goal's review history ----------------------------------------------------------------

# Bottom to top; "dropped" sits below the scale because it ends the goal, it does not grade it.
LEVELS = [Assessment.DROPPED, Assessment.OFF_TRACK, Assessment.AT_RISK, Assessment.ON_TRACK,
          Assessment.ACHIEVED]
STEP_X, STEP_Y, TOP, AXIS_GAP = 96, 34, 14, 40


@dataclass
class ReviewChart:
    title: str
    description: str
    width: int
    height: int
    plot_left: int
    plot_right: int
    levels: list[dict]
    points: list[dict]
    line: str


def review_history_chart(reviews) -> ReviewChart | None:
    """Assessment over time, oldest review on the left; None without reviews."""
    reviews = sorted(reviews, key=lambda r: (r.reviewed_on, r.pk or 0))
    if not reviews:
        return None
    names = dict(Assessment.choices)
    level_labels = [str(names[level]) for level in LEVELS]
    plot_left = max(text_px(label) for label in level_labels) + 16
    y_of = {level: TOP + (len(LEVELS) - 1 - i) * STEP_Y for i, level in enumerate(LEVELS)}
    days = [date_format(review.reviewed_on, "SHORT_DATE_FORMAT") for review in reviews]
    # Each date is centred under its point: a step is at least as wide as the widest date.
    step = max([STEP_X] + [text_px(day) + 12 for day in days])
    points = []
    for i, (review, day) in enumerate(zip(reviews, days, strict=True)):
        label = str(names.get(review.assessment, review.assessment))
        points.append({"x": plot_left + step // 2 + i * step, "y": y_of[review.assessment],
                       "day": day, "label": label, "key": review.assessment,
                       "title": f"{day}: {label}"})
    plot_right = plot_left + len(reviews) * step
    axis_y = TOP + (len(LEVELS) - 1) * STEP_Y + 16
    return ReviewChart(
        title=_("Assessment over time"),
        description=_("%(count)s reviews, oldest first: %(values)s.") % {
            "count": len(reviews), "values": "; ".join(p["title"] for p in points)},
        width=plot_right + 16, height=axis_y + AXIS_GAP,
        plot_left=plot_left, plot_right=plot_right,
        levels=[{"label": label, "y": y_of[level], "text_y": y_of[level] + FONT_PX // 3}
                for level, label in zip(LEVELS, level_labels, strict=True)],
        points=[{**p, "axis_y": axis_y + 18} for p in points],
        line=" ".join(f"{p['x']},{p['y']}" for p in points),
    )
