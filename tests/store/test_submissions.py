"""Partners' submissions end to end through the app (Flask test client, a copy of the
store that publication really writes): a file is checked at once, kept for review, not
visible to anyone else until a data manager approves it and its embargo passes; a
rejected file never reaches the store; every step is audited and shown to the submitter."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from dashboard.common import clock
from dashboard.common.config import Settings
from dashboard.security import submissions
from dashboard.security.duties import set_duties
from dashboard.server.app import create_app
from dashboard.web import publishing
from tests.signing import form_token, sign_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL_FILE = FIXTURES / "library-walk.csv"
INDICATOR = "residents-within-a-30-minute-walk-of-their-nearest-library"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def module_store(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("submissions") / "placeboard.duckdb"
    shutil.copy2(built_store_path, path)  # publication writes it: never the shared store
    return path


@pytest.fixture()
def app(module_store: Path, tmp_path: Path, settings: Settings):
    from dataclasses import replace

    app = create_app(replace(settings, store_path=module_store,
                             accounts_path=tmp_path / "accounts.sqlite"))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("pat", PASSWORD, "partner", ["oldham"])
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])
    accounts.add_user("dee", PASSWORD, "analyst")
    set_duties(accounts, "dee", ["data_manager"])
    yield app
    # DuckDB keeps one database per path in a process: an app left open would hand the
    # old file to the next one after a publication swaps a new one in
    app.server.extensions["placeboard"]["store"].close()


csrf = form_token


def send(client: FlaskClient, path: Path, name: str | None = None):
    with path.open("rb") as handle:
        return client.post("/submit", data={"csrf_token": csrf(client, "/submit"),
                                             "file": (handle, name or path.name)},
                           content_type="multipart/form-data")


def review(client: FlaskClient, number: int, decision: str, **form: str):
    data = {"csrf_token": csrf(client, "/submit"), "decision": decision,
            **form}
    return client.post(f"/submissions/{number}", data=data)


def invented_file(folder: Path, name: str) -> Path:
    """A tidy file of invented numbers (an indicator of its own, so tests that share the
    store never collide)."""
    path = folder / f"{name}.csv"
    path.write_text("indicator,area_code,area_name,period,value\n"
                    f"Referrals {name} (invented for a test),E08000004,Oldham,2024,120\n"
                    f"Referrals {name} (invented for a test),E08000010,Wigan,2024,80\n")
    return path


def public_value(client: FlaskClient) -> int:
    """Rows of the submitted indicator the API gives an anonymous client."""
    answer = client.get(f"/api/v1/observations?indicator={INDICATOR}&area=E08000004")
    return 0 if answer.status_code == 404 else len(answer.json["data"])


def test_a_clean_file_waits_for_review_and_an_embargo(app) -> None:
    partner, manager, anyone = (app.server.test_client() for _ in range(3))
    sign_in(partner, "pat")
    sent = send(partner, REAL_FILE)
    assert sent.status_code == 303
    number = int(sent.headers["Location"].rsplit("/", 1)[1])
    page = partner.get(f"/submissions/{number}").text
    assert "Waiting for review" in page and "library-walk.csv" in page
    assert "new values" in page and "Partners only: members of oldham" in page
    preview = re.search(r'id="submission-preview".*?</table>', page, re.DOTALL).group(0)
    assert "E08000004" in preview and "<td>91</td>" in preview  # Oldham, as in the file
    assert "Review" not in re.sub(r"waits for a data manager.s review", "", page)

    sign_in(manager, "dee")
    assert f'href="/submissions/{number}"' in manager.get("/submissions").text
    tomorrow = (clock.now() + timedelta(days=1)).astimezone(clock.UK)
    decided = review(manager, number, "approve", embargo_date=f"{tomorrow:%Y-%m-%d}",
                     embargo_time="09:30", access_level="public", comment="Fine")
    assert decided.status_code == 303
    item = submissions.get(app.server.extensions["placeboard"]["accounts"], number)
    assert item.status == "scheduled" and item.access_level == "public"

    settings = app.server.extensions["placeboard"]["settings"]
    accounts = app.server.extensions["placeboard"]["accounts"]
    assert publishing.publish_due(settings, accounts) == []  # not yet
    assert public_value(anyone) == 0
    with clock.moved_to(item.embargo() + timedelta(minutes=1)):
        published = publishing.publish_due(settings, accounts)
    assert [p.status for p in published] == ["published"]
    assert public_value(anyone) == 1
    row = anyone.get(f"/api/v1/observations?indicator={INDICATOR}&area=E08000004"
                     ).json["data"][0]
    assert row["value"] == 91  # Oldham's value in the file
    steps = partner.get(f"/submissions/{number}").text
    for words in ("sent the file", "approved it", "published it", "Published"):
        assert words in steps


def test_a_rejected_file_is_deleted_and_never_published(app, tmp_path: Path) -> None:
    partner, manager = app.server.test_client(), app.server.test_client()
    sign_in(partner, "pat")
    number = int(send(partner, invented_file(tmp_path, "rejected")).headers["Location"]
                 .rsplit("/", 1)[1])
    sign_in(manager, "dee")
    refused = review(manager, number, "reject", comment="")
    assert refused.status_code == 400 and "say why" in refused.text
    assert review(manager, number, "reject", comment="Wrong year").status_code == 303
    accounts = app.server.extensions["placeboard"]["accounts"]
    assert submissions.get(accounts, number).status == "rejected"
    assert submissions.content(accounts, number) is None
    assert "Wrong year" in partner.get(f"/submissions/{number}").text
    assert review(manager, number, "approve").status_code == 400  # decided already


def test_only_the_submitter_and_data_managers_read_a_submission(app, tmp_path: Path
                                                                 ) -> None:
    partner, other, anyone = (app.server.test_client() for _ in range(3))
    sign_in(partner, "pat")
    number = int(send(partner, invented_file(tmp_path, "private")).headers["Location"]
                 .rsplit("/", 1)[1])
    sign_in(other, "wendy")
    assert other.get(f"/submissions/{number}").status_code == 404
    assert other.post(f"/submissions/{number}", data={"decision": "approve"}
                      ).status_code == 404
    assert anyone.get(f"/submissions/{number}").status_code == 303  # to sign in
    assert "private.csv" not in other.get("/submissions").text


def test_a_file_with_errors_is_reported_at_once_and_not_kept(app, tmp_path: Path) -> None:
    bad = tmp_path / "starts.csv"
    bad.write_text("indicator,area_code,period,value\nStarts,E08000004,2024,abc\n")
    partner = app.server.test_client()
    sign_in(partner, "pat")
    number = int(send(partner, bad).headers["Location"].rsplit("/", 1)[1])
    page = partner.get(f"/submissions/{number}").text
    assert "Did not pass its checks" in page and "abc" in page
    accounts = app.server.extensions["placeboard"]["accounts"]
    assert submissions.content(accounts, number) is None


def test_what_cannot_be_read_is_refused_with_a_reason(app, tmp_path: Path) -> None:
    partner = app.server.test_client()
    sign_in(partner, "pat")
    odd = tmp_path / "notes.txt"
    odd.write_text("hello")
    answer = send(partner, odd)
    assert answer.status_code == 400 and "send a .csv or .xlsx file" in answer.text


def test_a_script_sends_a_file_with_a_submit_token(app, tmp_path: Path) -> None:
    from dashboard.security import tokens

    accounts = app.server.extensions["placeboard"]["accounts"]
    submit = tokens.create_token(accounts, "pat", "uploads", "submit").secret
    read = tokens.create_token(accounts, "pat", "reading").secret
    other = tokens.create_token(accounts, "wendy", "reading").secret
    client = app.server.test_client()

    def post(secret: str | None, path: Path, **extra: str):
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        with path.open("rb") as handle:
            return client.post("/api/v1/submissions", headers=headers,
                               data={"file": (handle, path.name), **extra},
                               content_type="multipart/form-data")

    file = invented_file(tmp_path, "scripted")
    assert post(None, file).status_code == 401
    assert post(read, file).json["error"]["status"] == 403
    assert post(submit, file, partnership="wigan").status_code == 403  # not a member
    assert post(submit, file, colour="blue").status_code == 400
    sent = post(submit, file)
    assert sent.status_code == 201, sent.text
    data = sent.json["data"]
    assert (data["status"], data["access_level"]) == ("pending", "partners:oldham")
    assert data["report"]["changes"]["new"] == 2
    location = sent.headers["Location"]
    mine = client.get(location, headers={"Authorization": f"Bearer {submit}"})
    assert mine.status_code == 200 and mine.json["data"]["id"] == data["id"]
    assert client.get(location, headers={"Authorization": f"Bearer {other}"}
                      ).status_code == 404
    assert client.get(location).status_code == 404  # anonymous
    too_big = client.get("/api/v1/submissions/12733947089241368576",
                         headers={"Authorization": f"Bearer {submit}"})
    assert too_big.status_code == 404  # not a 500 (found by schemathesis)

    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,area_code,period,value\nStarts,E08000004,2024,abc\n")
    refused = post(submit, bad)
    assert refused.status_code == 422
    assert refused.json["data"]["status"] == "failed_checks"
    assert refused.json["data"]["report"]["quality"]["errors"] >= 1


def test_the_command_line_lists_rejects_and_publishes(app, module_store: Path,
                                                      tmp_path: Path, capsys) -> None:
    from dashboard.cli import main

    settings = app.server.extensions["placeboard"]["settings"]
    where = ["--accounts", str(settings.accounts_path)]
    partner = app.server.test_client()
    sign_in(partner, "pat")
    first = int(send(partner, invented_file(tmp_path, "clione")).headers["Location"]
                .rsplit("/", 1)[1])
    second = int(send(partner, invented_file(tmp_path, "clitwo")).headers["Location"]
                 .rsplit("/", 1)[1])
    assert main(["submissions", "list", "--status", "pending", *where]) == 0
    assert "clione.csv" in capsys.readouterr().out
    assert main(["submissions", "reject", str(first), *where, "--store",
                 str(module_store)]) == 1  # no comment
    assert "say why" in capsys.readouterr().err
    assert main(["submissions", "reject", str(first), "--comment", "Duplicate", *where,
                 "--store", str(module_store)]) == 0
    assert main(["submissions", "approve", str(second), "--access", "public", *where,
                 "--store", str(module_store)]) == 0
    assert "Published" in capsys.readouterr().out
    assert main(["submissions", "publish", *where, "--store", str(module_store)]) == 0
    assert "Nothing is due" in capsys.readouterr().out
    log = app.server.extensions["placeboard"]["accounts"].audit_log(
        action="submission_rejected")
    assert log["actor"].iloc[0].startswith("cli")
