-- access: none
-- The postcode lookup (data/postcodes/, ONS NSPL August 2024, England) as one table sorted
-- by postcode, so a lookup of one postcode or of a district's or sector's range reads a
-- row group or two (DuckDB's min/max per row group), not the 2.2M rows. The postcode is
-- kept without its space. Parameter: the Parquet file.
CREATE OR REPLACE TABLE postcodes AS
SELECT postcode::VARCHAR AS postcode, lsoa21cd::VARCHAR AS lsoa_code,
       wd24cd::VARCHAR AS ward_code
FROM read_parquet(?)
ORDER BY postcode
