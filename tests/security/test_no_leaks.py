"""Nothing restricted and nothing suppressed leaves the app for the public, whatever is
asked: crafted requests to every page, every server callback (`/_dash-update-component`)
and every download, as an anonymous client and as a signed-in partner.

Two canary datasets are loaded into a copy of the store, with values no real series has
(five decimal places, so a match cannot be a coincidence):
- a partner-only one (`partners:oldham`), which the public must never see and an Oldham
  partner must;
- a public rate with numerators, some below 5 and so withheld (and others withheld by
  complementary suppression, audited by linear programming), whose withheld values the
  public must never see, and which all read the one label.
Positive controls (values that must be seen) prove the crafted requests reach the data.
"""

from __future__ import annotations

import json
import re
import shutil
from itertools import product
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.cli.data import load_steps
from dashboard.common.config import DATA_DIR
from dashboard.ingest.loader import load_files
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.security.accounts import Accounts
from dashboard.security.duties import set_duties
from dashboard.security.tokens import create_token
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache

OLDHAM = "E08000004"
PUBLIC_CANARY = "leak-canary-public-rate"
PARTNER_CANARY = "leak-canary-partner-count"
SYNTHETIC = "synthetic-example-employment-support-starts"
WIGAN_MARKERS = ("Wigan Economy and Skills Board", "Youth Hub", "Wigan Education Partnership")
PASSWORD = "correct horse battery staple"


def _oldham_geography(con: duckdb.DuckDBPyConnection) -> tuple[list[str], dict[str, str]]:
    rows = con.execute(
        "SELECT l.child_code, w.parent_code FROM area_links l "
        "JOIN area_links w ON w.child_code = l.child_code AND w.parent_type = 'ward' "
        "WHERE l.parent_code = ? AND l.parent_type = 'lad' AND l.child_code LIKE 'E01%' "
        "ORDER BY l.child_code", [OLDHAM]).fetchall()
    return [r[0] for r in rows], {r[0]: r[1] for r in rows}


def _canary_value(n: int, base: float) -> float:
    # The last digits vary irregularly: with an arithmetic progression, a map's quantile
    # break interpolated between two published canaries could equal a withheld one
    # exactly, and the test would report a leak that is not one.
    return round(base + n * 0.31 + 0.00001 * ((n * n * 37 + 11) % 991 + 1), 5)


def _write_canaries(folder: Path, lsoas: list[str], ward_of: dict[str, str]) -> pd.DataFrame:
    """Public rate with numerators (LSOAs, wards, Oldham) and a partner-only count."""
    rows = []
    numerators = {}
    for n, code in enumerate(lsoas):
        numerators[code] = [1, 2, 3, 4, 7, 9, 12, 15, 20, 31][n % 10]
    for ward in sorted(set(ward_of.values())):
        numerators[ward] = sum(v for c, v in numerators.items() if ward_of.get(c) == ward)
    numerators[OLDHAM] = sum(numerators[c] for c in lsoas)
    for n, (code, numerator) in enumerate(numerators.items()):
        rows.append({"indicator": "Leak canary public rate", "area_code": code,
                     "period": "2024-04-01/P1Y", "value": _canary_value(n, 10.0),
                     "numerator": numerator, "denominator": ""})
    frame = pd.DataFrame(rows)
    frame.to_csv(folder / "leak-canary-public.csv", index=False)
    (folder / "leak-canary-public.json").write_text(json.dumps({
        "dataset_title": "Leak canary (public rate, test data)", "access": "public",
        "indicators": {"Leak canary public rate": {
            "title": "Leak canary public rate", "unit": "%", "value_type": "percentage",
            "decimals": 5, "min_count": 5, "polarity": "no_judgement",
            "theme": "work and worklessness"}}}))
    partner = pd.DataFrame([{"indicator": "Leak canary partner count", "area_code": code,
                             "period": "2024-04-01/P1Y", "value": _canary_value(n, 7000.0)}
                            for n, code in enumerate([OLDHAM, *lsoas[:40]])])
    partner.to_csv(folder / "leak-canary-partner.csv", index=False)
    (folder / "leak-canary-partner.json").write_text(json.dumps({
        "dataset_title": "Leak canary (partner-only, test data)", "access": "partners:oldham",
        "indicators": {"Leak canary partner count": {
            "title": "Leak canary partner count", "unit": "people", "value_type": "rate",
            "decimals": 5, "polarity": "no_judgement", "theme": "work and worklessness"}}}))
    return frame.assign(partner=False)


