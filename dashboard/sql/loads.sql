SELECT load_id, file, sha256, format, loaded_at, rows_read, rows_added, rows_replaced,
       rows_unchanged, errors, warnings
FROM loads ORDER BY load_id
