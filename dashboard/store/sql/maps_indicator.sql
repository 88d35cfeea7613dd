-- access: rows
-- One indicator's metadata (the map's title, formats, polarity and source), read alone:
-- a map view needs one indicator's row, not the catalogue store.indicators() reads.
SELECT * FROM indicators WHERE indicator_id = ?
