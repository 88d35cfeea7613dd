-- access: rows
-- Everything an area profile shows, one row per indicator: the area's latest value with
-- its England and region values, the comparison with the chosen benchmark at the chosen
-- level, the recent trend and the spread across its peer areas, prepared at build time in
-- area_profiles (stored in area order, so this reads a few blocks). Parameters: area
-- code, benchmark, level. Not sorted here: the store orders the ~80 rows by indicator_id
-- (sorting them in DuckDB cost more than the read, 55 columns carried through the sort).
SELECT * FROM area_profiles
WHERE area_code = ? AND benchmark = ? AND level = ?
