-- access: rows
-- What a residents' area page shows of the given indicators, for the areas with a public
-- page (English local authorities, counties, combined authorities, regions and England):
-- every period of each, numbered from the latest (`recency`, counting only periods with a
-- value or a status flag, so a suppressed latest value is shown as suppressed, not
-- skipped; NULL for a period with neither), the latest two with the stored comparison
-- with England (no intervals or reasons: the page shows neither). The page reads its
-- area's rows and England's (headlines, trend charts).
-- Parameters ($1, $2: area codes; $3: indicator ids) NULL for every area and indicator:
-- the build stores that answer as `public_area_values` (dashboard/derived/public_pages.py)
-- and a store built before it works it out per call from this same SELECT.
WITH pages AS (
    SELECT g.area_code
    FROM area_geography g
    WHERE g.area_code LIKE 'E%'
      AND g.area_type IN ('lad', 'county', 'combined_authority', 'region', 'nation')
      AND (CAST($1 AS VARCHAR) IS NULL OR g.area_code IN ($1, $2))
),
mine AS (
    SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration, o.period_label,
           o.value, o.numerator, o.denominator, o.status, o.note,
           CASE WHEN o.value IS NOT NULL OR o.status IS NOT NULL THEN
               row_number() OVER (PARTITION BY o.indicator_id, o.area_code,
                                               o.value IS NOT NULL OR o.status IS NOT NULL
                                  ORDER BY o.period_start DESC, o.period_duration DESC)
           END AS recency
    FROM observations o
    JOIN pages p ON p.area_code = o.area_code
    WHERE CAST($3 AS VARCHAR[]) IS NULL OR list_contains($3, o.indicator_id)
),
verdicts AS (
    SELECT c.indicator_id, c.area_code, c.period_start, c.period_duration, c.result
    FROM judgements c
    WHERE c.benchmark = 'england' AND (c.level = 0.95 OR c.level IS NULL)
)
SELECT m.indicator_id, m.area_code, m.period_start, m.period_duration, m.period_label,
       m.value, m.numerator, m.denominator, m.status, m.note, m.recency,
       CASE WHEN m.recency <= 2 THEN c.result END AS comparison
FROM mine m
LEFT JOIN verdicts c ON c.indicator_id = m.indicator_id AND c.area_code = m.area_code
     AND c.period_start = m.period_start AND c.period_duration = m.period_duration
ORDER BY m.area_code, m.indicator_id, m.period_start, m.period_duration
