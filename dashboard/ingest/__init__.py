"""Files in: one reader per source format (`observations` for indicator CSVs, ONS and tidy,
with their metadata JSON read by `metadata`; `iod` for the Indices of Deprivation; `geo` for
boundaries), the rows and periods they hold (`rows`, `stream`, `staging`), and loading
them into the store in one step, or leaving the store as it was:

- `loader`: `parse_file` (any supported file to its reader) and `load_files` (check every
  file, write them all into a copy of the store and swap it in);
- `areas`: the codes the store knows and those that have ended, and areas merged in;
- `ownership`: a file may not take over another publisher's dataset;
- `writer`: parsed files written into an open store in one transaction;
- `store_file`: the store file opened read-only, or copied, written and swapped in;
- `build`: a new store built from data/.

Only these six modules touch the store; the readers never do. May import `common`,
`security` and `methods` (quality rules, disclosure).
"""
