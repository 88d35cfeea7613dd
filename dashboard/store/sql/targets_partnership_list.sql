-- access: rows
-- Every partnership with its members, member names and number of targets: what
-- targets_partnerships.sql works out, from partnership_list (prepared in
-- dashboard/derived/targets_status.py after every build and load).
SELECT * FROM partnership_list ORDER BY name
