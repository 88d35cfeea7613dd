-- access: indicators-param 0
-- The areas (not LSOAs or wards) with at least one value of each listed indicator, for
-- the indicator page's area and comparator pickers, in their order (nations first,
-- current codes before ended ones, then by name), with the area's region: worked out
-- from every observation of the indicators (a scan: ~30 ms for one). Stored for every
-- indicator as page_indicator_areas (dashboard/derived/pages_indicator.py), which
-- page_indicator_areas.sql reads; this file answers for a store built before that table.
-- Parameter: indicator ids.
WITH counted AS (
    SELECT o.indicator_id, a.area_code, a.area_name, a.area_type, a.valid_to,
           count(o.value) AS n_values
    FROM observations o JOIN areas a USING (area_code)
    WHERE list_contains(?, o.indicator_id) AND a.area_type NOT IN ('lsoa', 'ward')
    GROUP BY ALL
    HAVING count(o.value) > 0
)
SELECT c.indicator_id, c.area_code, c.area_name, c.area_type, c.valid_to, c.n_values,
       r.parent_code AS region_code,
       row_number() OVER (PARTITION BY c.indicator_id
                          ORDER BY c.area_type <> 'nation', c.valid_to IS NOT NULL,
                                   c.area_name, c.area_code) AS position
FROM counted c
LEFT JOIN area_links r ON r.child_code = c.area_code AND r.parent_type = 'region'
ORDER BY c.indicator_id, position
