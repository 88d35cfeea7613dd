-- access: indicator-param 0
-- Every period of one indicator for the given areas (list parameter), as published: the
-- indicator page's trend lines (series.sql without the areas' names, which the page has
-- from its area list), in no order (sorted by the caller: here a sort cost more than the
-- scan). Parameters: indicator id, area codes.
SELECT *
FROM observations
WHERE indicator_id = ? AND list_contains(?, area_code)
