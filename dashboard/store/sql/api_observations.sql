-- access: indicators-param 0
-- The API's observations: the given indicators (hidden ones are taken out of the list
-- before it runs, so counts and pages never include what the viewer may not see), for the
-- given areas, one area type, the areas within one parent and a range of period starts
-- (each filter NULL for all), in indicator, area and period order, one page at a time,
-- with each row's source and the number of rows on all pages (total). Parameters: indicator ids, area codes x2, area type x2,
-- parent code x3, from x2, to x2, limit, offset.
SELECT o.indicator_id, o.area_code, a.area_name, a.area_type, o.period_start,
       o.period_duration, o.period_label, o.value, o.lci, o.uci, o.numerator,
       o.denominator, o.status, o.note, o.load_id, i.dataset_id, d.publisher AS source,
       d.source_url, d.licence, count(*) OVER () AS total
FROM observations o
JOIN areas a USING (area_code)
JOIN indicators i USING (indicator_id)
LEFT JOIN datasets d ON d.dataset_id = i.dataset_id
WHERE list_contains(?::VARCHAR[], o.indicator_id)
  AND (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], o.area_code))
  AND (?::VARCHAR IS NULL OR a.area_type = ?::VARCHAR)
  AND (?::VARCHAR IS NULL OR EXISTS (
        SELECT 1 FROM area_geography g WHERE g.area_code = o.area_code
        AND ?::VARCHAR IN (g.ward_code, g.lad_code, g.upper_tier_code, g.region_code,
                           g.ca_code, g.nation_code))
      OR EXISTS (SELECT 1 FROM area_links l WHERE l.child_code = o.area_code
                 AND l.parent_code = ?::VARCHAR))
  AND (?::DATE IS NULL OR o.period_start >= ?::DATE)
  AND (?::DATE IS NULL OR o.period_start <= ?::DATE)
ORDER BY o.indicator_id, o.area_code, o.period_start, o.period_duration
LIMIT ? OFFSET ?
