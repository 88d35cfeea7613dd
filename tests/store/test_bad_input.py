"""Hostile or careless input files: each gets a clear message naming the file (and the
line, column and value where one applies), the exit code the README documents (0 ok,
1 errors found, 2 unreadable or bad usage), never a traceback, and a refused load leaves
the store byte for byte as it was.

Every file is generated here in tmp_path. Successful loads skip the derived-table
refresh (`cli.data.load_steps` patched to nothing): what is tested is the loader's decision,
and the refresh after a load is tested in test_ingest.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dashboard import cli
from dashboard.common.config import DATA_DIR, Settings
from dashboard.views import area_profile, explore

HEADER = "indicator,area_code,area_name,period,value,numerator,denominator,status,note\n"
OK_ROW = "Widgets,E08000004,Oldham,2024,12.5,,,,\n"
ONS_SOURCE = DATA_DIR / "ons" / "claimant-count" / "claimant-count.csv"


def tidy(*rows: str) -> str:
    return HEADER + "".join(rows)


@dataclass(frozen=True)
class Case:
    """One bad input: its files (name -> content), the exit code, and what the output must
    say. `named` is the file the message must name (default: the first)."""

    files: dict[str, str | bytes]
    code: int
    says: tuple[str, ...]
    named: str | None = None


def _ons_head(lines: int) -> bytes:
    return b"\r\n".join(ONS_SOURCE.read_bytes().split(b"\r\n")[:lines]) + b"\r\n"


def _truncated_gzip() -> bytes:
    whole = gzip.compress(tidy(*[OK_ROW.replace("2024", str(y)) for y in range(2000, 2024)])
                          .encode())
    return whole[: len(whole) // 2]


HUGE = "x" * 10_000_000
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
TIDY_JSON = "bad-meta.json"

CASES: dict[str, Case] = {
    # -- not readable at all: exit 2 ---------------------------------------------------
    "empty": Case({"empty.csv": b""}, 2, ("empty",)),
    "blank_lines": Case({"blank.csv": b"\r\n\r\n  \r\n"}, 2, ("empty",)),
    "bom_only": Case({"bom.csv": b"\xef\xbb\xbf"}, 2, ("empty",)),
    "utf16": Case({"utf16.csv": tidy(OK_ROW).encode("utf-16")}, 2, ("UTF-16", "UTF-8")),
    "latin1": Case({"latin1.csv": tidy(OK_ROW, "Widgets,E08000010,Wigan £,2024,3.5,,,,\n")
                    .encode("latin-1")}, 2, ("line 3", "column", "UTF-8", "Latin-1")),
    "binary_png": Case({"picture.csv": PNG}, 2, ("binary",)),
    "binary_garbage": Case({"garbage.csv": b"\xff\xfe\x00\x81garbage"}, 2, ("UTF-16",)),
    "gzip_truncated": Case({"cut.csv.gz": _truncated_gzip()}, 2, ("cut short",)),
    "gzip_fake": Case({"fake.csv.gz": tidy(OK_ROW).encode()}, 2, ("gzip",)),
    "unclosed_quote": Case({"quote.csv": tidy(OK_ROW, 'Widgets,E08000010,"Wigan,2024,3\n')},
                           2, ("line 3", "quote")),
    "huge_field": Case({"huge.csv": tidy(OK_ROW, f"Widgets,E08000010,Wigan,2024,3,,,,{HUGE}\n")},
                       2, ("line 3", "131,072")),
    "huge_header": Case({"huge-header.csv": f"indicator,{HUGE}\nWidgets,1\n"}, 2,
                        ("line 1", "131,072")),
    "nul_bytes": Case({"nul.csv": tidy(OK_ROW).encode() + b"Widgets,E08\x00000010,,2024,1,,,,\n"},
                      2, ("binary",)),
    "wrong_extension": Case({"notes.txt": tidy(OK_ROW)}, 2, ("unsupported file type",)),
    "iod_shaped_but_ragged": Case({"ruc.csv": "LSOA21CD,RUC21CD,RUC21NM,urban_rural\n"
                                   "E01000001,UN1,Urban,Urban\nE01000002,UN1,Urban,Urban,x,y\n"},
                                  2, ("ruc.csv", "line 3")),
    "iod_shaped_missing_columns": Case({"ruc.csv": "LSOA21CD,RUC21CD\nE01000001,UN1\n"}, 1,
                                       ("ruc.csv", "RUC21NM", "urban_rural")),
    # -- read, but with errors: exit 1 -------------------------------------------------
    "header_only": Case({"header.csv": HEADER}, 1, ("no data rows",)),
    "truncated_last_line": Case({"truncated.csv": tidy(OK_ROW, "Widgets,E0800001")}, 1,
                                ("line 3", "2 fields", "cut short")),
    "truncated_ons": Case({"claimant-count.csv": _ons_head(40)[:-30]}, 1,
                          ("line 40", "fields")),
    "missing_columns": Case({"missing.csv": "indicator,area_code,value\nWidgets,E08000004,1\n"},
                            1, ("period",)),
    "duplicate_headers": Case({"dupes.csv": "indicator,area_code,period,value,value\n"
                               "Widgets,E08000004,2024,1,2\n"}, 1,
                              ("line 1", "value", "columns 4 and 5")),
    "extra_fields": Case({"extra.csv": tidy(OK_ROW, "Widgets,E08000010,Wigan,2024,3,,,,,,\n")},
                         1, ("line 3", "11 fields")),
    "fullwidth_code": Case({"fullwidth.csv": tidy(OK_ROW, "Widgets,E\uff108000010,Wigan,2024,1,,,,\n")},
                           1, ("line 3", "column area_code", "E\uff108000010", "ASCII")),
    "fullwidth_period": Case({"fw-period.csv": tidy("Widgets,E08000004,,\uff12\uff10\uff12\uff14,1,,,,\n")},
                             1, ("line 2", "column period")),
    "fullwidth_value": Case({"fw-value.csv": tidy("Widgets,E08000004,,2024,\uff11\uff12,,,,\n")},
                            1, ("line 2", "column value")),
    "not_finite": Case({"inf.csv": tidy("Widgets,E08000004,,2024,inf,,,,\n")}, 1,
                       ("line 2", "column value", "'inf'")),
    "negative_numerator": Case({"negative.csv": tidy("Widgets,E08000004,,2024,12.5,-3,100,,\n")},
                               1, ("line 2", "column numerator", "'-3'", "negative")),
    "negative_denominator": Case({"negative-d.csv": tidy("Widgets,E08000004,,2024,1,1,-100,,\n")},
                                 1, ("line 2", "column denominator", "negative")),
    "negative_count_value": Case({
        "starts.csv": tidy("Starts,E08000004,,2024,-7,,,,\n"),
        "starts.json": json.dumps({"indicators": {"Starts": {"value_type": "count",
                                                             "unit": "people"}}})},
        1, ("line 2", "column value", "'-7'", "negative")),
    "markup_in_value": Case({"markup.csv": tidy("Widgets,E08000004,,2024,:x: [red]boom[/red],,,,\n")},
                            1, (":x:", "[red]boom[/red]")),
    "markup_in_file_name": Case({"odd [red]name :x:.csv": tidy("Widgets,E0800,,2024,1,,,,\n")},
                                1, ("odd [red]name :x:.csv",)),
    # -- the metadata sidecar ------------------------------------------------------------
    "meta_top_level_array": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: "[1, 2]"}, 1,
                                 ("JSON object", "a list"), named=TIDY_JSON),
    "meta_decimals_text": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: json.dumps(
        {"indicators": {"Widgets": {"decimals": "two"}}})}, 1,
        ("decimals", "'two'", "whole number"), named=TIDY_JSON),
    "meta_indicators_list": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: json.dumps(
        {"indicators": ["Widgets"]})}, 1, ("indicators",), named=TIDY_JSON),
    "meta_block_not_object": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: json.dumps(
        {"indicators": {"Widgets": "per cent"}})}, 1, ("Widgets", "JSON object"),
        named=TIDY_JSON),
    "meta_polarity_number": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: json.dumps(
        {"indicators": {"Widgets": {"polarity": 3}}})}, 1, ("polarity",), named=TIDY_JSON),
    "meta_title_object": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: json.dumps(
        {"indicators": {"Widgets": {"title": {"en": "Widgets"}}}})}, 1, ("title", "text"),
        named=TIDY_JSON),
    "meta_min_count_text": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: json.dumps(
        {"min_count": "lots"})}, 1, ("min_count", "'lots'"), named=TIDY_JSON),
    "meta_not_utf8": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: json.dumps(
        {"source": "Wigan £"}, ensure_ascii=False).encode("latin-1")}, 2,
        ("line 1", "column", "UTF-8"), named=TIDY_JSON),
    "meta_syntax_error": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: '{\n  "indicators": {,\n'},
                              2, ("line 2", "column", "not valid JSON"), named=TIDY_JSON),
    "meta_empty": Case({"bad-meta.csv": tidy(OK_ROW), TIDY_JSON: ""}, 2, ("empty",),
                       named=TIDY_JSON),
    "ons_meta_decimal_places_text": Case({
        "claimant-count.csv": _ons_head(5),
        "claimant-count.json": json.dumps({"ess-beta-metadata": {"label": "Claimant Count",
                                                                 "decimalPlaces": "two"}})},
        1, ("decimalPlaces", "'two'"), named="claimant-count.json"),
    "ons_meta_array": Case({"claimant-count.csv": _ons_head(5), "claimant-count.json": "[]"},
                           1, ("JSON object",), named="claimant-count.json"),
    "ons_meta_block_list": Case({"claimant-count.csv": _ons_head(5),
                                 "claimant-count.json": '{"ess-beta-metadata": [1]}'},
                                1, ("ess-beta-metadata",), named="claimant-count.json"),
}


def write_case(case: Case, folder: Path) -> tuple[Path, Path]:
    """The files of a case in their own folder: (the file to check, the file to name)."""
    folder.mkdir()
    for name, content in case.files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    first = folder / next(iter(case.files))
    return first, folder / (case.named or first.name)


def store_state(path: Path) -> tuple[dict[str, int], str]:
    """Row counts of every table and the file's checksum."""
    return table_counts(path), hashlib.sha256(path.read_bytes()).hexdigest()


