-- access: rows
-- The partnerships whose own area, or one of whose members, is one of the given codes
-- (an area and the county and combined authority it is in), by name, with whether any of
-- their targets is illustrative. Parameters: the area codes, twice.
SELECT p.*,
       p.partnership_id IN (SELECT t.partnership_id FROM targets t WHERE t.illustrative)
           AS any_illustrative
FROM partnerships p
WHERE list_contains(?, p.area_code)
   OR p.partnership_id IN (SELECT m.partnership_id FROM partnership_members m
                           WHERE list_contains(?, m.area_code))
ORDER BY p.name
