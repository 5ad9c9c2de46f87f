# The regime's models live in models/regime.py, consents, disclosures and break-glass in
# models/consent.py; both are imported here so that Django finds them.
from accord.sharing.models.consent import *  # noqa: F403
from accord.sharing.models.regime import *  # noqa: F403
