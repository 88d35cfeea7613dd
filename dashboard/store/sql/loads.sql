-- access: rows
-- Every load (file, checksum, counts); dataset_id is NULL for geography files.
SELECT load_id, file, sha256, format, loaded_at, rows_read, rows_added, rows_replaced,
       rows_unchanged, errors, warnings, dataset_id
FROM loads ORDER BY load_id
