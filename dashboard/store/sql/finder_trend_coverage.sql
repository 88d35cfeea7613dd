-- access: rows
-- For each indicator, how many current areas of one type in England have a latest value
-- and for how many of them the recent trend could be calculated (the finder's start page
-- says plainly where it cannot). Parameters: area type.
SELECT v.indicator_id, i.dataset_id, i.title, count(*) AS n_areas,
       count(*) FILTER (WHERE t.trend IS NOT NULL
                        AND t.trend <> 'cannot_be_calculated') AS n_trends
FROM area_values v
JOIN areas a USING (area_code)
JOIN indicators i ON i.indicator_id = v.indicator_id
LEFT JOIN trends t ON t.indicator_id = v.indicator_id AND t.area_code = v.area_code
     AND t.period_start = v.period_start AND t.period_duration = v.period_duration
WHERE v.is_latest AND v.area_type = ? AND v.area_code LIKE 'E%' AND a.valid_to IS NULL
GROUP BY v.indicator_id, i.dataset_id, i.title
ORDER BY lower(i.title), v.indicator_id