def table_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def file_identity(path: Path) -> tuple[int, int, int]:
    """What any write to the file, or a new file swapped in, changes."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@pytest.fixture(scope="module")
def shared_store(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """One copy for the refused loads, which must never change it: each case compares its
    row counts and the file's identity; its checksum is compared once, when the module's
    cases are done (a byte changed anyway fails the module)."""
    target = tmp_path_factory.mktemp("bad-input") / "store.duckdb"
    shutil.copy(built_store_path, target)
    checksum = hashlib.sha256(target.read_bytes()).hexdigest()
    yield target
    assert hashlib.sha256(target.read_bytes()).hexdigest() == checksum, \
        "a refused load changed the store's bytes"


@pytest.fixture()
def store_copy(built_store_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.duckdb"
    shutil.copy(built_store_path, target)
    return target


@pytest.fixture()
def no_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.data, "load_steps", list)


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gets_a_clear_message_the_right_code_and_changes_nothing(
        name: str, tmp_path: Path, shared_store: Path, capsys: pytest.CaptureFixture) -> None:
    case = CASES[name]
    path, named = write_case(case, tmp_path / name)
    before = table_counts(shared_store), file_identity(shared_store)

    code, out = run(capsys, "check", str(path), "--store", str(shared_store))
    assert code == case.code, out
    assert "Traceback" not in out
    assert str(named) in out, out
    for words in case.says:
        assert words in out, f"{words!r} not in {out}"
    assert "\u274c" not in out  # ':x:' is printed as typed, never as an emoji

    code, out = run(capsys, "load", str(path), "--store", str(shared_store))
    assert code == case.code, out
    assert "Traceback" not in out and str(named) in out
    assert "store is unchanged" in out
    assert (table_counts(shared_store), file_identity(shared_store)) == before


def test_json_report_names_the_metadata_file_and_field(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    path, named = write_case(CASES["meta_decimals_text"], tmp_path / "json")
    code, out = run(capsys, "check", "--json", str(path), "--store", "/nonexistent.duckdb")
    assert code == 1
    findings = [f for g in json.loads(out)["files"][0]["groups"] for f in g["findings"]]
    bad = next(f for f in findings if f["column"] == "decimals")
    assert bad["file"] == str(named) and bad["value"] == "two"


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """The console script itself, not just cli.main: a broken metadata file and a binary
    file give messages and exit codes, never Python's traceback."""
    import subprocess
    import sys

    path, _ = write_case(CASES["meta_top_level_array"], tmp_path / "array")
    binary, _ = write_case(CASES["binary_png"], tmp_path / "binary")
    for target, expected in ((path, 1), (binary, 2)):
        done = subprocess.run([sys.executable, "-m", "dashboard.cli", "check", str(target),
                               "--store", "/nonexistent.duckdb"], capture_output=True, check=False,
                              text=True, timeout=120)
        assert done.returncode == expected
        assert "Traceback" not in done.stdout + done.stderr


