"""What leaves as a file: spreadsheet-safe CSV and XLSX cells (`cells`), the open
downloads of what a view shows (`tables`: CSV, XLSX and CSV on the Web metadata; each
page's table in `page_tables` and `public_tables`), the board pack PDF (`boardpack`) and
the structured return for central government (`returns`, with its JSON Schema in
`schemas/`).

May import every layer below `web`: common, security, methods, ingest, store, views,
figures.
"""
