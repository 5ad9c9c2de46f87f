from accord.casework.models.assessments import (
    CHOSEN_LEVELS,
    Assessment,
    AssessmentRater,
    AssessmentStatus,
    IndicatorRating,
    Rating,
    Reliability,
)
from accord.casework.models.frameworks import AssessmentFramework, Domain, Indicator, IndicatorKind
from accord.casework.models.plans import (
    GoalStatus,
    Intervention,
    InterventionKind,
    InterventionStatus,
    LifeArea,
    PlanGoal,
    SupportPlan,
)
from accord.casework.models.referrals import Referral, ReferralState
from accord.casework.models.reviews import (
    CaseworkSettings,
    Review,
    ReviewDomainChange,
    ReviewOutcome,
)

__all__ = [
    "CHOSEN_LEVELS", "Assessment", "AssessmentFramework", "AssessmentRater", "AssessmentStatus",
    "CaseworkSettings", "Domain", "GoalStatus", "Indicator", "IndicatorKind", "IndicatorRating",
    "Intervention", "InterventionKind", "InterventionStatus", "LifeArea", "PlanGoal", "Rating",
    "Referral", "ReferralState", "Reliability", "Review", "ReviewDomainChange", "ReviewOutcome",
    "SupportPlan",
]
