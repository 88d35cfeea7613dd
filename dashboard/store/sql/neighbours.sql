-- access: none
-- The statistical neighbours of one area, nearest first, with their names, distance,
-- similarity and the method (prepared at build time, dashboard/judgements.py).
SELECT n.area_code, n.neighbour_code, a.area_name AS neighbour_name, n.rank, n.distance,
       n.similarity, n.shared, n.n_features, n.method
FROM neighbours n JOIN areas a ON a.area_code = n.neighbour_code
WHERE n.area_code = ?
ORDER BY n.rank
