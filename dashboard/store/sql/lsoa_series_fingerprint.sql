-- access: none
-- What lsoa_series is made from: each indicator with more than one period and LSOA
-- values, its row count and latest load (from indicator_coverage, rebuilt after every
-- write, so this reads no observations); beside it, the fingerprint the stored table was
-- made from (NULL when there is no table). A load that changes none of those indicators
-- leaves lsoa_series as it is.
SELECT (SELECT coalesce(string_agg(indicator_id || ':' || n_rows || ':' || load_id, ' '
                                   ORDER BY indicator_id), '')
        FROM indicator_coverage WHERE n_periods > 1 AND area_types LIKE '%lsoa%'),
       (SELECT value FROM meta WHERE key = 'lsoa_series_source'
          AND EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'lsoa_series'))
