-- access: none
-- Every area code a target or partnership may name.
SELECT area_code, area_name FROM areas ORDER BY area_code
