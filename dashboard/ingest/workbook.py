"""Excel workbooks (.xlsx) of indicator data: the ONS or the tidy layout on one sheet.

The sheet is read with openpyxl (read-only, with the values Excel saved for formulas),
written to a temporary CSV and read by the CSV reader (dashboard.ingest.observations), so
a workbook gets exactly the checks and findings a CSV with the same header gets. The
findings are then put back where the person sees them: the workbook, the sheet, the
sheet's row number and the column's header. Cells become the text a person reads in
them: numbers as Excel keeps them (15 significant digits; 7, not 7.0), dates as ISO 8601
dates, blanks as blanks; blank rows are skipped and the header is the first row that is
not blank.

What cannot be read raises UnreadableFile saying what to do: an old .xls; a file that is
not a workbook, is damaged or is protected with a password; several sheets and none named
"data"; a formula whose result was never saved; a sheet beyond Excel's own limits; a
workbook that unpacks to more than MAX_UNPACKED_BYTES (a zip bomb).
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import warnings
import zipfile
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter

# openpyxl's own sheet parser, extended below: its public reader cannot tell a formula
# without a saved result from a blank cell (see _SheetParser).
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from dashboard.ingest.files import FIELD_LIMIT, Parsed, UnreadableFile, base_name, sha256_of
from dashboard.ingest.metadata import load_reviewed_metadata, sidecar
from dashboard.ingest.observations import file_identity, parse_indicator_file
from dashboard.ingest.stream import line_breaks
from dashboard.methods.quality import WARNING, EndedArea, Finding, QualityReport

WORKBOOK_SUFFIXES = (".xlsx",)
OLD_SUFFIXES = (".xls",)
MAX_ROWS = 1_048_576            # an Excel sheet's own limits: a larger sheet is not
MAX_COLUMNS = 16_384            # one Excel wrote, and a larger table belongs in a CSV
MAX_UNPACKED_BYTES = 1 << 30    # the workbook's parts unpacked (a 1M-row sheet: ~400 MB)
MAX_RATIO = 100                 # unpacked / packed for a part over 1 MB (sheets: ~10)
SIGNIFICANT_DIGITS = 15         # what Excel keeps of a number, and shows
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"      # Excel 97-2003 files, encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = "save it from Excel as an Excel Workbook (.xlsx) or as CSV UTF-8"


def is_workbook(path: Path) -> bool:
    """Whether the loader should hand the file to parse_workbook (.xlsx, or an .xls to
    refuse with a message of its own)."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES + OLD_SUFFIXES


def parse_workbook(path: Path, data_dir: Path, known_areas: set[str] | None = None,
                   ended: Mapping[str, EndedArea] | None = None) -> Parsed:
    """Read and validate an indicator workbook as the CSV of its sheet would be."""
    if path.suffix.lower() in OLD_SUFFIXES:
        raise UnreadableFile(f"{path}: this is the old Excel 97-2003 format (.xls), which "
                             f"Placeboard does not read; {_SAVE_AS}")
    check_container(path)
    reviewed = load_reviewed_metadata(data_dir)
    with tempfile.TemporaryDirectory(prefix="placeboard-xlsx-") as folder:
        target = Path(folder) / f"{base_name(path)}.csv"
        copy = read_sheet(path, target)
        if sidecar(path).exists():  # the workbook's metadata, where the reader looks
            shutil.copyfile(sidecar(path), sidecar(target))
        try:
            if _is_indicator_header(copy.header):
                parsed = parse_indicator_file(target, reviewed, known_areas, ended)
            else:
                parsed = _unknown_layout(target, copy.header)
        except UnreadableFile as exc:  # its metadata JSON: named where it really is
            raise UnreadableFile(str(exc).replace(str(sidecar(target)), str(sidecar(path)))
                                 .replace(str(target), str(path))) from None
        return _as_workbook(parsed, path, target, copy, reviewed)


def _is_indicator_header(header: list[str]) -> bool:
    """The loader's test for an indicator CSV (loader._parse)."""
    return "areacd" in header or bool({"indicator", "area_code"} & set(header))


def _unknown_layout(target: Path, header: list[str]) -> Parsed:
    report = QualityReport(str(target), rows_read=0)
    report.error("missing_columns", "unrecognised layout; expected an ONS indicator sheet "
                 "(areacd, areanm, geography, indicator, period, observation, ...) or a "
                 "tidy sheet (indicator, area_code, period, value, ...)", line=1,
                 value=",".join(header)[:120])
    return Parsed(str(target), "unknown", "", report)


