"""A case's trajectory (issue 10, Deliver 5): the concern level at each assessment and review,
and what each showed per domain, over time. An SVG laid out here (no JavaScript, as the
charter's charts), with a <title> and a <desc> that state every value, and the same figures
as a table beside it. Meaning is carried by position, shape and text, never by colour alone:
an assessment is a circle, a review a square.

Only what the reader was permitted to read goes in: the callers pass the assessments and
reviews that passed read_facets.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.cases.models import ConcernLevel
from accord.casework.models import Rating
from accord.charter.raci import FONT_PX, shorten, text_px

LEVELS = [ConcernLevel.LOW, ConcernLevel.MEDIUM, ConcernLevel.HIGH]  # bottom to top
TOP, STEP_Y, MIN_STEP_X, ROW, LABEL_CHARS = 16, 30, 64, 26, 34


@dataclass
class Column:
    kind: str  # "assessment" or "review"
    day: str
    level: str
    level_label: str
    cells: list[str]  # one per domain: "2/3" (assessment), "+1" (review), "" (nothing)
    x: int = 0
    y: int = 0

    @property
    def title(self) -> str:
        what = _("assessment") if self.kind == "assessment" else _("review")
        return f"{self.day}, {what}: {self.level_label}"


@dataclass
class Trajectory:
    title: str
    description: str
    domains: list[str]
    columns: list[Column] = field(default_factory=list)
    width: int = 0
    height: int = 0
    plot_left: int = 0
    plot_right: int = 0
    levels: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    axis_y: int = 0
    line: str = ""


def _signed(change: int) -> str:
    return f"+{change}" if change > 0 else ("0" if change == 0 else f"-{abs(change)}")


def _assessment_cells(assessment, domain_ids: list[int]) -> list[str]:
    counts = {pk: [0, 0] for pk in domain_ids}
    for rating in assessment.ratings.all():
        entry = counts.get(rating.indicator.domain_id)
        if entry is None or rating.rating == Rating.UNKNOWN:
            continue
        entry[1] += 1
        entry[0] += rating.rating in (Rating.PRESENT, Rating.PARTLY)
    return [f"{counts[pk][0]}/{counts[pk][1]}" if counts[pk][1] else "" for pk in domain_ids]


def _review_cells(review, domain_ids: list[int]) -> list[str]:
    changes = {c.domain_id: _signed(c.change) for c in review.changes.all()}
    return [changes.get(pk, "") for pk in domain_ids]


def _columns(assessments, reviews, domain_ids: list[int], start_level: str) -> list[Column]:
    events = sorted([(a.assessed_on, 0, a.pk, "assessment", a) for a in assessments]
                    + [(r.reviewed_on, 1, r.pk, "review", r) for r in reviews])
    names = dict(ConcernLevel.choices)
    level, columns = start_level, []
    for day, _order, _pk, kind, obj in events:
        if kind == "assessment":
            level = obj.agreed_level
            cells = _assessment_cells(obj, domain_ids)
        else:
            level = obj.concern_level or level
            cells = _review_cells(obj, domain_ids)
        columns.append(Column(kind=kind, day=date_format(day, "SHORT_DATE_FORMAT"),
                              level=level, level_label=str(names.get(level, level)),
                              cells=cells))
    return columns


def trajectory(*, assessments, reviews, domains) -> Trajectory | None:
    """The chart of the permitted assessments (final ones) and reviews; None without any."""
    domains = list(domains)
    domain_ids = [d.pk for d in domains]
    columns = _columns(assessments, reviews, domain_ids, ConcernLevel.UNKNOWN)
    if not columns:
        return None
    labels = [shorten(d.label, LABEL_CHARS) for d in domains]
    names = dict(ConcernLevel.choices)
    level_labels = [str(names[level]) for level in LEVELS]
    plot_left = max(text_px(t) for t in [*labels, *level_labels]) + 16
    step = max([MIN_STEP_X] + [text_px(c.day) + 12 for c in columns])
    y_of = {level: TOP + (len(LEVELS) - 1 - i) * STEP_Y for i, level in enumerate(LEVELS)}
    # A case not yet assessed sits on the bottom line, marked by its label in the table.
    y_of[ConcernLevel.UNKNOWN] = y_of[ConcernLevel.LOW]
    for i, column in enumerate(columns):
        column.x, column.y = plot_left + step // 2 + i * step, y_of[column.level]
    axis_y = y_of[ConcernLevel.LOW] + 28
    grid_top = axis_y + 22
    chart = Trajectory(
        title=_("Trajectory of the case"),
        description=_("Concern level, oldest first: %(values)s.") % {
            "values": "; ".join(c.title for c in columns)},
        domains=[d.label for d in domains], columns=columns, plot_left=plot_left,
        plot_right=plot_left + len(columns) * step, axis_y=axis_y,
        levels=[{"label": label, "y": y_of[level], "text_y": y_of[level] + FONT_PX // 3}
                for level, label in zip(LEVELS, level_labels, strict=True)],
        line=" ".join(f"{c.x},{c.y}" for c in columns))
    chart.rows = [{"label": short, "full": d.label, "y": grid_top + i * ROW,
                   "text_y": grid_top + i * ROW + ROW // 2 + FONT_PX // 3,
                   "cells": [{"x": c.x, "text": c.cells[i]} for c in columns]}
                  for i, (short, d) in enumerate(zip(labels, domains, strict=True))]
    chart.width = chart.plot_right + 16
    chart.height = grid_top + len(domains) * ROW + 8
    return chart