@pytest.fixture(scope="module")
def canary_store(built_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("canary")
    path = folder / "store.duckdb"
    shutil.copy(built_store_path, path)
    with duckdb.connect(str(path), read_only=True) as con:
        lsoas, ward_of = _oldham_geography(con)
    public = _write_canaries(folder, lsoas, ward_of)
    result = load_files(path, [folder / "leak-canary-public.csv",
                               folder / "leak-canary-partner.csv"], DATA_DIR,
                        refresh_steps=load_steps())
    assert result.ok, [f.report.summary() for f in result.files]
    with duckdb.connect(str(path), read_only=True) as con:
        complementary = {r[0] for r in con.execute(
            "SELECT area_code FROM public_suppressions WHERE indicator_id = ?",
            [PUBLIC_CANARY]).fetchall()}
        partner_values = [r[0] for r in con.execute(
            "SELECT value FROM observations WHERE indicator_id = ?",
            [PARTNER_CANARY]).fetchall()]
    hidden = public[(public["numerator"] < 5) | public["area_code"].isin(complementary)]
    shown = public[~public.index.isin(hidden.index)]
    assert len(hidden) > 0 and len(shown) > 0
    assert len(complementary - set(public.loc[public["numerator"] < 5, "area_code"])) > 0, \
        "the canary should need complementary suppression"
    return {"path": path, "lsoas": lsoas, "wards": sorted(set(ward_of.values())),
            "hidden": [f"{v:.5f}" for v in hidden["value"]],
            "shown": [f"{v:.5f}" for v in shown["value"]],
            "partner": [f"{v:.5f}" for v in partner_values]}


def _app(canary_store, tmp_path):
    from dashboard.common.config import Settings

    settings = Settings.from_env(store_path=canary_store["path"], data_dir=DATA_DIR,
                                 accounts_path=tmp_path / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production",
                                 login_rate_limit="1000 per minute",
                                 api_rate_limit="100000 per minute")
    accounts = Accounts(settings.accounts_path)
    accounts.add_user("pat", PASSWORD, "partner", ["oldham"])
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])
    return create_app(settings, store=Store(settings.store_path, make_cache()))


def _sign_in(client, username: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert token, "the sign-in form has a CSRF token"
    response = client.post("/login", data={"username": username, "password": PASSWORD,
                                           "csrf_token": token.group(1), "next": "/"})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]


def _page_paths(c: dict) -> list[str]:
    lsoa, ward = c["lsoas"][0], c["wards"][0]
    paths = []
    for indicator in (PUBLIC_CANARY, PARTNER_CANARY, SYNTHETIC):
        paths += [f"/indicator/{indicator}?area={OLDHAM}&compare={lsoa}",
                  f"/indicator/{indicator}?area={lsoa}&period=2024-04-01",
                  f"/compare?areas={OLDHAM},{ward},{lsoa}&indicators={indicator}",
                  f"/map?indicator={indicator}&level=lad",
                  f"/neighbourhoods?area={OLDHAM}&measure={indicator}&lsoa={lsoa}",
                  f"/neighbourhoods?area={OLDHAM}&measure={indicator}&geography=ward",
                  f"/worklessness?area={OLDHAM}&y={indicator}",
                  *_embed_paths(indicator, lsoa)]
    paths += [f"/area/{OLDHAM}", f"/area/{lsoa}", f"/area/{ward}", "/data", "/",
              "/scorecard", "/scorecard/wigan", "/target/wigan/claimant-count",
              "/scorecard/oldham", "/public", f"/public/area/{OLDHAM}",
              f"/public/area/{lsoa}", f"/public/area/{ward}", "/admin", "/about",
              "/oversight", "/oversight/E12000002", "/oversight/E92000001"]
    return paths


