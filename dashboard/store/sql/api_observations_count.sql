-- access: indicators-param 0
-- How many rows api_observations.sql has for the same filters, by indicator (so the
-- count is of visible indicators only). Parameters: as api_observations.sql, without
-- limit and offset.
SELECT o.indicator_id, count(*) AS n
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
GROUP BY o.indicator_id
