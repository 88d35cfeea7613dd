-- Findings of one load, at most ? per rule (the report groups and counts them; these
-- are the examples shown).
SELECT severity, rule, file, line, column_name, value, message
FROM quality_findings WHERE load_id = ?
QUALIFY row_number() OVER (PARTITION BY severity, rule ORDER BY line) <= ?
ORDER BY severity, rule, line