def _api_paths(c: dict) -> list[str]:
    """The read API's answers that could carry the canaries: by indicator, area, area type
    and parent, as JSON and CSV, judgements, the catalogue, targets and quality."""
    lsoa, ward = c["lsoas"][0], c["wards"][0]
    paths = ["/api/v1/indicators?page_size=1000", "/api/v1/partnerships",
             "/api/v1/partnerships/wigan/targets", "/api/v1/partnerships/oldham/targets",
             "/api/v1/quality?page_size=1000", f"/api/v1/indicators/{PARTNER_CANARY}"]
    for indicator in (PUBLIC_CANARY, PARTNER_CANARY, SYNTHETIC):
        for query in (f"area={OLDHAM},{lsoa},{ward}", f"parent={OLDHAM}&page_size=1000",
                      "area_type=lsoa&page_size=1000", "area_type=ward&page_size=1000"):
            paths += [f"/api/v1/observations?indicator={indicator}&{query}",
                      f"/api/v1/observations?indicator={indicator}&{query}&format=csv"]
        paths += [f"/api/v1/judgements?indicator={indicator}&area={OLDHAM},{lsoa}"
                  "&latest=false&page_size=1000"]
    paths += [f"/api/v1/observations?parent={OLDHAM}&page_size=1000",
              f"/api/v1/observations?area={lsoa}&page_size=1000&format=csv"]
    return paths


def _embed_paths(indicator: str, lsoa: str) -> list[str]:
    """The embeds (callbacks/embed.py: public, framable by any site) of an indicator."""
    return [f"/embed/indicator/{indicator}?area={OLDHAM}&compare={lsoa}",
            f"/embed/indicator/{indicator}?area={lsoa}",
            f"/embed/indicator/{indicator}/ranking?area={OLDHAM}",
            f"/embed/indicator/{indicator}/ranking?area={lsoa}&period=2024-04-01",
            f"/embed/area/{OLDHAM}/theme/work-and-worklessness",
            f"/embed/area/{OLDHAM}/theme/work-and-worklessness?benchmark=region&level=99.8",
            f"/embed/area/{lsoa}/theme/work-and-worklessness",
            f"/embed/public/area/{OLDHAM}/{indicator}",
            f"/embed/public/area/{lsoa}/neighbourhoods"]


DOWNLOAD_FORMATS = ("csv", "xlsx", "csv-metadata.json")


def _download_paths(c: dict) -> list[str]:
    """Every open download (callbacks/downloads.py), in every format, asked for the
    canaries and for places whose pages show them."""
    lsoa, ward = c["lsoas"][0], c["wards"][0]
    views = []
    for indicator in (PUBLIC_CANARY, PARTNER_CANARY, SYNTHETIC):
        views += [f"indicator.{{}}?indicator={indicator}&area={OLDHAM}&compare={lsoa}",
                  f"indicator.{{}}?indicator={indicator}&area={lsoa}&period=2024-04-01",
                  f"compare.{{}}?areas={OLDHAM},{ward},{lsoa}&indicators={indicator}",
                  f"map.{{}}?indicator={indicator}&level=lad",
                  f"map.{{}}?indicator={indicator}&level=ctyua&benchmark=region",
                  f"neighbourhoods.{{}}?area={OLDHAM}&measure={indicator}",
                  f"neighbourhoods.{{}}?area={OLDHAM}&measure={indicator}&geography=ward"]
    for code in (OLDHAM, lsoa, ward):
        views += [f"area-profile.{{}}?area={code}",
                  f"area-profile.{{}}?area={code}&benchmark=neighbours&level=99.8",
                  f"area-profile.{{}}?area={code}&theme=work+and+worklessness",
                  f"public-area-headlines.{{}}?area={code}",
                  f"public-area-trend.{{}}?area={code}&indicator=claimant-count",
                  f"public-area-neighbourhoods.{{}}?area={code}",
                  f"public-area-targets.{{}}?area={code}&partnership=oldham",
                  f"public-area-targets.{{}}?area={code}&partnership=wigan"]
    for partnership in ("wigan", "oldham"):
        views += [f"scorecard.{{}}?partnership={partnership}",
                  f"scorecard.{{}}?partnership={partnership}&status=off_track,at_risk"]
    return [f"/download/{view.format(fmt)}" for view in views for fmt in DOWNLOAD_FORMATS]


def _download_text(response) -> str:
    """A download as text to search: a workbook's every cell, other formats as sent."""
    if response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet"):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(",".join("" if v is None else str(v) for v in row)
                         for sheet in book for row in sheet.iter_rows(values_only=True))
    return response.get_data(as_text=True)


