"""Pure page models: what each page says about the data, from plain values in to rows,
sentences and summaries out (`explore` for the area, indicator and compare pages,
`public` for residents, `finder` for "worse and getting worse", `catalogue` for the
Data page, `maps` and `geometry` for the maps).

No Dash components and no store queries: layouts fetch, views decide, figures draw.
May import the layers below it (`dashboard.LAYERS`).
"""