# -- warnings: the file loads, and check says what to look at ------------------------------

def test_far_future_periods_are_warned_about(tmp_path: Path, capsys) -> None:
    path = tmp_path / "future.csv"
    path.write_text(tidy(OK_ROW, "Widgets,E08000004,Oldham,2999,13.5,,,,\n"))
    code, out = run(capsys, "check", str(path), "--store", "/nonexistent.duckdb")
    assert code == 0
    assert "line 3, column period: value '2999'" in out and "future" in out


def test_small_counts_are_warned_about_in_check(tmp_path: Path, capsys) -> None:
    path = tmp_path / "starts.csv"
    path.write_text(tidy("Starts,E08000004,,2023,3,,,,\n", "Starts,E08000004,,2024,0,,,,\n",
                         "Starts,E08000010,,2024,40,,,,\n", "Rate,E08000004,,2024,1.5,2,130,,\n"))
    (tmp_path / "starts.json").write_text(json.dumps({"indicators": {
        "Starts": {"value_type": "count", "unit": "people"}, "Rate": {"unit": "%"}}}))
    code, out = run(capsys, "check", str(path), "--store", "/nonexistent.duckdb")
    assert code == 0, out
    assert "line 2, column value: value '3'" in out
    assert "line 5, column numerator: value '2'" in out
    assert "withheld from the public" in out
    assert "value '0'" not in out and "value '40'" not in out  # zeros and big counts pass