def _value_for(component_id: str, prop: str, c: dict, indicator: str, variant: int):
    """A crafted value for one callback input: ids and codes that reach restricted data."""
    name = component_id.lower()
    lsoa, ward = c["lsoas"][variant % 5], c["wards"][variant % 3]
    if prop in ("n_clicks", "n_submit"):
        return 1
    if prop == "pathname":
        return f"/indicator/{indicator}"
    if prop in ("search", "href"):
        return f"?indicator={indicator}&area={OLDHAM}&measure={indicator}&y={indicator}"
    if prop in ("selectedData", "clickData", "hoverData"):
        return {"points": [{"customdata": [lsoa], "location": lsoa, "pointIndex": 0}]}
    if prop == "selectedRows":
        return [{"area_code": lsoa}]
    if prop == "search_value":
        return "Oldham"
    if "partnership" in name:
        return "wigan"
    if "return-format" in name:
        return ["csv", "json", "xlsx"][variant % 3]
    if "indicators" in name:
        return [indicator, "claimant-count"]
    if any(k in name for k in ("indicator", "measure", "-y", "admin-key")):
        return indicator
    if "compare" in name or "areas" in name:
        return [OLDHAM, ward, lsoa]
    if "lsoa" in name or "click" in name:
        return lsoa
    if any(k in name for k in ("area", "place", "search")):
        return [OLDHAM, lsoa, ward][variant % 3]
    if "selection" in name:
        return [lsoa, c["lsoas"][1]]
    if "period" in name:
        return "2024-04-01"
    if "status" in name:
        return ["off_track", "on_track"]
    if "level" in name:
        return ["lad", "lsoa", "public"][variant % 3]
    return None


def _outputs(output: str) -> list[dict] | dict:
    if output.startswith(".."):
        parts = output.strip(".").split("...")
        return [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
    component, prop = output.rsplit(".", 1)
    return {"id": component, "property": prop}


def _crafted_requests(app, c: dict):
    for key, spec in app.callback_map.items():
        if spec.get("callback") is None or "." not in key:
            continue  # clientside callbacks run in the browser
        for indicator, variant in product((PUBLIC_CANARY, PARTNER_CANARY, SYNTHETIC), range(3)):
            def slot(item, indicator=indicator, variant=variant):
                return {"id": item["id"], "property": item["property"],
                        "value": _value_for(item["id"], item["property"], c, indicator,
                                            variant)}
            inputs = [slot(i) for i in spec["inputs"]]
            yield key, {"output": key, "outputs": _outputs(key), "inputs": inputs,
                        "state": [slot(s) for s in spec.get("state", [])],
                        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]
                        if inputs else []}


def _responses(client, app, c: dict) -> tuple[list[tuple[str, str]], int]:
    """(what was asked, the response text) for every page, callback and download."""
    texts: list[tuple[str, str]] = []
    ok = 0
    client.get("/")  # Dash registers the page router on the first request
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    for path in _page_paths(c):
        response = client.get(path)
        texts.append((f"GET {path}", response.get_data(as_text=True)))
        pathname, _, search = path.partition("?")
        body = {"output": router, "outputs": _outputs(router),
                "inputs": [{"id": "_pages_location", "property": "pathname",
                            "value": pathname},
                           {"id": "_pages_location", "property": "search",
                            "value": f"?{search}" if search else ""}],
                "state": [], "changedPropIds": ["_pages_location.pathname"]}
        response = client.post("/_dash-update-component", json=body)
        ok += response.status_code == 200
        texts.append((f"page {path}", response.get_data(as_text=True)))
    for key, body in _crafted_requests(app, c):
        response = client.post("/_dash-update-component", json=body)
        ok += response.status_code in (200, 204)
        texts.append((f"callback {key} {json.dumps(body['inputs'])[:200]}",
                      response.get_data(as_text=True)))
    for partnership, indicator, code in (("wigan", "claimant-count", "E08000010"),
                                         ("oldham", PUBLIC_CANARY, OLDHAM),
                                         ("oldham", PARTNER_CANARY, OLDHAM)):
        url = f"/targets/sparkline/{partnership}/{indicator}/{code}.svg"
        texts.append((f"GET {url}", client.get(url).get_data(as_text=True)))
    for url in _api_paths(c):
        response = client.get(url)
        ok += response.status_code == 200
        texts.append((f"GET {url}", response.get_data(as_text=True)))
    for url in ("/oversight/E12000002/returns.json", "/oversight/E92000001/returns.csv"):
        texts.append((f"GET {url}", client.get(url).get_data(as_text=True)))
    for url in _download_paths(c):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        ok += response.status_code == 200
        texts.append((f"GET {url}", _download_text(response)))
    return texts, ok


