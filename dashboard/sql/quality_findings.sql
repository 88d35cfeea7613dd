SELECT severity, rule, file, line, column_name, value, message
FROM quality_findings WHERE load_id = ?
ORDER BY severity, rule, line
LIMIT ?
