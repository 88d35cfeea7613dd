-- access: indicators-param 0
-- For pages: the value each key had before its latest revision on or after a time (the
-- row that revision superseded), for some indicators and areas; what is shown now is the
-- stored row. Parameters: indicator ids (list), area codes (list), since (TIMESTAMP, UTC).
SELECT indicator_id, area_code, period_start, period_duration, period_label, value, lci,
       uci, numerator, denominator, status, note, load_id,
       superseded_at AS revised_at, superseded_by_load AS revised_by_load
FROM observation_revisions
WHERE list_contains(?, indicator_id) AND list_contains(?, area_code) AND superseded_at >= ?
QUALIFY row_number() OVER (PARTITION BY indicator_id, area_code, period_start,
                                        period_duration
                           ORDER BY superseded_by_load DESC) = 1
ORDER BY indicator_id, area_code, period_start
