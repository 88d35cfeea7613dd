-- access: none
-- The rows of the prepared lsoa_latest table (dashboard/derived/lsoa_latest.py): every
-- LSOA-level indicator at its latest period (or only the indicators in $indicators, for
-- a refresh after a load), one row per LSOA, with the LSOA's ward, LAD, upper tier,
-- region, combined authority and rural-urban class: one row per (indicator, LSOA)
-- however long the stored series (a national monthly series has 120 periods of 33,755
-- LSOAs in observations). Stored sorted by LAD, indicator and LSOA: reads filter on a
-- place's LADs (place_lads.sql), so a local authority's rows are one or two row groups.
-- Measured on the national store (1.9M rows): four indicators for Oldham 8-16 ms against
-- 76 ms from the unsorted table with the place's codes tested row by row.
SELECT o.indicator_id, o.area_code, o.period_start, g.area_name, o.value, o.numerator,
       o.status, o.note, o.period_label,
       g.ward_code, g.ward_name, g.lad_code, g.lad_name,
       g.ruc_code, g.ruc_name, g.urban_rural,
       g.upper_tier_code, g.region_code, g.ca_code
FROM observations o
JOIN indicator_coverage c ON c.indicator_id = o.indicator_id
                         AND c.last_period_start = o.period_start
JOIN area_geography g ON g.area_code = o.area_code
WHERE g.area_type = 'lsoa'
  AND ($indicators::VARCHAR[] IS NULL
       OR list_contains($indicators::VARCHAR[], o.indicator_id))
