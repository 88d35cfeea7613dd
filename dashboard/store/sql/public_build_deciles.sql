-- access: none
-- Build step (dashboard/derived/public_pages.py), not a page query.
-- `public_area_deciles`: what public_decile_counts.sql gives for every area a
-- neighbourhood (LSOA) is in (its local authority, upper tier, region and combined
-- authority, and England, E92000001) and every decile indicator (value_type 'decile',
-- the Indices of Deprivation): how many of the area's neighbourhoods are in each
-- national decile. Stored in area order, so a residents' page reads a few blocks.
CREATE OR REPLACE TABLE public_area_deciles AS
WITH within AS (
    SELECT DISTINCT g.area_code AS lsoa_code, w.within
    FROM area_geography g,
         UNNEST([g.lad_code, g.upper_tier_code, g.region_code, g.ca_code, 'E92000001'])
             AS w(within)
    WHERE g.area_type = 'lsoa' AND w.within IS NOT NULL
)
SELECT w.within AS area_code, o.indicator_id, o.period_label,
       CAST(o.value AS INTEGER) AS decile, count(*) AS neighbourhoods
FROM observations o
JOIN within w ON w.lsoa_code = o.area_code
WHERE o.value IS NOT NULL
  AND o.indicator_id IN (SELECT indicator_id FROM indicators WHERE value_type = 'decile')
GROUP BY w.within, o.indicator_id, o.period_label, CAST(o.value AS INTEGER)
ORDER BY area_code, indicator_id, decile, period_label
