"""Component ids shared across the app shell. Pages keep theirs in their own layout
module's `Ids` class (layouts/<page>.py), so ids are defined once, next to the page."""

URL = "url"
PAGE_CONTENT = "page-content"
SKIP_LINK = "skip-link"
NAV = "main-nav"
FOOTER = "site-footer"


def page_id(page: str, name: str) -> str:
    """A namespaced id, e.g. page_id('data', 'table') -> 'data-table'."""
    return f"{page}-{name}"


def matching(page: str, kind: str, key: str) -> dict:
    """A dict id for pattern-matching callbacks (MATCH/ALL)."""
    return {"page": page, "kind": kind, "key": key}
