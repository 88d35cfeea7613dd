-- access: rows
-- Findings per load, rule and severity (for the Data page).
SELECT f.load_id, l.file, l.dataset_id, f.severity, f.rule, count(*) AS n
FROM quality_findings f JOIN loads l USING (load_id)
GROUP BY ALL ORDER BY f.load_id, f.severity, n DESC
