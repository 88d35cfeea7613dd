"""The read API under /api/v1/: indicators, areas, observations, judgements, partnerships
and targets, and data-quality reports, as JSON (and CSV where tabular), described by an
OpenAPI 3.1 document. Every response is read through the store as the request's viewer
(a signed-in person, a partner's token, or the public), so access rules and disclosure
control apply exactly as on pages.

May import the layers below it (`dashboard.LAYERS`); `dashboard.server` registers it.
"""
