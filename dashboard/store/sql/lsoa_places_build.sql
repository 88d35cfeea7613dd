-- access: none
-- Two small tables of the places an LSOA view can cover, made with lsoa_latest
-- (dashboard/derived/lsoa_latest.py) every time that step runs: they are read on every
-- neighbourhood map and worklessness explorer page, and working them out per call
-- scanned the geography of every LSOA (13-20 ms each on the national store).
-- place_lads: the LADs whose LSOAs make up each place (a LAD, county/unitary, region,
-- combined authority, or England, E92000001: every LAD with LSOAs); read by
-- place_lads.sql, worked out per call by place_lads_computed.sql.
CREATE OR REPLACE TABLE place_lads AS
WITH lads AS (
    SELECT DISTINCT lad_code, upper_tier_code, region_code, ca_code
    FROM area_geography
    WHERE area_type = 'lsoa' AND lad_code IS NOT NULL
)
SELECT DISTINCT place_code, lad_code
FROM (
    SELECT 'E92000001' AS place_code, lad_code FROM lads
    UNION ALL SELECT lad_code, lad_code FROM lads
    UNION ALL SELECT upper_tier_code, lad_code FROM lads WHERE upper_tier_code IS NOT NULL
    UNION ALL SELECT region_code, lad_code FROM lads WHERE region_code IS NOT NULL
    UNION ALL SELECT ca_code, lad_code FROM lads WHERE ca_code IS NOT NULL
)
ORDER BY place_code, lad_code;
