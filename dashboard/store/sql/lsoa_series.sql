-- access: indicator-param 0
-- All periods of one indicator for the given LSOAs (list parameter), from the prepared
-- lsoa_series table (only indicators with more than one period at LSOA level). Both
-- tables are filtered by the list, so neither is scanned whole (10 ms for one LSOA's 120
-- months at national scale, against 22 ms joining all of areas).
SELECT s.*, a.area_name, a.area_type
FROM lsoa_series s JOIN areas a ON a.area_code = s.area_code
WHERE s.indicator_id = $1
  AND s.area_code IN (SELECT unnest($2::VARCHAR[]))
  AND a.area_code IN (SELECT unnest($2::VARCHAR[]))
ORDER BY s.area_code, s.period_start