def _found(texts: list[tuple[str, str]], needles) -> list[str]:
    return [f"{needle!r} in {asked}" for needle in needles for asked, text in texts
            if needle in text]


def test_the_public_sees_nothing_restricted_and_nothing_suppressed(canary_store, tmp_path):
    app = _app(canary_store, tmp_path)
    client = app.server.test_client()
    texts, ok = _responses(client, app, canary_store)
    assert ok > 40, "most crafted requests should be answered, or the test proves nothing"
    # ids are not secret (the request itself carries them): titles and values are
    leaks = _found(texts, canary_store["partner"] + ["Leak canary partner count",
                                                     "Employment support programme starts",
                                                     "SYNTHETIC EXAMPLE", *WIGAN_MARKERS])
    assert leaks == [], "restricted data reached the public:\n" + "\n".join(leaks[:20])
    suppressed = _found(texts, canary_store["hidden"])
    assert suppressed == [], "suppressed values reached the public:\n" + \
        "\n".join(suppressed[:20])
    assert _found(texts, canary_store["shown"]), \
        "positive control: the public canary's unsuppressed values should be served"
    downloads = [(asked, text) for asked, text in texts if asked.startswith("GET /download/")]
    assert _found(downloads, canary_store["shown"]) and \
        any(".xlsx?" in asked and _found([(asked, text)], canary_store["shown"])
            for asked, text in downloads), \
        "positive control: the downloads (CSV and XLSX) serve the public canary too"
    # one label for every withheld value: nothing says which are small
    assert _found(texts, [WITHHELD_LABEL]), "withheld values should read the one label"
    assert not _found(texts, ["withheld so that small numbers cannot be worked out"])
    assert not _found(texts, ["Traceback (most recent call last)"])


def test_a_partner_of_the_right_partnership_sees_the_restricted_values(canary_store,
                                                                       tmp_path):
    app = _app(canary_store, tmp_path)
    client = app.server.test_client()
    _sign_in(client, "pat")
    texts, _ = _responses(client, app, canary_store)
    assert _found(texts, canary_store["partner"]), "the Oldham partner sees partner data"
    assert _found([(a, t) for a, t in texts if a.startswith("GET /download/")],
                  canary_store["partner"]), "and downloads it"
    assert _found(texts, ["Employment support programme starts"])
    assert _found(texts, canary_store["hidden"]), \
        "signed-in partners see the values the public has suppressed"
    assert not _found(texts, WIGAN_MARKERS), "but not another partnership's scorecard"


def test_partner_only_scorecard_downloads_are_refused_to_everyone_else(canary_store,
                                                                       tmp_path):
    app = _app(canary_store, tmp_path)
    url = "/targets/sparkline/wigan/claimant-count/E08000010.svg"
    anonymous = app.server.test_client()
    assert anonymous.get(url).status_code == 404
    oldham = app.server.test_client()
    _sign_in(oldham, "pat")
    assert oldham.get(url).status_code == 404
    Accounts(tmp_path / "accounts.sqlite").add_user("wyn", PASSWORD, "partner", ["wigan"])
    wigan = app.server.test_client()
    _sign_in(wigan, "wyn")
    response = wigan.get(url)
    assert response.status_code == 200 and response.data.startswith(b"<svg")
    assert response.headers["Cache-Control"].startswith("private")


def _api_texts(client, c: dict, token: str | None) -> tuple[list[tuple[str, str]], int]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    texts, ok = [], 0
    for url in _api_paths(c):
        response = client.get(url, headers=headers)
        ok += response.status_code == 200
        texts.append((f"GET {url}", response.get_data(as_text=True)))
    return texts, ok


@pytest.mark.parametrize("who", ["anonymous", "another partnership's token"])
def test_the_api_gives_no_restricted_or_suppressed_value_without_the_right_token(
        canary_store, tmp_path, who):
    app = _app(canary_store, tmp_path)
    accounts = Accounts(tmp_path / "accounts.sqlite")
    token = None if who == "anonymous" else \
        create_token(accounts, "wendy", "wigan's scripts").secret
    texts, ok = _api_texts(app.server.test_client(), canary_store, token)
    # the public canary's requests and the lists answer; the partner-only ones are 404s
    assert ok >= 14, "the API requests should be answered, or the test proves nothing"
    leaks = _found(texts, canary_store["partner"] + ["Leak canary partner count",
                                                     "Employment support programme starts"])
    assert leaks == [], "restricted data reached the API:\n" + "\n".join(leaks[:20])
    assert _found(texts, canary_store["hidden"]) == []
    assert _found(texts, canary_store["shown"]), "published values should be there"
    assert _found(texts, [WITHHELD_LABEL]), "withheld values should read the one label"


