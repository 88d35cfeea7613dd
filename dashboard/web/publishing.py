"""Publishing approved submissions: each one whose embargo has passed (or that has none)
is loaded into the store at the access level the data manager chose, by the same loader
as `placeboard load` (checked again against the store as it is now, written into a copy
and swapped in whole, derived tables refreshed). Until then it is not in the store, so
no page, download or API answer can show it.

Who publishes: the app looks every `Settings.publish_every_s` seconds (a thread per
process; a submission is claimed in the accounts database first, so two workers never
publish it twice), "publish now" in the review does it at once, and `placeboard
submissions publish` does it from cron. All three call `publish_due`.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

from dashboard.common import clock
from dashboard.common.config import Settings
from dashboard.ingest.files import UnreadableFile
from dashboard.ingest.loader import load_files
from dashboard.security import submissions
from dashboard.security.accounts import Accounts
from dashboard.security.submissions import Submission

log = logging.getLogger(__name__)


def publish_due(settings: Settings, accounts: Accounts) -> list[Submission]:
    """Publish every scheduled submission whose time has come; what happened to each."""
    return [publish(settings, accounts, item)
            for item in submissions.claim_due(accounts, clock.now())]


def publish(settings: Settings, accounts: Accounts, item: Submission) -> Submission:
    """Load one claimed submission; a refusal is kept as its failure, never raised."""
    from dashboard.store.derived import LOAD_STEPS

    data = submissions.content(accounts, item.id)
    path = Path(item.file_name)
    if data is None:
        return submissions.finish(accounts, item, None, "the uploaded file is no longer kept")
    folder = tempfile.TemporaryDirectory(prefix="placeboard-publish-")
    try:
        with folder:
            path = Path(folder.name) / item.file_name
            path.write_bytes(data)
            result = load_files(settings.store_path, [path], settings.data_dir,
                                refresh_steps=list(LOAD_STEPS),
                                access_level=item.access_level)
    except (UnreadableFile, OSError) as exc:  # the message names the file, not the folder
        return submissions.finish(accounts, item, None,
                                  str(exc).replace(str(path.parent) + "/", ""))
    except Exception as exc:  # a fault: kept with the submission, and logged
        log.exception("publishing submission %s failed", item.id)
        return submissions.finish(accounts, item, None, f"{type(exc).__name__}: {exc}")
    if not result.ok:
        errors = [f.text() for r in result.files for f in r.report.errors][:5]
        return submissions.finish(accounts, item, None, "the file no longer passes its "
                                  "checks against the store: " + "; ".join(errors))
    load_id = next((r.load_id for r in result.files if r.load_id is not None), None)
    return submissions.finish(accounts, item, load_id)


class Publisher(threading.Thread):
    """Looks for due submissions every `every` seconds (a daemon thread per process)."""

    def __init__(self, settings: Settings, accounts: Accounts, every: float) -> None:
        super().__init__(name="placeboard-publisher", daemon=True)
        self.settings, self.accounts, self.every = settings, accounts, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                publish_due(self.settings, self.accounts)
            except Exception:  # the next round tries again
                log.exception("looking for submissions to publish failed")

    def stop(self) -> None:
        self.stopped.set()


def start_publisher(settings: Settings, accounts: Accounts) -> Publisher | None:
    if settings.publish_every_s <= 0:
        return None
    publisher = Publisher(settings, accounts, settings.publish_every_s)
    publisher.start()
    return publisher
