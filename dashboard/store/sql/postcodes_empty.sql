-- access: none
-- Empty postcode tables, for a store built from a data folder without the lookup.
CREATE OR REPLACE TABLE postcodes (postcode VARCHAR, lsoa_code VARCHAR, ward_code VARCHAR);
CREATE OR REPLACE TABLE postcode_wards (ward_code VARCHAR, ward_name VARCHAR,
                                        lad_code VARCHAR);
