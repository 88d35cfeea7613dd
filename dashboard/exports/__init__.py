"""What leaves as a file: spreadsheet-safe CSV and XLSX cells (`cells`), the board
pack PDF (`boardpack`) and the structured return for central government (`returns`,
with its JSON Schema in `schemas/`).

May import every layer below `web`: common, security, methods, ingest, store, views,
figures.
"""
