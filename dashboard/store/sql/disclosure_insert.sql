-- access: none
-- Write the cells computed by dashboard/derived/disclosure.py (registered as a view).
INSERT INTO public_suppressions
SELECT indicator_id, area_code, period_start, period_duration, reason
FROM incoming_suppressions
ORDER BY indicator_id, period_start, area_code
