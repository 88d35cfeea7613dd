-- access: rows
-- Every IoD 2025 value for one LSOA, with its position among the LSOAs of its LAD
-- (1 = lowest value; for ranks, 1 = most deprived in the LAD) and the LAD's LSOA count.
WITH lad AS (
    SELECT parent_code FROM area_links WHERE child_code = ? AND parent_type = 'lad'
),
peers AS (
    SELECT l.child_code FROM area_links l JOIN areas a ON a.area_code = l.child_code
    WHERE l.parent_type = 'lad' AND a.area_type = 'lsoa'
      AND l.parent_code = (SELECT parent_code FROM lad)
),
ranked AS (
    SELECT o.indicator_id, o.area_code, o.value, o.numerator, o.status, o.note,
           o.period_label,
           CASE WHEN o.value IS NULL THEN NULL
                ELSE rank() OVER (PARTITION BY o.indicator_id ORDER BY o.value) END
               AS position_in_lad,
           count(o.value) OVER (PARTITION BY o.indicator_id) AS lsoas_in_lad
    FROM observations o
    WHERE o.indicator_id LIKE 'iod-%' AND o.indicator_id NOT LIKE 'iod-lad-%'
      AND o.area_code IN (SELECT child_code FROM peers)
)
SELECT r.*, i.title, i.value_type, i.polarity, i.unit, i.decimals, i.suffix, i.prefix,
       (SELECT parent_code FROM lad) AS lad_code, la.area_name AS lad_name
FROM ranked r
JOIN indicators i ON i.indicator_id = r.indicator_id
LEFT JOIN areas la ON la.area_code = (SELECT parent_code FROM lad)
WHERE r.area_code = ?
ORDER BY r.indicator_id
