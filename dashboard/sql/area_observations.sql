-- access: rows
-- Every observation of one area (all indicators, all periods), oldest first.
SELECT o.*, i.polarity
FROM observations o JOIN indicators i USING (indicator_id)
WHERE o.area_code = ?
ORDER BY o.indicator_id, o.period_start
