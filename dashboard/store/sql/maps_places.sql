-- access: none
-- Places an LSOA map can cover: England, its regions, and the counties and lower-tier
-- authorities in England that have LSOAs. Read from the prepared map_places table (made
-- with lsoa_latest from maps_places_computed.sql, which scans the geography of every
-- LSOA: 13-20 ms per call on the national store).
SELECT area_code, area_name, area_type
FROM map_places
ORDER BY CASE area_type WHEN 'nation' THEN 0 WHEN 'region' THEN 1 WHEN 'county' THEN 2
         ELSE 3 END, area_name
