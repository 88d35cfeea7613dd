"""Who a dataset belongs to: a file may not take over a dataset or indicator that another
publisher's file loaded (`check_ownership`), unless the data manager says it replaces it
(--replace-dataset)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dashboard.ingest.files import Parsed
from dashboard.ingest.store_file import read_only

FAMILY_WORDS = {"ons": "an ONS indicator file", "tidy": "a tidy CSV file",
                "iod": "an IoD 2025 file", "fingertips": "a Fingertips export",
                "unknown": "a file of unrecorded kind"}


@dataclass(frozen=True)
class Owner:
    """Who a dataset belongs to: its publisher and the kind of file it came from."""

    dataset_id: str
    publisher: str | None
    family: str
    title: str | None = None
    file: str | None = None

    def same(self, other: Owner) -> bool:
        def norm(text: str | None) -> str:
            return " ".join((text or "").split()).casefold()

        families = {self.family, other.family}
        return (len(families) == 1 or "unknown" in families) and \
            norm(self.publisher) == norm(other.publisher)

    def kind(self) -> str:
        return FAMILY_WORDS.get(self.family, f"a {self.family} file")

    def by(self) -> str:
        return f"published by {self.publisher or 'an unnamed publisher'}"

    def describe(self) -> str:
        title = f"{self.title!r}, " if self.title else ""
        origin = f", from {self.file}" if self.file else ""
        return f"{title}{self.by()} ({self.kind()}{origin})"


def _family(fmt: str | None) -> str:
    return (fmt or "unknown").split("_")[0]


def _stored_owners(store_path: Path | None) -> tuple[dict[str, Owner], dict[str, str]]:
    """(dataset id -> Owner, indicator id -> dataset id) as the store has them."""
    if store_path is None or not Path(store_path).exists():
        return {}, {}
    with read_only(store_path) as con:
        rows = con.execute("""
            SELECT d.dataset_id, d.publisher, d.title, d.file,
                   (SELECT l.format FROM loads l WHERE l.dataset_id = d.dataset_id
                    ORDER BY l.load_id DESC LIMIT 1)
            FROM datasets d""").fetchall()
        indicators = dict(con.execute("SELECT indicator_id, dataset_id FROM indicators"
                                      ).fetchall())
    owners = {d: Owner(d, publisher, _family(fmt), title, file)
              for d, publisher, title, file, fmt in rows}
    return owners, indicators


def check_ownership(store_path: Path | None, parsed: Iterable[Parsed],
                    replace: bool = False) -> None:
    """A file must not take over a dataset or indicator that belongs to another publisher
    (a tidy file named claimant-count.csv would otherwise replace the ONS dataset's title,
    publisher, access level and values). Each conflict is an error in the file's report,
    or, with `replace` (--replace-dataset), a warning saying what was replaced."""
    owners, indicator_of = _stored_owners(store_path)
    for p in parsed:
        if not p.datasets:
            continue
        mine = Owner(p.datasets[0]["dataset_id"], p.datasets[0].get("publisher"),
                     _family(p.format), p.datasets[0].get("title"), Path(p.file).name)
        theirs = owners.get(mine.dataset_id)
        if theirs is not None and not theirs.same(mine):
            _conflict(p, replace, mine.dataset_id, f"dataset {mine.dataset_id!r}",
                      f"another publisher: {theirs.describe()}",
                      f"this file, {mine.kind()} {mine.by()}, would replace its title, "
                      "publisher, access level and values. Give the file a name of its own "
                      "(the dataset id is the file's name)")
        for indicator in p.indicators:
            iid = indicator["indicator_id"]
            other = indicator_of.get(iid)
            if other is not None and other != mine.dataset_id:
                owner = owners.get(other, Owner(other, None, "unknown"))
                _conflict(p, replace, iid, f"indicator {iid!r}",
                          f"dataset {other!r}, {owner.describe()}",
                          f"this file would move it to dataset {mine.dataset_id!r} and "
                          "replace its values. Give the indicator a name of its own (its id "
                          "is the slug of its name)")
        owners[mine.dataset_id] = mine  # later files in the same load are checked too
        indicator_of.update({i["indicator_id"]: mine.dataset_id for i in p.indicators})


def _conflict(p: Parsed, replace: bool, value: str, subject: str, owner: str,
              consequence: str) -> None:
    """An ownership conflict: an error naming the owner and the way out, or (forced) a
    warning recording what was replaced."""
    if replace:
        p.report.warning("dataset_conflict", f"replaces {subject}, which belonged to "
                         f"{owner} (--replace-dataset)", value=value)
        return
    p.report.error("dataset_conflict", f"{subject} already belongs to {owner}; "
                   f"{consequence}, or, if this file really replaces it, load it with "
                   "--replace-dataset", value=value)
