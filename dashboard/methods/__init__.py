"""The statistics and rules behind every judgement, pure and tested against reference
values: confidence intervals and trends (`stats`), comparisons, trends and statistical
neighbours as shown (`judgements`), disclosure control (`disclosure`), the data-quality
rules (`quality`) and the targets model: reading, validation, status and projection
(`targets`).

No I/O, no Dash. May import `common` and `security` (a target's access level).
"""
