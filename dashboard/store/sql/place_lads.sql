-- access: none
-- The local authorities (LADs) whose LSOAs make up a place, from the prepared place_lads
-- table (lsoa_places_build.sql); place_lads_computed.sql works out the same list from the
-- geography of every LSOA. Reads of lsoa_latest filter on this list: that table is
-- sorted by LAD, so a place's rows are a few row groups, not a scan of every LSOA.
SELECT lad_code FROM place_lads WHERE place_code = ? ORDER BY lad_code
