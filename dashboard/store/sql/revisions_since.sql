-- access: indicators-param 0
-- The revisions of some indicators' values (for some areas; every area when the list is
-- empty) made on or after a time and/or by loads after a load (either may be NULL), two
-- rows each, so that disclosure control judges each as the cell it is: `version` 'was'
-- (the superseded row, with the load that wrote it) and 'now' (the row the revising load
-- wrote, stored or itself revised since). Parameters: indicator ids (list), area codes
-- (list), since (TIMESTAMP, UTC), since_load (INTEGER).
WITH p AS (SELECT ?::VARCHAR[] AS ids, ?::VARCHAR[] AS areas, ?::TIMESTAMP AS since,
                  ?::INTEGER AS since_load),
revised AS (
    SELECT r.*
    FROM observation_revisions r, p
    WHERE list_contains(p.ids, r.indicator_id)
      AND (len(p.areas) = 0 OR list_contains(p.areas, r.area_code))
      AND (p.since IS NULL OR r.superseded_at >= p.since)
      AND (p.since_load IS NULL OR r.superseded_by_load > p.since_load)
),
versions AS (
    SELECT o.* FROM observations o, p WHERE list_contains(p.ids, o.indicator_id)
    UNION ALL BY NAME
    SELECT r.* EXCLUDE (superseded_by_load, superseded_at)
    FROM observation_revisions r, p WHERE list_contains(p.ids, r.indicator_id)
)
SELECT r.indicator_id, r.area_code, r.period_start, r.period_duration, r.period_label,
       r.value, r.lci, r.uci, r.numerator, r.denominator, r.status, r.note, r.load_id,
       'was' AS version, r.superseded_at AS revised_at, r.superseded_by_load AS revised_by_load
FROM revised r
UNION ALL
SELECT v.indicator_id, v.area_code, v.period_start, v.period_duration, v.period_label,
       v.value, v.lci, v.uci, v.numerator, v.denominator, v.status, v.note, v.load_id,
       'now', r.superseded_at, r.superseded_by_load
FROM revised r JOIN versions v
  ON v.indicator_id = r.indicator_id AND v.area_code = r.area_code
 AND v.period_start = r.period_start AND v.period_duration = r.period_duration
 AND v.load_id = r.superseded_by_load
ORDER BY revised_at, revised_by_load, indicator_id, area_code, period_start, version DESC
