-- access: rows
-- Every dataset (the catalogue).
SELECT * FROM datasets ORDER BY dataset_id
