"""factory_boy factories and builders, one module per app: `tests.factories.members`,
`tests.factories.reference`, `tests.factories.charter`, `tests.factories.dues`, `tests.factories.events`,
`tests.factories.directory`, `tests.factories.licensing`, `tests.factories.offers`.

Each thing has one factory, in the module of the app that owns its model. The cast every test may ask
for by name (`applicant`, `member`, `other_member`, the staff of each group) is in tests/conftest.py.
"""
