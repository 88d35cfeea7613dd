-- access: none
-- The wards (May 2024) of the postcode lookup with their names and local authority (every
-- ward lies in one). Parameter: the gzipped CSV.
CREATE OR REPLACE TABLE postcode_wards AS
SELECT WD24CD AS ward_code, WD24NM AS ward_name, LAD24CD AS lad_code
FROM read_csv(?, all_varchar = true, header = true)
ORDER BY ward_code
