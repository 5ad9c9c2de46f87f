"""Case work's pages, under /n/<network>/casework/ (accord/urls.py):
cases/<case_id>/… for a case's assessments, plan, interventions, reviews and referrals,
referrals/ for those received, meetings/<id>/… for overdue reviews put on an agenda."""

from django.urls import path

from accord.casework import views

app_name = "casework"

C = "cases/<int:case_id>/"

urlpatterns = [
    path(C, views.case_work, name="case"),
    path(C + "assessments/new/", views.assessment_new, name="assessment-new"),
    path(C + "assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path(C + "assessments/<int:pk>/raters/", views.assessment_rater, name="assessment-rater"),
    path(C + "assessments/<int:pk>/consensus/", views.assessment_consensus,
         name="assessment-consensus"),
    path(C + "assessments/<int:pk>/final/", views.assessment_finalise,
         name="assessment-finalise"),
    path(C + "plan/", views.plan_edit, name="plan"),
    path(C + "plan/goals/<int:pk>/", views.goal_status, name="goal-status"),
    path(C + "interventions/new/", views.intervention_new, name="intervention-new"),
    path(C + "interventions/<int:pk>/", views.intervention_status, name="intervention"),
    path(C + "reviews/new/", views.review_new, name="review-new"),
    path(C + "referrals/new/", views.referral_new, name="referral-new"),
    path("review-intervals/", views.intervals_edit, name="intervals"),
    path("referrals/", views.referrals_incoming, name="referrals"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/accept/", views.referral_accept, name="referral-accept"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral-decline"),
    path("meetings/<int:meeting_id>/reviews/<int:case_id>/add/", views.agenda_review_add,
         name="agenda-review-add"),
]