def _as_workbook(parsed: Parsed, path: Path, target: Path, copy: SheetCopy,
                 reviewed: dict[str, dict]) -> Parsed:
    """The temporary CSV's findings and records as the workbook's: its name, its sheet and
    row numbers, its metadata file; its identity is the workbook's bytes (and metadata)."""
    temporary, metadata = str(target), str(sidecar(target))

    def moved(finding: Finding) -> Finding:
        if finding.file == metadata:
            return replace(finding, file=str(sidecar(path)))
        if finding.file != temporary:
            return finding
        line = None if finding.line is None else copy.row_of(finding.line)
        message = copy.rows_named(finding.message) if finding.rule == "duplicate_key" \
            else finding.message
        return replace(finding, file=str(path), line=line, sheet=copy.name, message=message)

    report = parsed.report
    report.file = str(path)
    report.findings = [moved(f) for f in report.findings]
    if parsed.format != "unknown":
        report.findings.extend(copy.percent_findings(str(path)))
    if parsed.observations is not None:  # each record's line: its sheet row, too
        parsed.observations["line"] = parsed.observations["line"].map(copy.row_of)
    parsed.file = str(path)
    parsed.format = parsed.format.replace("_csv", "_xlsx")
    for dataset in parsed.datasets:
        dataset["file"] = path.name
    parsed.sha256 = file_identity(path, reviewed, [i["indicator_id"] for i in
                                                   parsed.indicators]) \
        if parsed.indicators else sha256_of(path)
    return parsed


# -- the container -------------------------------------------------------------------------

def check_container(path: Path) -> None:
    """Refuse, with what to do, a file that is not a readable .xlsx, before openpyxl
    opens it: not a zip archive (a CSV named .xlsx), an .xls, a password-protected
    workbook, a damaged archive, or one that unpacks to too much (a zip bomb)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    if not head:
        raise UnreadableFile(f"{path}: the file is empty")
    if head.startswith(_OLE):
        if _holds(path, _ENCRYPTED):
            raise UnreadableFile(f"{path}: the workbook is protected with a password, so "
                                 "it cannot be read; save a copy without the password "
                                 "(in Excel: File, Info, Protect Workbook, Encrypt with "
                                 "Password) and load that")
        raise UnreadableFile(f"{path}: this is an old-format Excel 97-2003 file (.xls) "
                             f"named .xlsx; {_SAVE_AS}")
    if not head.startswith(b"PK"):
        raise UnreadableFile(f"{path}: not an Excel workbook: an .xlsx file is a zip "
                             "archive and this one is not (if it is a CSV file, name it "
                             ".csv)")
    _check_archive(path)


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(f"{path}: the workbook is damaged or cut short ({exc}); copy "
                             "or download it again, or open it in Excel and save it "
                             "again") from None
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise UnreadableFile(f"{path}: a zip archive, but not an Excel workbook (it has no "
                             f"[Content_Types].xml); {_SAVE_AS}")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(f"{path}: the workbook unpacks to {unpacked:,} bytes, more than "
                             f"the {MAX_UNPACKED_BYTES:,} a workbook may; save the data as "
                             "CSV UTF-8 (a CSV may be any size)")
    for member in members:
        if member.file_size > 1 << 20 and \
                member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UnreadableFile(f"{path}: part {member.filename} of the workbook unpacks "
                                 f"to {member.file_size // max(member.compress_size, 1):,} "
                                 "times its packed size, which no spreadsheet does (a zip "
                                 "bomb?); it is not read")


def _holds(path: Path, needle: bytes) -> bool:
    """Whether the file's bytes contain `needle`, read a block at a time."""
    tail = b""
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            if needle in tail + block:
                return True
            tail = block[-len(needle):]
    return False


# -- the sheet ----------------------------------------------------------------------------

def read_sheet(path: Path, target: Path) -> SheetCopy:
    """The workbook's data sheet written to `target` as CSV; what was written where."""
    try:
        with warnings.catch_warnings():  # openpyxl warns of features it ignores
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged archive or XML: any of openpyxl's errors
        raise UnreadableFile(f"{path}: cannot be read as an Excel workbook "
                             f"({type(exc).__name__}: {str(exc)[:200]}); open it in Excel "
                             f"and save it again, or {_SAVE_AS}") from exc
    try:
        sheet = _data_sheet(path, workbook)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _copy_sheet(path, workbook, sheet, target)
    except UnreadableFile:
        raise
    except Exception as exc:  # a damaged sheet: any of openpyxl's errors
        raise UnreadableFile(f"{path}: the sheet cannot be read ({type(exc).__name__}: "
                             f"{str(exc)[:200]}); open the workbook in Excel and save it "
                             f"again, or {_SAVE_AS}") from exc
    finally:
        workbook.close()