def test_a_missing_latest_area_names_the_tidy_column(tmp_path: Path, capsys) -> None:
    path = tmp_path / "latest.csv"
    path.write_text(tidy(OK_ROW.replace("2024", "2023"), "Widgets,E08000010,,2023,1,,,,\n",
                         OK_ROW))
    code, out = run(capsys, "check", str(path), "--store", "/nonexistent.duckdb")
    assert code == 0 and "column area_code: value 'E08000010'" in out


# -- a file must not take over another publisher's dataset --------------------------------

def takeover_file(folder: Path, name: str = "claimant-count", indicator: str = "Widgets"
                  ) -> Path:
    path = folder / f"{name}.csv"
    path.write_text(tidy(OK_ROW.replace("Widgets", indicator)))
    (folder / f"{name}.json").write_text(json.dumps({
        "access": "partners:oldham", "source": "Oldham Council",
        "dataset_title": "Our own numbers"}))
    return path


def dataset_row(store: Path, dataset_id: str) -> tuple:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT title, publisher, access_level FROM datasets "
                           "WHERE dataset_id = ?", [dataset_id]).fetchone()


def test_a_file_named_after_another_publishers_dataset_is_refused(
        tmp_path: Path, shared_store: Path, capsys) -> None:
    path = takeover_file(tmp_path)
    before = store_state(shared_store)
    for command in ("check", "load"):
        code, out = run(capsys, command, str(path), "--store", str(shared_store))
        assert code == 1, out
        assert str(path) in out and "'claimant-count'" in out
        assert "Office for National Statistics" in out and "--replace-dataset" in out
    assert store_state(shared_store) == before
    assert dataset_row(shared_store, "claimant-count") == (
        "Claimant Count", "Office for National Statistics", "public")


def test_an_indicator_of_another_dataset_is_refused(tmp_path: Path, shared_store: Path,
                                                    capsys) -> None:
    path = takeover_file(tmp_path, name="our-figures", indicator="Claimant Count")
    before = store_state(shared_store)
    code, out = run(capsys, "load", str(path), "--store", str(shared_store))
    assert code == 1, out
    assert str(path) in out and "indicator 'claimant-count'" in out
    assert "dataset 'claimant-count'" in out and "Office for National Statistics" in out
    assert store_state(shared_store) == before


def test_replace_dataset_forces_the_takeover(tmp_path: Path, store_copy: Path, capsys,
                                             no_refresh) -> None:
    path = takeover_file(tmp_path)
    code, out = run(capsys, "load", str(path), "--store", str(store_copy), "--replace-dataset")
    assert code == 0, out
    assert "replaces dataset 'claimant-count'" in out
    assert dataset_row(store_copy, "claimant-count") == (
        "Our own numbers", "Oldham Council", "partners:oldham")


# -- metadata is part of a file's identity --------------------------------------------------

