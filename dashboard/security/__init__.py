"""Who may see what, and who they are: viewers, roles and access levels (`access`),
the accounts database of users, sessions, sign-in throttling and the audit log
(`accounts`; its tables, SQLite or PostgreSQL engines and schema in `accounts_database`,
the sign-in throttling rules in `throttling`), personal API tokens (`tokens`), the
administration page's rules (`admin`), duties (`duties`) and the data-sharing ledger
(`ledger`).

May import `common`. The sign-in routes themselves are web code (`dashboard.web.auth`);
the store applies the access levels where data leaves it (`dashboard.store.base`).
"""