def _data_sheet(path: Path, workbook: openpyxl.Workbook):
    """The only worksheet, or the one named "data" (any case)."""
    sheets = workbook.worksheets
    if len(sheets) == 1:
        return sheets[0]
    named = [sheet for sheet in sheets if sheet.title.strip().lower() == "data"]
    if named:
        return named[0]
    if not sheets:
        raise UnreadableFile(f"{path}: the workbook has no worksheets")
    names = ", ".join(repr(sheet.title) for sheet in sheets)
    raise UnreadableFile(f"{path}: the workbook has {len(sheets)} sheets ({names}) and "
                         "none is named \"data\": name the sheet to load \"data\", or "
                         "save it as a workbook of its own")


class _BeyondSheet(Exception):
    """A cell beyond an Excel sheet's last column."""


class _SheetParser(WorkSheetParser):
    """openpyxl's parser of a sheet's XML (read-only, saved values), also noting each
    formula cell with no saved result. openpyxl gives such a cell as blank, as it does a
    formula whose saved result is empty text; only the XML tells them apart: Excel saves
    =IF(A2="","",A2) as text (t="str") with an empty <v></v>, while a program that does
    not work formulas out (openpyxl, pandas) saves an empty or no <v> on a cell of no
    text type. The first is a blank; the second, a value nobody knows."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.unsaved: list[str] = []

    def parse_cell(self, element):  # openpyxl's signature, untyped
        cell = super().parse_cell(element)
        if cell["column"] > MAX_COLUMNS:
            raise _BeyondSheet(f"a cell of row {cell['row']:,} is beyond column "
                               f"{MAX_COLUMNS:,}, the last an Excel sheet has")
        if element.find(FORMULA_TAG) is not None and not element.findtext(VALUE_TAG) \
                and element.get("t") != "str":
            self.unsaved.append(f"{get_column_letter(cell['column'])}{cell['row']}")
        return cell


def _copy_sheet(path: Path, workbook: openpyxl.Workbook, sheet, target: Path) -> SheetCopy:
    """Each row that is not blank as a CSV record, the header's width (longer where
    cells beyond the header are filled, as a CSV row with too many fields)."""
    copy, formats = SheetCopy(sheet.title), _NumberFormats(sheet)
    with sheet._get_source() as source, \
            open(target, "w", encoding="utf-8", newline="") as out:
        parser = _SheetParser(source, sheet._shared_strings, data_only=True,
                              epoch=workbook.epoch, date_formats=workbook._date_formats,
                              timedelta_formats=workbook._timedelta_formats)
        plain = csv.writer(out, lineterminator="\n")
        # csv does not quote a bare carriage return, which its reader splits lines on
        quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        try:
            for number, cells in parser.parse():
                if number > MAX_ROWS:
                    raise _BeyondSheet(f"row {number:,} is beyond row {MAX_ROWS:,}, the "
                                       "last an Excel sheet has")
                fields = copy.fields(path, number, cells, formats)
                if fields:
                    (quoted if any("\r" in f for f in fields) else plain).writerow(fields)
        except _BeyondSheet as exc:
            raise UnreadableFile(f"{path}, sheet {sheet.title}: {exc}; save the data as "
                                 "CSV UTF-8") from None
    if parser.unsaved:
        raise _unsaved_formulas(path, sheet.title, parser.unsaved)
    if not copy.header:
        raise UnreadableFile(f"{path}, sheet {sheet.title}: the sheet is empty")
    return copy


def _unsaved_formulas(path: Path, sheet: str, cells: list[str]) -> UnreadableFile:
    quoted = sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet) \
        else "'" + sheet.replace("'", "''") + "'"
    more = f"; {len(cells):,} formula cells are like it ({', '.join(cells[:5])}" \
           f"{', ...' if len(cells) > 5 else ''})" if len(cells) > 1 else ""
    return UnreadableFile(
        f"{path}, sheet {sheet}, cell {cells[0]} ({quoted}!{cells[0]}): the cell holds a "
        f"formula whose result was never saved, so its value is unknown{more}. The "
        "workbook was written by a program that does not work formulas out: open it in "
        "Excel or LibreOffice and save it again, or paste the cells as values")


class _NumberFormats:
    """Each cell style's number format ('General', '0.0%', 'mmm-yy'), looked up once."""

    def __init__(self, sheet) -> None:
        self.sheet, self.known = sheet, {0: "General"}

    def __getitem__(self, style_id: int) -> str:
        if style_id not in self.known:  # a few styles in a sheet, so a few lookups
            self.known[style_id] = ReadOnlyCell(self.sheet, 1, 1, None, "n",
                                                style_id).number_format or "General"
        return self.known[style_id]


