-- access: indicator-param 0
-- One LSOA indicator at its latest period for every LSOA under a parent (LAD,
-- county/unitary, region or combined authority), or all of England when the parent is
-- E92000001, given as the place's LADs (place_lads.sql). Ward, LAD and rural-urban class
-- alongside. Read from the prepared lsoa_latest table, sorted by LAD and indicator, so a
-- place's rows are a few row groups whatever the series' length;
-- lsoa_values_computed.sql works out the same rows from observations.
SELECT indicator_id, area_code, period_start, area_name, value, numerator, status, note,
       period_label, ward_code, ward_name, lad_code, lad_name,
       ruc_code, ruc_name, urban_rural
FROM lsoa_latest
WHERE indicator_id = ?
  AND lad_code = ANY(?::VARCHAR[])
ORDER BY area_code
