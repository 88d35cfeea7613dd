"""Open downloads (GET /download/<view>.csv|.xlsx|.csv-metadata.json) against the real
store: each page's download holds the numbers and words the page's own rows hold (both
made from the store fixture, as the public sees it), the three formats agree, the CSV
points to its metadata, unknown views answer 404, and every download is audited."""

from __future__ import annotations

import csv
import io
import json
import math

import openpyxl
import pytest

from dashboard.security.access import PUBLIC
from dashboard.security.accounts import Accounts
from dashboard.server.app import create_app
from dashboard.views import area_profile, public_charts, public_headlines
from layouts import area as area_page
from layouts import compare as compare_page
from layouts import map as map_page
from layouts import neighbourhoods as nb_page
from layouts import public_area
from layouts import scorecard as scorecard_page

OLDHAM, ENGLAND = "E08000004", "E92000001"


@pytest.fixture()
def client(settings, store):
    return create_app(settings, store=store).server.test_client()


@pytest.fixture()
def public(store):
    return store.for_viewer(PUBLIC)


def get_csv(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def number(text: str) -> float | None:
    return float(text) if text != "" else None


def cell(value: object) -> object:
    """A CSV or workbook cell to compare: numbers as numbers (the workbook reads 4.0 as
    4), blanks as None."""
    if value is None or value == "":
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except ValueError:
        return value


def same(a: float | None, b: float | None) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def test_the_area_profile_download_is_the_profile(client, public):
    area = public.area(OLDHAM)
    rows = area_page.profile_rows(public, area, "region", "99.8")
    groups = area_profile.group_by_theme(rows)
    shown = [row for _, theme_rows in groups for row in theme_rows]
    csv_rows = get_csv(client, f"/download/area-profile.csv?area={OLDHAM}&benchmark=region"
                               "&level=99.8")
    assert [r["Indicator id"] for r in csv_rows] == [r["indicator_id"] for r in shown]
    for page, download in zip(shown, csv_rows, strict=True):
        assert same(page["value"], number(download["Value"]))
        assert download["Value as shown"] == page["value_text"]
        assert download["North West value as shown"] == page["region_text"]
        assert download["England value as shown"] == page["england_text"]
        assert download["Compared with North West (99.8%)"] == page["comparison_word"]
        assert download["Why (comparison)"] == page["explanation"]
    theme = get_csv(client, f"/download/area-profile.csv?area={OLDHAM}"
                            "&theme=work+and+worklessness")
    assert theme and {r["Theme"] for r in theme} == {"Work and worklessness"}


def test_the_indicator_download_is_the_button_s_csv(settings, store, client):
    """The open download of the indicator page's data holds exactly what its button's
    CSV (callbacks/indicator.py) holds."""
    from callbacks.indicator import csv_download

    with create_app(settings, store=store).server.test_request_context():
        button = csv_download("employment-rate", "E08000010", ["E12000002"], "2023")
    response = client.get("/download/indicator.csv?indicator=employment-rate"
                          "&area=E08000010&compare=E12000002&period=2023")
    assert response.status_code == 200
    opened = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    sent = list(csv.reader(io.StringIO(button["content"])))
    assert opened[0] == sent[0]
    assert [[cell(v) for v in row] for row in opened[1:]] == \
        [[cell(v) for v in row] for row in sent[1:]]
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="indicator_employment-rate_E08000010_2023.csv"'


def test_the_compare_download_is_the_matrix(client, public):
    query = f"areas={OLDHAM},E08000010,E06000063&indicators=claimant-count,employment-rate"
    selection = compare_page.resolve(public, f"{OLDHAM},E08000010,E06000063",
                                     "claimant-count,employment-rate")
    latest, rows, columns, _ = compare_page.matrix_data(public, selection)
    csv_rows = get_csv(client, f"/download/compare.csv?{query}")
    assert len(csv_rows) == (len(rows) + 1) * len(columns)  # England's row first
    assert {r["Area code"] for r in csv_rows[:len(columns)]} == {ENGLAND}
    cells = {(r["Area code"], r["Indicator id"]): r for r in csv_rows}
    for record in rows:
        for column in columns:
            cell = record["cells"][column["indicator_id"]]
            download = cells[(record["area_code"], column["indicator_id"])]
            assert same(cell.get("value"), number(download["Value"]))
            assert download["Value as shown"] == cell["value_text"]
            assert download["Compared with England (95%)"] == cell["word"]
    england = {r["indicator_id"]: r for r in latest if r["area_code"] == ENGLAND}
    for indicator_id, row in england.items():
        assert same(row["value"], number(cells[(ENGLAND, indicator_id)]["Value"]))


def test_the_map_download_is_the_table_of_the_mapped_data(client, public):
    view = map_page.la_map_view(public, "claimant-count", None, "lad", "england",
                                "quantiles", "region", "99.8", with_rows=True)
    csv_rows = get_csv(client, "/download/map.csv?indicator=claimant-count&level=lad"
                               "&benchmark=region&confidence=99.8")
    assert [r["Area code"] for r in csv_rows] == [row[0] for row in view["rows"]]
    mapped = dict(zip(view["codes"], view["payload"]["values"], strict=True))
    for download, row in zip(csv_rows, view["rows"], strict=True):
        assert same(row[2], number(download["Value"]))
        assert same(mapped[row[0]], number(download["Value"]))  # what the map draws
        assert download["Value as shown"] == row[3]
        assert download["Compared with Region (99.8%)"] == (row[4] or "Not compared")


def test_the_neighbourhoods_download_has_every_row_of_the_table(client, public):
    view = nb_page.neighbourhood_view(public, OLDHAM, "iod-employment-score", "lsoa",
                                      "quantiles", with_table=True)
    csv_rows = get_csv(client, f"/download/neighbourhoods.csv?area={OLDHAM}"
                               "&measure=iod-employment-score")
    assert len(csv_rows) == len(view["codes"])
    values = dict(zip(view["codes"], view["payload"]["values"], strict=True))
    for download in csv_rows:
        mapped = values[download["LSOA code"]]  # the map draws proportions
        assert same(None if mapped is None else round(mapped * 100, 10),
                    number(download["Value"]))
    table = view["table"].children["props"]["children"]  # the page's own table
    body = table[2]["props"]["children"]
    assert [row["props"]["children"][1]["props"]["children"] for row in body] == \
        [r["LSOA code"] for r in csv_rows][:len(body)]
    wards = get_csv(client, f"/download/neighbourhoods.csv?area={OLDHAM}&geography=ward")
    assert wards and all(int(r["LSOAs"]) > 0 for r in wards)


def test_the_scorecard_download_is_the_grid_as_filtered(client, public):
    card = public.scorecard_records("oldham")
    shown = [r for r in card if r["status"] in ("off_track", "at_risk")]
    grid = sorted(scorecard_page.grid_rows(shown, "oldham"), key=lambda r: r["status_rank"])
    csv_rows = get_csv(client, "/download/scorecard.csv?partnership=oldham"
                               "&status=off_track,at_risk")
    assert len(csv_rows) == len(grid) > 0
    for page, download in zip(grid, csv_rows, strict=True):
        assert download["Indicator id"] == page["indicator_id"]
        assert download["Latest"] == page["latest"] and download["Target"] == page["target"]
        assert download["Status"] == page["status_label"]
        assert download["Illustrative example"] == "yes"  # the shipped targets are examples
    by_id = {r["indicator_id"]: r for r in shown}
    for download in csv_rows:
        assert same(by_id[download["Indicator id"]]["latest_value"],
                    number(download["Latest value"]))


def test_the_residents_downloads_are_the_page_s_figures(client, public):
    area = public_area.page_area(public, OLDHAM)
    _metas, values, records = public_area.page_values(public, area)
    shown = [r for r in records if r["state"] != "missing"]
    csv_rows = get_csv(client, f"/download/public-area-headlines.csv?area={OLDHAM}")
    ordered = [r for _, group in public_headlines.by_theme(shown) for r in group]
    assert [r["Indicator id"] for r in csv_rows] == [r["indicator_id"] for r in ordered]
    for page, download in zip(ordered, csv_rows, strict=True):
        assert download["Value as shown"] == page["value_text"]
        assert download["In words"] == page["sentence"]
    series = public_charts.series_rows(values, "claimant-count", (OLDHAM, ENGLAND))
    trend = get_csv(client, f"/download/public-area-trend.csv?area={OLDHAM}"
                            "&indicator=claimant-count")
    assert len(trend) == len(series)
    by_key = {(r["area_code"], str(r["period_label"])): r for r in series}
    for download in trend:
        assert same(by_key[(download["Area code"], download["Period"])]["value"],
                    number(download["Value"]))
    counts = public.area_deciles(OLDHAM, "iod-employment-decile")
    deciles = get_csv(client, f"/download/public-area-neighbourhoods.csv?area={OLDHAM}")
    assert [(int(r["Tenth of England (1 = most deprived)"]),
             int(r["Neighbourhoods (LSOAs)"])) for r in deciles] == \
        [(c["decile"], c["neighbourhoods"]) for c in counts]
    targets = get_csv(client, f"/download/public-area-targets.csv?area={OLDHAM}"
                              "&partnership=oldham")
    assert len(targets) == len(public.public_scorecard("oldham")) > 0


def test_the_three_formats_agree_and_the_csv_points_to_its_metadata(client):
    path = f"/download/compare.{{}}?areas={OLDHAM},E08000010&indicators=claimant-count"
    response = client.get(path.format("csv"))
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    link = response.headers["Link"]
    assert 'rel="describedby"' in link and "/download/compare.csv-metadata.json?" in link
    metadata = client.get(path.format("csv-metadata.json"))
    assert metadata.headers["Content-Type"].startswith("application/csvm+json")
    document = json.loads(metadata.get_data(as_text=True))
    assert document["url"] == "http://localhost" + path.format("csv")
    assert [c["titles"] for c in document["tableSchema"]["columns"]] == rows[0]
    assert document["tableSchema"]["primaryKey"] == ["area_code", "indicator_id"]
    workbook = client.get(path.format("xlsx"))
    assert workbook.headers["Content-Disposition"] == \
        'attachment; filename="compare_2-areas_1-indicators.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(workbook.data))
    data = [[cell(v) for v in row] for row in book["data"].iter_rows(values_only=True)]
    assert data == [[cell(v) for v in row] for row in rows]
    about = [row for row in book["about"].iter_rows(values_only=True) if row and row[0]]
    assert ("View", f"http://localhost/compare?areas={OLDHAM},E08000010"
                    "&indicators=claimant-count") in about


@pytest.mark.parametrize("path", [
    "/download/nothing.csv", "/download/area-profile.pdf", "/download/area-profile.csv",
    "/download/area-profile.csv?area=E99999999", "/download/area-profile.csv?area=E01005350",
    f"/download/area-profile.csv?area={OLDHAM}&theme=no-such-theme",
    "/download/map.csv?indicator=no-such-indicator",
    "/download/indicator.csv?indicator=no-such-indicator", "/download/indicator.csv",
    "/download/neighbourhoods.csv?area=W06000001",
    "/download/scorecard.csv?partnership=no-such-partnership",
    "/download/scorecard.csv?partnership=wigan",  # partners only: as if it did not exist
    "/download/public-area-trend.csv?area=E08000004&indicator=no-such-indicator",
    "/download/public-area-headlines.csv?area=nonsense",
])
def test_a_download_of_nothing_answers_404(client, path):
    assert client.get(path).status_code == 404


def test_downloads_are_audited_and_kept_out_of_shared_caches(client, settings):
    response = client.get(f"/download/public-area-trend.xlsx?area={OLDHAM}"
                          "&indicator=claimant-count")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")
    log = Accounts(settings.accounts_path).audit_log(action="export")
    assert "download_public-area-trend" in set(log["target"])


def test_a_download_says_how_its_data_fared_in_the_quality_checks(client):
    """The line the pages show beside the source travels with the data: in the workbook's
    'about' sheet and the CSVW metadata."""
    import io
    import json

    import openpyxl

    url = "/download/area-profile.{}?area=E08000004&theme=work+and+worklessness"
    metadata = json.loads(client.get(url.format("csv-metadata.json")).data)
    [quality] = [c for c in metadata["rdfs:comment"] if c.startswith("Quality checks")]
    assert "error" in quality and "warning" in quality
    book = openpyxl.load_workbook(io.BytesIO(client.get(url.format("xlsx")).data))
    notes = [row[1] for row in book["about"].iter_rows(values_only=True) if row[0] == "Note"]
    assert quality in notes
