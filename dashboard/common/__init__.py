"""Vocabulary every layer shares: settings, GSS area codes, ISO-8601 periods, numbers
and words as people read them, and the attribution lines the licence asks for.

Imports nothing else from `dashboard` (the bottom layer; see `dashboard.LAYERS`).
"""
