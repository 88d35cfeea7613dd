-- access: rows
-- Findings of one load, at most ? per rule (the report groups and counts them; these
-- are the examples shown). dataset_id lets the store hide findings of hidden datasets.
SELECT f.severity, f.rule, f.file, f.line, f.column_name, f.value, f.message, l.dataset_id
FROM quality_findings f JOIN loads l USING (load_id)
WHERE f.load_id = ?
QUALIFY row_number() OVER (PARTITION BY f.severity, f.rule ORDER BY f.line) <= ?
ORDER BY f.severity, f.rule, f.line
