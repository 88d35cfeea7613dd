-- access: none
-- What lsoa_latest is made from: each indicator with LSOA values, its row count, latest
-- load and latest period (from indicator_coverage, rebuilt after every write, so this
-- reads no observations), and the LSOAs' geography; beside it, the fingerprint the
-- stored table was made from (NULL when there is no table). A load that changes none of
-- those leaves lsoa_latest as it is.
SELECT (SELECT coalesce(string_agg(indicator_id || ':' || n_rows || ':' || load_id || ':'
                                   || last_period_start, ' ' ORDER BY indicator_id), '')
        FROM indicator_coverage WHERE area_types LIKE '%lsoa%')
       || '|' || (SELECT coalesce(bit_xor(hash(area_code, area_name, ward_code, ward_name,
                                               lad_code, lad_name, upper_tier_code,
                                               region_code, ca_code, ruc_code, ruc_name,
                                               urban_rural)), 0)
                  FROM area_geography WHERE area_type = 'lsoa'),
       (SELECT value FROM meta WHERE key = 'lsoa_latest_source'
          AND EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'lsoa_latest'))
