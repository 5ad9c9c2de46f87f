"""Every write of case work (assessments, plans, interventions, reviews, referrals)."""