def test_a_metadata_only_change_is_loaded_on_reload(tmp_path: Path, store_copy: Path,
                                                    capsys, no_refresh) -> None:
    path = tmp_path / "oldham-widgets.csv"
    path.write_text(tidy(OK_ROW))
    sidecar = tmp_path / "oldham-widgets.json"
    sidecar.write_text(json.dumps({"indicators": {"Widgets": {"title": "Widgets made"}}}))
    assert run(capsys, "load", str(path), "--store", str(store_copy))[0] == 0

    sidecar.write_text(json.dumps({"indicators": {"Widgets": {"title": "Widgets sold",
                                                              "unit": "%"}}}))
    code, out = run(capsys, "load", str(path), "--store", str(store_copy))
    assert code == 0 and "loaded as load" in out and "metadata changed" in out, out
    with duckdb.connect(str(store_copy), read_only=True) as con:
        assert con.execute("SELECT title, unit FROM indicators WHERE indicator_id = 'widgets'"
                           ).fetchone() == ("Widgets sold", "%")

    code, out = run(capsys, "load", str(path), "--store", str(store_copy))
    assert code == 0 and "already loaded" in out


# -- an indicator without a theme -----------------------------------------------------------

def test_theme_helpers_cope_with_missing_themes() -> None:
    rows = [{"theme": None, "title": "b"}, {"theme": float("nan"), "title": "a"},
            {"theme": "", "title": "c"}, {"theme": "health", "title": "d"}]
    groups = area_profile.group_by_theme(rows)
    assert [theme for theme, _ in groups] == ["health", "other"]
    assert [r["title"] for r in groups[1][1]] == ["a", "b", "c"]
    for missing in (None, float("nan"), "", "other"):
        assert explore.theme_title(missing) == "Other indicators"
    assert explore.theme_title("health") == "Health"


def test_compare_page_lists_an_indicator_without_a_theme(tmp_path: Path, store_copy: Path,
                                                         capsys, no_refresh) -> None:
    from dashboard.server.app import create_app
    from dashboard.store import Store, make_cache
    from layouts import compare

    path = tmp_path / "themeless.csv"
    path.write_text(tidy(OK_ROW))
    assert run(capsys, "load", str(path), "--store", str(store_copy))[0] == 0
    settings = Settings.from_env(store_path=store_copy, data_dir=DATA_DIR,
                                 accounts_path=tmp_path / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production")
    store = Store(store_copy, make_cache())
    assert store.indicator("widgets")["theme"] is None
    app = create_app(settings, store=store)
    with app.server.test_request_context():
        page = compare.layout(areas="E08000004", indicators="widgets")
    assert "Widgets (Other indicators)" in str(page.to_plotly_json())


def test_a_store_that_is_not_a_store_is_unreadable(tmp_path: Path, capsys) -> None:
    """--store pointing at some other file: exit 2 naming it, for check and load."""
    path = tmp_path / "widgets.csv"
    path.write_text(tidy(OK_ROW))
    fake = tmp_path / "fake.duckdb"
    fake.write_text("not a database")
    for command in ("check", "load"):
        code, out = run(capsys, command, str(path), "--store", str(fake))
        assert code == 2 and str(fake) in out and "Traceback" not in out, out
    assert fake.read_text() == "not a database"


def test_the_audit_log_prints_file_names_as_typed(tmp_path: Path, shared_store: Path,
                                                  capsys) -> None:
    """A refused load is audited with the file's name; `placeboard audit` prints it
    without reading '[red]' as markup or ':x:' as an emoji."""
    path, _ = write_case(CASES["markup_in_file_name"], tmp_path / "audit")
    assert run(capsys, "load", str(path), "--store", str(shared_store))[0] == 1
    code, out = run(capsys, "audit", "--action", "load", "--limit", "1")
    assert code == 0 and "[red]" in out and ":x:" in out and "\u274c" not in out, out


def test_control_characters_from_files_are_printed_escaped(tmp_path: Path, capsys) -> None:
    """A note holding a terminal escape sequence is shown as text, never sent to the
    terminal (it could clear the screen or hide the findings)."""
    path = tmp_path / "escape.csv"
    path.write_text(tidy("Widgets,E08000004,,2024,1,,,,Obsolete code \x1b[2J\x07\n"))
    code, out = run(capsys, "check", str(path), "--store", "/nonexistent.duckdb")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "Obsolete code \\x1b[2J" in out, out
