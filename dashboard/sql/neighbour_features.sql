-- access: indicators-param 0
-- Latest value of each contextual indicator for each candidate area.
WITH ranked AS (
    SELECT indicator_id, area_code, value,
           row_number() OVER (PARTITION BY indicator_id, area_code ORDER BY period_start DESC)
           AS recency
    FROM observations
    WHERE list_contains(?, indicator_id) AND list_contains(?, area_code) AND value IS NOT NULL
)
SELECT indicator_id, area_code, value FROM ranked WHERE recency = 1
