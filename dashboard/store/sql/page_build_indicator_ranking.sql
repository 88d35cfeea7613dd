-- access: none
-- Build step (dashboard/derived/pages_indicator.py), not a page query.
-- `page_indicator_ranking`: the rows and columns of page_values the indicator page's
-- ranking reads (England at 95%; explore_ranking.sql reads the same from page_values),
-- in (indicator, period, area type, area name) order: a quarter of page_values' rows and
-- none of its long texts, so one ranking is a few blocks.
CREATE OR REPLACE TABLE page_indicator_ranking AS
SELECT indicator_id, area_code, area_name, area_type, valid_to, period_start,
       period_duration, period_label, value, lci, uci, numerator, denominator, status, note,
       england_value, region_code, comparison
FROM page_values
WHERE page_benchmark = 'england' AND page_level = 0.95
ORDER BY indicator_id, period_start, area_type, area_name
