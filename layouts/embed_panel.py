""""Embed this chart": a disclosure under a chart holding the iframe snippet another site
pastes to show the chart (its /embed/... view), in a read-only field, with a button that
copies it (assets/embed.js: the Clipboard API, with a fallback) and says "Copied" where
everyone can see it. No PAGE here: not a page.

Written as the component JSON Dash sends (layouts/plain.py): an area profile has one
panel per theme, and building them as Dash components was a third of its server time.
"""

from __future__ import annotations

from dashboard.views.embeds import snippet
from dashboard.web import embeds
from layouts.plain import DCC, h

HINT = ("Paste this HTML into a web page to show the chart there. Embedded charts show "
        "what the public may see: values withheld to protect small numbers read as "
        "withheld.")


def embed_panel(path: str, title: str, panel_id: str) -> dict:
    """The disclosure for the chart whose embed is at `path` (its iframe named by the
    chart's `title`); `panel_id` makes its element ids unique on the page."""
    field = f"{panel_id}-code"
    code = {"props": {"id": field, "value": snippet(embeds.origin(), path, title),
                      "readOnly": True, "rows": 3, "className": "embed-code"},
            "type": "Textarea", "namespace": DCC}  # dcc.Textarea(...) as JSON
    return h("Details", [
        h("Summary", "Embed this chart"),
        h("P", HINT, className="hint"),
        h("Label", "HTML to paste", htmlFor=field, className="embed-label"),
        code,
        h("Div", [
            h("Button", "Copy the code", type="button",
              className="button secondary embed-copy", **{"data-copy": field}),
            h("Span", "", className="embed-copied", role="status",
              **{"aria-live": "polite"}),
            h("A", "Open the embedded view (opens in a new tab)", href=path,
              className="embed-preview", target="_blank", rel="noopener"),
        ], className="embed-actions"),
    ], className="embed-panel", id=panel_id)
