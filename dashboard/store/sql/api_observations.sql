-- access: indicators-param 7
-- The API's observations: the given indicators (hidden ones are taken out of the list
-- before it runs, so counts and pages never count what the viewer may not see), for the
-- given areas, one area type, the areas within one parent and a range of period starts
-- (each filter NULL for all), in indicator, area and period order, one page at a time,
-- with each row's source and the number of rows on all pages (total). The areas are
-- chosen first and joined, so a read of one area's series touches only its rows.
-- Parameters: area codes x2, area type x2, parent code x3, indicator ids, from x2,
-- to x2, limit, offset.
WITH wanted AS (
    SELECT a.area_code, a.area_name, a.area_type FROM areas a
    WHERE (?::VARCHAR[] IS NULL OR list_contains(?::VARCHAR[], a.area_code))
      AND (?::VARCHAR IS NULL OR a.area_type = ?::VARCHAR)
      AND (?::VARCHAR IS NULL OR a.area_code IN (
            SELECT g.area_code FROM area_geography g
            WHERE ?::VARCHAR IN (g.ward_code, g.lad_code, g.upper_tier_code,
                                 g.region_code, g.ca_code, g.nation_code)
            UNION SELECT l.child_code FROM area_links l WHERE l.parent_code = ?::VARCHAR))
),
ids AS (SELECT unnest(?::VARCHAR[]) AS indicator_id)
SELECT o.indicator_id, o.area_code, a.area_name, a.area_type, o.period_start,
       o.period_duration, o.period_label, o.value, o.lci, o.uci, o.numerator,
       o.denominator, o.status, o.note, o.load_id, i.dataset_id, d.publisher AS source,
       d.source_url, d.licence, count(*) OVER () AS total
FROM observations o
JOIN wanted a ON a.area_code = o.area_code
JOIN ids s ON s.indicator_id = o.indicator_id
JOIN indicators i ON i.indicator_id = o.indicator_id
LEFT JOIN datasets d ON d.dataset_id = i.dataset_id
WHERE (?::DATE IS NULL OR o.period_start >= ?::DATE)
  AND (?::DATE IS NULL OR o.period_start <= ?::DATE)
ORDER BY o.indicator_id, o.area_code, o.period_start, o.period_duration
LIMIT ? OFFSET ?