def test_the_right_partners_token_reads_the_restricted_values(canary_store, tmp_path):
    app = _app(canary_store, tmp_path)
    token = create_token(Accounts(tmp_path / "accounts.sqlite"), "pat", "oldham").secret
    texts, _ = _api_texts(app.server.test_client(), canary_store, token)
    assert _found(texts, canary_store["partner"]), "the Oldham partner's token reads them"
    assert _found(texts, ["Leak canary partner count"])
    assert not _found(texts, WIGAN_MARKERS), "but not another partnership's targets"
    refused = app.server.test_client().get(
        "/api/v1/indicators", headers={"Authorization": "Bearer pb_not-a-real-token"})
    assert refused.status_code == 401
    assert refused.get_json(force=True)["error"]["status"] == 401


def test_an_embed_shows_a_signed_in_partner_only_what_the_public_sees(canary_store,
                                                                      tmp_path):
    """Embeds read the public's store whoever asks: a partner's restricted values and
    the values the public has withheld never reach another site's page."""
    app = _app(canary_store, tmp_path)
    client = app.server.test_client()
    _sign_in(client, "pat")
    texts = []
    for indicator in (PUBLIC_CANARY, PARTNER_CANARY, SYNTHETIC):
        for path in _embed_paths(indicator, canary_store["lsoas"][0]):
            response = client.get(path)
            assert response.status_code in (200, 404), path
            texts.append((f"GET {path}", response.get_data(as_text=True)))
    leaks = _found(texts, canary_store["partner"] + canary_store["hidden"] + [
        "Leak canary partner count", "Employment support programme starts"])
    assert leaks == [], "an embed showed a partner what the public may not see:\n" + \
        "\n".join(leaks[:20])
    assert _found(texts, canary_store["shown"]), \
        "positive control: the public canary's published values are embedded"


def _ledger_texts(app, username: str | None) -> list[tuple[str, str]]:
    """/ledger's content and /ledger.csv as `username` (None: the public) gets them."""
    client = app.server.test_client()
    if username:
        _sign_in(client, username)
    client.get("/ledger")  # Dash registers the page router on the first request
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": router, "outputs": _outputs(router),
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/ledger"},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    page = client.post("/_dash-update-component", json=body).get_json()
    return [("page /ledger", json.dumps(page, ensure_ascii=False)),  # "/" as itself
            ("GET /ledger.csv", client.get("/ledger.csv?partnership=oldham")
             .get_data(as_text=True))]


def test_the_ledger_shows_oldhams_shared_data_to_oldhams_data_owner_alone(canary_store,
                                                                         tmp_path):
    """A partner's downloads of Oldham's shared data reach the data-sharing ledger of
    Oldham's data owner, and nobody else's: not Wigan's data owner, a partner who owns
    nothing, or the public."""
    app = _app(canary_store, tmp_path)
    accounts = Accounts(tmp_path / "accounts.sqlite")
    accounts.add_user("olga", PASSWORD, "partner", ["oldham"])
    set_duties(accounts, "olga", ["data_owner:oldham"])
    set_duties(accounts, "wendy", ["data_owner:wigan"])
    pat = app.server.test_client()
    _sign_in(pat, "pat")
    downloads = [f"/download/indicator.csv?indicator={PARTNER_CANARY}",
                 f"/download/indicator.csv?indicator={SYNTHETIC}"]
    for url in downloads:
        assert pat.get(url).status_code == 200
    marks = ["Leak canary (partner-only, test data)", "SYNTHETIC EXAMPLE", *downloads]
    owner = _ledger_texts(app, "olga")
    assert len(_found(owner, marks)) == 2 * len(marks), \
        "positive control: Oldham's data owner reads both downloads, on the page and as CSV"
    for who in (None, "wendy", "pat"):
        leaks = _found(_ledger_texts(app, who), marks)
        assert leaks == [], f"the ledger showed {who or 'the public'} Oldham's entries:\n" + \
            "\n".join(leaks)
