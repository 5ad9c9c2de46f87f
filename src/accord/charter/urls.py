from django.urls import path

from accord.charter.views import documents as d
from accord.charter.views import registers as r
from accord.charter.views import roadmap as m

app_name = "charter"

urlpatterns = [
    path("", m.overview, name="overview"),
    path("roadmap/", m.roadmap, name="roadmap"),
    path("roadmap/<slug:code>/", m.practice_update, name="practice-update"),
    path("survey/", m.survey, name="survey"),
    path("onboarding/", m.onboarding, name="onboarding"),
    path("onboarding/pdf/", m.onboarding_pdf, name="onboarding-pdf"),
    path("documents/", d.documents, name="documents"),
    path("documents/new/", d.document_create, name="document-create"),
    path("documents/from-template/", d.document_from_starter, name="document-from-starter"),
    path("documents/<int:pk>/", d.document, name="document"),
    path("documents/<int:pk>/new-draft/", d.version_new_draft, name="version-new-draft"),
    path("documents/<int:pk>/compare/", d.version_diff, name="version-diff"),
    path("documents/<int:pk>/v<int:number>/", d.version, name="version"),
    path("documents/<int:pk>/v<int:number>/edit/", d.version_edit, name="version-edit"),
    path("documents/<int:pk>/v<int:number>/propose/", d.version_propose, name="version-propose"),
    path("documents/<int:pk>/v<int:number>/withdraw/", d.version_withdraw,
         name="version-withdraw"),
    path("documents/<int:pk>/v<int:number>/adopt/", d.version_adopt, name="version-adopt"),
    path("documents/<int:pk>/v<int:number>/comment/", d.version_comment, name="version-comment"),
    path("documents/<int:pk>/v<int:number>/pdf/", d.version_pdf, name="version-pdf"),
    path("goals/", r.goals, name="goals"),
    path("goals/<int:pk>/", r.goal, name="goal"),
    path("goals/<int:pk>/edit/", r.goal_edit, name="goal-edit"),
    path("glossary/", r.glossary, name="glossary"),
    path("glossary/<int:pk>/edit/", r.term_edit, name="term-edit"),
    path("glossary/<int:pk>/delete/", r.term_delete, name="term-delete"),
    path("roles/", r.roles, name="roles"),
    path("roles/pdf/", r.roles_pdf, name="roles-pdf"),
    path("roles/<int:pk>/edit/", r.responsibility_edit, name="responsibility-edit"),
    path("roles/<int:pk>/delete/", r.responsibility_delete, name="responsibility-delete"),
    path("levels/", r.levels, name="levels"),
    path("levels/<int:pk>/edit/", r.level_edit, name="level-edit"),
    path("levels/<int:pk>/delete/", r.level_delete, name="level-delete"),
]
