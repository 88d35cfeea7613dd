-- access: rows
-- What a residents' area page shows of the given indicators for one area, then England
-- (public_area_values_computed.sql, prepared at build and after every load in
-- `public_area_values`, stored in area order, England's rows also on their own in
-- `public_england_values`, so each part is one equality on a column in order).
-- Parameters: the area code, the indicator ids, England's code ('' on England's own
-- page), the indicator ids.
SELECT * FROM (
    SELECT * FROM public_area_values WHERE area_code = ? AND list_contains(?, indicator_id)
    UNION ALL
    SELECT * FROM public_england_values WHERE area_code = ? AND list_contains(?, indicator_id)
)
ORDER BY area_code, indicator_id, period_start, period_duration
