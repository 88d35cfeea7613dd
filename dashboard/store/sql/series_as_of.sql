-- access: indicator-param 0
-- One indicator's series for the given areas as it stood after a load: for each key the
-- version (the stored row or a superseded one in observation_revisions) whose load is at
-- or before that load and that no load at or before it replaced. Parameters: the
-- indicator, the area codes (list), the load id.
WITH p AS (SELECT ?::VARCHAR AS id, ?::VARCHAR[] AS areas, ?::INTEGER AS at_load),
versions AS (
    SELECT o.*, NULL::INTEGER AS superseded_by_load
    FROM observations o, p
    WHERE o.indicator_id = p.id AND list_contains(p.areas, o.area_code)
    UNION ALL BY NAME
    SELECT r.* EXCLUDE (superseded_at)
    FROM observation_revisions r, p
    WHERE r.indicator_id = p.id AND list_contains(p.areas, r.area_code)
)
SELECT v.indicator_id, v.area_code, v.period_start, v.period_duration, v.period_label,
       v.value, v.lci, v.uci, v.numerator, v.denominator, v.status, v.note, v.load_id,
       a.area_name, a.area_type
FROM versions v JOIN areas a USING (area_code), p
WHERE v.load_id <= p.at_load
  AND (v.superseded_by_load IS NULL OR v.superseded_by_load > p.at_load)
ORDER BY v.area_code, v.period_start
