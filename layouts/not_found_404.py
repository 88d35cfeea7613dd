"""Page shown for any address that matches no page."""

from __future__ import annotations

from dash import html

from layouts.components import problem_page

PAGE = {"path": "/404", "title": "Page not found - Placeboard"}


def layout(**_query: object) -> html.Div:
    return problem_page(
        "Page not found",
        "There is no page at this address. If you typed it, check it is right; if you "
        "followed a link, it may be out of date.",
        [("Find an area", "/"), ("Browse all indicators (Data)", "/data"),
         ("Map an indicator", "/map")],
    )
