-- access: rows
-- For each indicator at the period of one area's latest value: the values of every area
-- of the same kind. `in_spine` marks current English areas of the same tier (the spread a
-- spine chart draws); `same_type` marks the pool the spread rule (MAD) is computed over.
WITH target AS (
    SELECT area_type FROM areas WHERE area_code = ?
),
latest AS (
    SELECT indicator_id, period_start, period_duration
    FROM observations
    WHERE area_code = ? AND value IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY period_start DESC) = 1
)
SELECT o.indicator_id, o.area_code, o.value, a.area_type,
       (a.area_type = t.area_type) AS same_type,
       (a.area_code LIKE 'E%' AND a.valid_to IS NULL
        AND (a.area_type = t.area_type OR (t.area_type = 'county' AND a.is_upper_tier)))
           AS in_spine
FROM latest l
JOIN observations o ON o.indicator_id = l.indicator_id AND o.period_start = l.period_start
     AND o.period_duration = l.period_duration
JOIN areas a ON a.area_code = o.area_code
CROSS JOIN target t
WHERE o.value IS NOT NULL
  AND (a.area_type = t.area_type OR (t.area_type = 'county' AND a.is_upper_tier))
ORDER BY o.indicator_id, o.area_code
