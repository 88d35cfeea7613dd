"""About: sources, licences, attribution and methods."""

from __future__ import annotations

from dash import dcc, html

from dashboard.common import attribution
from layouts.components import page_header

PAGE = {"path": "/about", "title": "About, sources and methods - Placeboard", "order": 9}

METHODS = [
    ("Comparison with a benchmark", "Values with a confidence interval are 'similar' to "
     "the benchmark (England, the region, or the average of the area's statistical "
     "neighbours) when it lies inside the interval, and 'better' or 'worse' ('higher' or "
     "'lower' where there is no judgement) when it lies outside, at 95% or 99.8% - the "
     "method of OHID Fingertips. Estimates the source flags as unreliable, values published "
     "without the interval their indicator usually has, counts and ranks are not "
     "compared, and the reason says why. Indicators published with no intervals at all "
     "use the spread rule of ONS Explore Local Statistics (a difference larger than 1.4826 "
     "times the median absolute deviation across similar areas), and every such "
     "judgement says so."),
    ("Confidence intervals", "Proportions use the Wilson score method; rates use Byar's "
     "method, with exact Poisson limits for counts under 10 (PHE/OHID technical guidance). "
     "99.8% limits are derived from published 95% limits by the normal approximation."),
    ("Recent trends", "Fingertips' recent-trend method: the last five consecutive, "
     "non-overlapping periods with confidence intervals (or counts), a regression weighted "
     "by the intervals, significant when chi-square exceeds 9.5495 (99.8%) and no single "
     "period reverses the slope. Where it cannot be calculated (gaps, overlapping "
     "three-year periods, no intervals) the page says why."),
    ("Statistical neighbours", "The 15 most similar local authorities on household "
     "income, pay, housing affordability, qualifications, healthy life expectancy and "
     "deprivation, compared on the indicators both areas have; the profile names them with "
     "their similarity."),
    ("When these are worked out", "All judgements are computed once, when the data is "
     "built or loaded, so every page, map, download and return shows the same verdict for "
     "the same value."),
    ("Small numbers", "For the public (anyone not signed in, and every page under "
     "/public) counts below an indicator's minimum (5 unless its metadata says otherwise), "
     "and rates whose numerator is below it, are withheld, and every withheld figure reads "
     "the same words, 'withheld to protect small numbers'. Where a hidden number could be "
     "worked out from published totals (neighbourhoods within a ward or council area, "
     "years within a published multi-year total), more figures are withheld until an "
     "audit shows no hidden number can be narrowed down. These rules are applied where "
     "data leaves the store, so no page, download or export can show what they hide."),
    ("Who sees what", "Every dataset and indicator is public, shared with the members of "
     "named partnerships, or restricted to signed-in roles. Administrators set these "
     "levels; every change, sign-in, load and export is recorded in an audit log."),
    ("Targets", "The shipped targets are illustrative examples built on real baselines, "
     "not targets any partnership has agreed."),
]


def layout(**_query: object) -> html.Div:
    return html.Div([
        page_header("About Placeboard", "An open-source dashboard of place-based performance "
                    "and worklessness for English local partnerships."),
        html.H2("Sources and attribution"),
        html.P("The data shipped with Placeboard is real, published official statistics "
               "under the Open Government Licence v3.0, with two labelled exceptions: the "
               "partnership targets are illustrative examples, not agreed targets, and one "
               "partner-only dataset (employment support programme starts in Oldham) is "
               "synthetic example data, invented to demonstrate access and disclosure "
               "control."),
        html.Ul([html.Li(line) for line in attribution.REQUIRED_LINES], id="about-attribution"),
        html.P(f"Postcode search uses the {attribution.POSTCODE_SOURCE} for England (central "
               "London districts ending in a letter, such as EC1A, WC2N, SW1A and W1J, are "
               "not in it):"),
        html.Ul([html.Li(line) for line in attribution.POSTCODE_LINES],
                id="about-postcode-attribution"),
        html.P(["Each indicator's producer (ONS, DfE, DESNZ, MHCLG, OHID, Ofcom, NISRA, PSNI) is "
                "credited on the ", dcc.Link("Data page", href="/data"), " and under every "
                "chart."]),
        html.H2("Methods", id="methods"),
        html.Dl([item for term, text in METHODS for item in (html.Dt(term), html.Dd(text))],
                className="summary-list"),
    ])
