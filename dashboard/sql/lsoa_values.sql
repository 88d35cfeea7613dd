-- access: indicator-param 0
-- One LSOA indicator at its latest period for every LSOA under a parent (LAD,
-- county/unitary, region or combined authority), or all of England when the parent is
-- E92000001. Ward, LAD and rural-urban class alongside. Read from the prepared
-- lsoa_latest table (a few row groups whatever the series' length);
-- lsoa_values_computed.sql works out the same rows from observations.
SELECT indicator_id, area_code, period_start, area_name, value, numerator, status, note,
       period_label, ward_code, ward_name, lad_code, lad_name,
       ruc_code, ruc_name, urban_rural
FROM lsoa_latest
WHERE indicator_id = ?
  AND (? = 'E92000001' OR lad_code = ? OR upper_tier_code = ? OR region_code = ?
       OR ca_code = ?)
ORDER BY area_code
