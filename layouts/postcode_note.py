"""The postcode lookup's attribution, shown under every search that takes a postcode
(the four lines the ONS asks for with its postcode products: data/SOURCES.md)."""

from __future__ import annotations

from dash import html

from dashboard.common import attribution


def postcode_attribution(component_id: str) -> html.Details:
    """A folded note: where postcodes are looked up, and the four attribution lines."""
    return html.Details([html.Summary("About postcode search"),
                         html.P(f"Postcodes are looked up in the {attribution.POSTCODE_SOURCE}, "
                                "for England. Central London districts ending in a letter "
                                "(EC1A, WC2N, SW1A, W1J and others) are not in it."),
                         html.Ul([html.Li(line) for line in attribution.POSTCODE_LINES])],
                        className="postcode-attribution hint", id=component_id)
