-- access: indicators-param 0
-- LSOA indicators (one, or several shown side by side) at their latest period for every
-- LSOA under a parent (LAD, county/unitary, region or combined authority), or all of
-- England when the parent is E92000001, given as the place's LADs (place_lads.sql): one
-- row per indicator and LSOA, with ward, LAD and rural-urban class. Read from the
-- prepared lsoa_latest table, sorted by LAD, so a place's rows are a few row groups;
-- lsoa_values_computed.sql works out the same rows from observations for a store built
-- before that table.
SELECT indicator_id, area_code, period_start, area_name, value, numerator, status, note,
       period_label, ward_code, ward_name, lad_code, lad_name,
       ruc_code, ruc_name, urban_rural
FROM lsoa_latest
WHERE indicator_id = ANY(?::VARCHAR[])
  AND lad_code = ANY(?::VARCHAR[])
ORDER BY indicator_id, area_code
