"""The statistics and rules behind every judgement, pure and tested against reference
values: confidence intervals, comparisons, trends and neighbours (`stats`), the
judgements as shown (`judgements`, with `recent_trends` and `statistical_neighbours`),
disclosure control (`disclosure`), the data-quality rules (`quality`) and the targets
model: reading, validation, status and projection (`targets`).

No I/O, no Dash. May import `common` and `security` (a target's access level).
"""