@dataclass
class SheetCopy:
    """What was written of a sheet: its name and header, the sheet row each CSV line
    came from (rows[line]), and its number cells shown as percentages, by column."""

    name: str
    header: list[str] = field(default_factory=list)
    rows: array = field(default_factory=lambda: array("q", [0]))
    percents: dict[int, tuple[int, str, int]] = field(default_factory=dict)

    def row_of(self, line: int) -> int:
        """The sheet row of a CSV line (past the last record: counted on from it)."""
        if 0 < line < len(self.rows):
            return self.rows[line]
        return self.rows[-1] + line - (len(self.rows) - 1)

    def rows_named(self, message: str) -> str:
        """A message's CSV line numbers ("duplicate of line 3 ... on lines 3 and 5") as
        the sheet's rows ("duplicate of row 4 ... on rows 4 and 6")."""
        def rows(match: re.Match) -> str:
            numbers = [str(self.row_of(int(n))) for n in match.group(2).split(" and ")]
            return f"row{match.group(1)} {' and '.join(numbers)}"

        return re.sub(r"\bline(s?) (\d+(?: and \d+)*)\b", rows, message)

    def fields(self, path: Path, row: int, cells: list[dict], formats: _NumberFormats
               ) -> list[str]:
        """A row's cells as CSV fields, remembered against its sheet row; [] if blank."""
        texts = {}
        for cell in cells:
            if cell["value"] is None:
                continue
            number_format = formats[cell["style_id"]]
            text = cell_text(cell["value"], number_format)
            if text != "":
                texts[cell["column"]] = text
                if len(text) > FIELD_LIMIT or "%" in number_format:
                    self._check(path, row, cell, text, number_format)
        if not texts:
            return []
        fields = [texts.get(i, "") for i in range(1, max(texts) + 1)]
        if not self.header:
            self.header = [name.strip() for name in fields]
        fields += [""] * (len(self.header) - len(fields))
        lines = 1 + sum(line_breaks(text) for text in texts.values())
        self.rows.extend([row] * lines)
        return fields

    def _check(self, path: Path, row: int, cell: dict, text: str, number_format: str
               ) -> None:
        """A cell too long for the CSV reader; a number shown as a percentage."""
        if len(text) > FIELD_LIMIT:
            raise UnreadableFile(f"{path}, sheet {self.name}, cell "
                                 f"{get_column_letter(cell['column'])}{row}: the cell holds "
                                 f"{len(text):,} characters, more than the {FIELD_LIMIT:,} "
                                 "a field may")
        if self.header and _is_number(cell["value"]) and _shows_percent(number_format):
            first = self.percents.get(cell["column"], (row, text, 0))
            self.percents[cell["column"]] = (first[0], first[1], first[2] + 1)

    def percent_findings(self, file: str) -> list[Finding]:
        """A warning for each column with numbers shown as percentages: 12.3% is the
        number 0.123, and the number is what loads."""
        found = []
        for column, (row, text, count) in sorted(self.percents.items()):
            if column > len(self.header):
                continue
            found.append(Finding(
                WARNING, "percent_cell", file, row, self.header[column - 1], text,
                f"the cell shows {_percent(text)} but holds the number {text}, and the "
                f"number is what loads ({count:,} cell(s) of this column are shown as "
                "percentages); if the indicator is a percentage, type the percentage "
                "itself (12.3, not 12.3%)", sheet=self.name))
        return found


# -- cells --------------------------------------------------------------------------------

def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as CSV text: numbers as Excel keeps them (15 significant digits,
    whole numbers without '.0'), dates as ISO 8601 (a date shown without its day, like
    'Apr-24', as its month, 2024-04, and one shown as a year as the year), true/false as
    TRUE/FALSE, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        if value.time() != time(0):
            return value.isoformat()
        return _date_text(value.date(), number_format)
    if isinstance(value, date):
        return _date_text(value, number_format)
    if isinstance(value, time):
        return value.isoformat()
    return str(value)  # text, a duration, an error such as #N/A


def number_text(value: float) -> str:
    """12.3 for the 12.300000000000001 a calculation saves, 7 for 7.0: Excel keeps and
    shows 15 significant digits, so the digits past them are noise, not data."""
    return format(value, f".{SIGNIFICANT_DIGITS}g")


def _format_codes(number_format: str) -> str:
    """The format's codes without literal text ("..."), escapes (\\x) and [...] parts."""
    return re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format).lower()


def _date_text(day: date, number_format: str) -> str:
    codes = _format_codes(number_format)
    if "d" not in codes and day.day == 1:
        if "m" in codes:
            return f"{day.year:04d}-{day.month:02d}"
        if "y" in codes and day.month == 1:
            return f"{day.year:04d}"
    return day.isoformat()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shows_percent(number_format: str) -> bool:
    return "%" in _format_codes(number_format)


def _percent(text: str) -> str:
    return f"{number_text(float(text) * 100)}%"
