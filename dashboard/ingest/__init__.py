"""Files in: one reader per source format (`observations` for tidy indicator files,
`iod` for the Indices of Deprivation, `geo` for boundaries), the rows and periods they
hold (`rows`, `stream`, `staging`), and the loader (`loader`) that checks files and writes
them into a new store file in one step, or leaves the store as it was.

Nothing here but the loader touches the store. May import `common`, `security` and
`methods` (quality rules, disclosure).
"""
