-- access: rows
-- Every partnership with its members (in file order) and how many targets it has.
WITH members AS (
    SELECT m.partnership_id,
           list(m.area_code ORDER BY m.position) AS members,
           list(a.area_name ORDER BY m.position) AS member_names
    FROM partnership_members m LEFT JOIN areas a USING (area_code)
    GROUP BY m.partnership_id
),
counts AS (
    SELECT partnership_id, count(*) AS n_targets, bool_or(illustrative) AS any_illustrative
    FROM targets GROUP BY partnership_id
)
SELECT p.*, a.area_name, coalesce(m.members, []) AS members,
       coalesce(m.member_names, []) AS member_names,
       coalesce(c.n_targets, 0) AS n_targets,
       coalesce(c.any_illustrative, FALSE) AS any_illustrative
FROM partnerships p
LEFT JOIN areas a USING (area_code)
LEFT JOIN members m USING (partnership_id)
LEFT JOIN counts c USING (partnership_id)
ORDER BY p.name
