"""Pure page models: what each page says about the data, from plain values in to rows,
sentences and summaries out (`explore` for what the area, indicator and compare pages
share, with `area_profile`, `indicator` and `compare` for each of those pages; `public`
for the words residents read, with `public_headlines`, `public_scorecard`,
`public_places` and `public_charts`; `finder` for "worse and getting worse",
`catalogue` for the Data page, `maps` and `geometry` for the maps; `value_notes` for
the flags and notes beside values and a dataset's quality checks in a line, `embeds` for
the addresses of embeddable charts and their iframe snippet; `account` for the
account page's API tokens; `oversight` for the regional oversight view).

No Dash components and no store queries: layouts fetch, views decide, figures draw.
May import the layers below it (`dashboard.LAYERS`).
"""
