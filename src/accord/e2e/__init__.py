"""End-to-end journeys in Debian's Chromium, with axe-core on every page they visit.

Not a Django app: a test package with its own fixtures (conftest.py). A new journey joins by
adding a test to test_journeys.py (or a new test_*.py here) that uses the `page` and
`assert_accessible` fixtures.
"""
