-- access: none
-- Build step (dashboard/derived/targets_status.py), not a page query. `target_pages`: each
-- target's stored status and reason with the keys of its latest value (what the public's
-- disclosure check reads), and what its page shows apart from the series (incoming_pages:
-- JSON from dashboard.targets.encode_detail); `target_series`: the series those pages
-- draw (the target's area, England and the region), as series.sql returns them.
CREATE OR REPLACE TABLE target_pages AS
SELECT s.partnership_id, s.indicator_id, s.area_code, s.status, s.reason,
       s.latest_period_start, s.value_type, s.latest_numerator, s.latest_denominator,
       p.detail
FROM target_status s JOIN incoming_pages p USING (partnership_id, indicator_id, area_code)
ORDER BY s.partnership_id, s.indicator_id, s.area_code;

CREATE OR REPLACE TABLE target_series AS
SELECT o.*, a.area_name, a.area_type
FROM observations o JOIN areas a USING (area_code)
WHERE EXISTS (SELECT 1 FROM incoming_codes c
              WHERE c.indicator_id = o.indicator_id AND c.area_code = o.area_code)
ORDER BY o.indicator_id, o.area_code, o.period_start;
