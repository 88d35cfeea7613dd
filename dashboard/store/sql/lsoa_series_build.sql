-- access: none
-- Every LSOA's series of every indicator published for LSOAs over more than one period
-- (e.g. a monthly series), one row per observation, stored ordered by (indicator, LSOA,
-- period): one LSOA's trend is then a row group or two, where observations (ordered by
-- indicator, period, area, for maps) would scan every row of the indicator.
CREATE OR REPLACE TABLE lsoa_series AS
SELECT o.*
FROM observations o
WHERE o.indicator_id IN (SELECT indicator_id FROM indicator_coverage
                         WHERE n_periods > 1 AND area_types LIKE '%lsoa%')
  AND o.area_code IN (SELECT area_code FROM areas WHERE area_type = 'lsoa')
ORDER BY o.indicator_id, o.area_code, o.period_start
;
INSERT OR REPLACE INTO meta VALUES ('lsoa_series_source', ?);
