-- access: rows
-- The partnerships whose own area, or one of whose members, is one of the given codes
-- (an area and the county and combined authority it is in), by name, with their members
-- (in file order) and whether any of their targets is illustrative. Parameters: the area codes, twice.
SELECT p.*,
       coalesce((SELECT list(m.area_code ORDER BY m.position) FROM partnership_members m
                 WHERE m.partnership_id = p.partnership_id), []) AS members,
       coalesce((SELECT bool_or(t.illustrative) FROM targets t
                 WHERE t.partnership_id = p.partnership_id), FALSE) AS any_illustrative
FROM partnerships p
WHERE list_contains(?, p.area_code)
   OR p.partnership_id IN (SELECT m.partnership_id FROM partnership_members m
                           WHERE list_contains(?, m.area_code))
ORDER BY p.name
