-- access: rows
-- How many neighbourhoods (LSOAs) of an area are in each national decile of one IoD
-- indicator: counts of areas, not of people. Parameters: the indicator id, then the area
-- code five times (a LAD, upper tier, region or combined authority; E92000001 = England).
SELECT o.indicator_id, o.period_label, CAST(o.value AS INTEGER) AS decile,
       count(*) AS neighbourhoods
FROM observations o
JOIN area_geography g ON g.area_code = o.area_code
WHERE o.indicator_id = ? AND g.area_type = 'lsoa' AND o.value IS NOT NULL
  AND (? = 'E92000001' OR g.lad_code = ? OR g.upper_tier_code = ? OR g.region_code = ?
       OR g.ca_code = ?)
GROUP BY o.indicator_id, o.period_label, CAST(o.value AS INTEGER)
ORDER BY decile
