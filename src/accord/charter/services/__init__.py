"""Every write of the charter app. Each service asks accord.policy whether the acting
membership may (a refusal is `accord.policy.Denied`), writes inside one transaction and
records its audit event in that same transaction."""

from accord.charter.services.documents import (
    StaleVersion,
    comment_add,
    document_create,
    document_create_from_starter,
    version_adopt,
    version_draft,
    version_edit,
    version_propose,
    version_withdraw,
)
from accord.charter.services.glossary import term_create, term_delete, term_update
from accord.charter.services.goals import goal_create, goal_review_record, goal_update
from accord.charter.services.levels import level_create, level_delete, level_update
from accord.charter.services.roadmap import practice_status_set, survey_answer
from accord.charter.services.roles import (
    responsibility_create,
    responsibility_delete,
    responsibility_update,
)

__all__ = [
    "StaleVersion", "comment_add", "document_create",
    "document_create_from_starter", "goal_create", "goal_review_record", "goal_update",
    "level_create", "level_delete", "level_update", "practice_status_set",
    "responsibility_create", "responsibility_delete", "responsibility_update",
    "survey_answer", "term_create", "term_delete", "term_update", "version_adopt",
    "version_draft", "version_edit", "version_propose", "version_withdraw",
]
