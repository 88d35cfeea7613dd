-- access: rows
-- The metadata of the given indicators (a residents' page's words, units and sources),
-- without the catalogue's coverage columns. Parameters: the indicator ids.
SELECT * FROM indicators
WHERE list_contains(?, indicator_id)
ORDER BY indicator_id
