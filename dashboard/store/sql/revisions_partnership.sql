-- access: partnership-param 0
-- What a partnership's revisions are read for: the indicators of its targets, and its
-- areas (the targets' areas, its members and its own area).
WITH p AS (SELECT ?::VARCHAR AS id)
SELECT t.partnership_id, 'indicator' AS kind, t.indicator_id AS code
FROM targets t, p WHERE t.partnership_id = p.id
UNION
SELECT t.partnership_id, 'area', t.area_code FROM targets t, p WHERE t.partnership_id = p.id
UNION
SELECT m.partnership_id, 'area', m.area_code
FROM partnership_members m, p WHERE m.partnership_id = p.id
UNION
SELECT s.partnership_id, 'area', s.area_code
FROM partnerships s, p WHERE s.partnership_id = p.id AND s.area_code IS NOT NULL
