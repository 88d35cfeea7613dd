"""English Indices of Deprivation 2025 files, the LSOA/LAD lookups and rural-urban class."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.ingest.files import Parsed, UnreadableFile, is_code, read_text, sha256_of
from dashboard.ingest.stream import csv_header
from dashboard.methods.quality import QualityReport, check_duplicates

IOD_PERIOD = pd.Timestamp("2025-01-01")
IOD_LABEL = "IoD 2025"
IOD_DATASET = {
    "title": "English Indices of Deprivation 2025",
    "publisher": "Ministry of Housing, Communities and Local Government",
    "licence": "Open Government Licence v3.0",
    "attribution": "Contains public sector information licensed under the Open Government "
                   "Licence v3.0. Source: Ministry of Housing, Communities and Local "
                   "Government, English Indices of Deprivation 2025.",
    "source_url": "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025",
    "source_date": "30/10/2025",
}
ONS_ATTRIBUTION = ("Source: Office for National Statistics licensed under the Open "
                   "Government Licence v.3.0")

DOMAINS = {
    "IMD": ("Index of Multiple Deprivation", "overall deprivation"),
    "Income": ("Income deprivation", "income and poverty"),
    "Employment": ("Employment deprivation (worklessness)", "work and worklessness"),
    "Education": ("Education, skills and training deprivation", "skills"),
    "Health": ("Health deprivation and disability", "health"),
    "Crime": ("Crime", "community safety"),
    "Housing_and_Services": ("Barriers to housing and services", "housing"),
    "Environment": ("Living environment deprivation", "environment"),
}
# Definitions of the two domain scores that are rates (MHCLG IoD 2025 technical report).
RATE_DEFINITIONS = {
    "Income": "Proportion of the population experiencing deprivation relating to low income",
    "Employment": "Proportion of the working-age population involuntarily excluded from the "
                  "labour market (the worklessness rate)",
}
NUMERATOR_FOR = {"Income": "income_domain_numerator",
                 "Employment": "employment_domain_numerator"}


def detect(header: list[str]) -> str | None:
    cols = set(header)
    if {"LSOA21CD", "IMD_score", "Employment_score"} <= cols:
        return "iod_lsoa_scores"
    if {"LSOA21CD", "employment_domain_numerator"} <= cols:
        return "iod_lsoa_indicators"
    if {"LAD24CD", "imd_average_rank"} <= cols:
        return "iod_lad_summaries"
    if {"LSOA21CD", "WD24CD", "LAD24CD"} <= cols:
        return "lsoa_lookup"
    if {"LSOA21CD", "RUC21CD"} <= cols:
        return "ruc"
    if {"LAD24CD", "CTYUA24CD", "RGN24CD"} <= cols:
        return "lad_lookup"
    return None


def _read(path: Path) -> pd.DataFrame:
    """The file as text columns with its line numbers; a file pandas cannot parse (ragged
    rows, a quote never closed) is UnreadableFile with pandas' words, not a traceback."""
    from io import StringIO
    try:
        frame = pd.read_csv(StringIO(read_text(path)), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise UnreadableFile(f"{path}: not a readable CSV file "
                             f"({str(exc).strip().splitlines()[-1]})") from None
    frame.insert(0, "line", range(2, len(frame) + 2))
    return frame


def _begin(path: Path, kind: str, code_column: str) -> tuple[pd.DataFrame, Parsed]:
    """The file's rows with a valid GSS code, once each, in `code_column` (the others are
    errors in the report), and its Parsed bundle begun: kind, checksum and report."""
    frame = _read(path)
    report = QualityReport(str(path), rows_read=len(frame))
    parsed = Parsed(str(path), kind, sha256_of(path), report)
    return _check_codes(report, frame, code_column), parsed


def _iod_dataset(path: Path) -> dict:
    """The IoD 2025 dataset's row, as loaded from this file."""
    return {"dataset_id": "iod2025", **IOD_DATASET, "file": path.name}


def _check_codes(report: QualityReport, frame: pd.DataFrame, column: str) -> pd.DataFrame:
    valid = frame[column].map(is_code)
    for _, row in frame[~valid].iterrows():
        report.error("invalid_code", "not a valid GSS code; expected a letter E, W, S, N or K "
                     "followed by 8 digits", line=int(row["line"]), column=column,
                     value=row[column])
    check_duplicates(report, frame[valid], [column], column)
    return frame[valid]


def _numeric(report: QualityReport, frame: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(frame[column].str.strip().replace("", None), errors="coerce")
    bad = values.isna() & frame[column].str.strip().ne("")
    for _, row in frame[bad].iterrows():
        report.error("non_numeric", "expected a number or blank", line=int(row["line"]),
                     column=column, value=row[column])
    return values


def _long(frame: pd.DataFrame, code_column: str, specs: list[tuple[str, str, str | None]],
          report: QualityReport) -> pd.DataFrame:
    """Columns -> observation rows. specs: (column, indicator_id, numerator column)."""
    parts = []
    for column, indicator_id, numerator_column in specs:
        values = _numeric(report, frame, column)
        numerator = (_numeric(report, frame, numerator_column)
                     if numerator_column else pd.Series(float("nan"), index=frame.index))
        parts.append(pd.DataFrame({
            "line": frame["line"], "indicator_id": indicator_id,
            "area_code": frame[code_column], "period_start": IOD_PERIOD,
            "period_duration": "", "period_label": IOD_LABEL, "value": values,
            "lci": float("nan"), "uci": float("nan"), "numerator": numerator,
            "denominator": float("nan"),
            "status": values.isna().map({True: "x", False: None}), "note": None,
        }))
    return pd.concat(parts, ignore_index=True)


def _indicator(indicator_id: str, title: str, definition: str, theme: str, value_type: str,
               polarity: str, decimals: int | None, unit: str | None = None) -> dict:
    return {
        "indicator_id": indicator_id, "dataset_id": "iod2025", "title": title,
        "definition": definition, "long_description": None, "unit": unit,
        "measure": value_type.capitalize(), "prefix": None,
        "suffix": "%" if unit == "%" else None, "decimals": decimals, "polarity": polarity,
        "theme": theme, "value_type": value_type, "source_org": IOD_DATASET["publisher"],
        "source_url": IOD_DATASET["source_url"], "source_date": IOD_DATASET["source_date"],
        "licence": IOD_DATASET["licence"], "attribution": IOD_DATASET["attribution"],
        "caveats": "IoD 2025 is not directly comparable with IoD 2019: LSOA geography and "
                   "methods changed. Use ranks and deciles for comparisons. Counts of "
                   "deprived people are rounded to multiples of 5 by MHCLG.",
        "experimental": False,
    }


def domain_indicator_id(domain: str, kind: str) -> str:
    """('Employment', 'score') -> 'iod-employment-score'"""
    return f"iod-{domain.lower().replace('_', '-')}-{kind}"


def parse_lsoa_scores(path: Path) -> Parsed:
    frame, parsed = _begin(path, "iod_lsoa_scores", "LSOA21CD")
    specs, indicators = [], []
    for domain, (title, theme) in DOMAINS.items():
        is_rate = domain in RATE_DEFINITIONS
        score_id = domain_indicator_id(domain, "score")
        specs.append((f"{domain}_score", score_id, None))
        indicators.append(_indicator(
            score_id, f"{title}: {'rate' if is_rate else 'score'} (IoD 2025)",
            RATE_DEFINITIONS.get(domain, f"IoD 2025 {title.lower()} domain score; higher "
                                 "means more deprived"), theme,
            "proportion" if is_rate else "score", "lower_is_better", 3))
        for kind, label, decimals in (("rank", "national rank (1 = most deprived)", 0),
                                      ("decile", "national decile (1 = most deprived 10%)", 0)):
            iid = domain_indicator_id(domain, kind)
            specs.append((f"{domain}_{kind}", iid, None))
            indicators.append(_indicator(iid, f"{title}: {label} (IoD 2025)",
                                         f"Rank of each LSOA's {title.lower()} among all "
                                         "33,755 LSOAs in England" if kind == "rank" else
                                         f"Decile of each LSOA's {title.lower()} nationally",
                                         theme, kind, "higher_is_better", decimals))
    observations = _long(frame, "LSOA21CD", specs, parsed.report)
    parsed.observations = observations
    parsed.indicators = indicators
    parsed.datasets = [_iod_dataset(path)]
    parsed.areas = pd.DataFrame({"area_code": frame["LSOA21CD"], "area_name": frame["LSOA21NM"],
                                 "geography": "Lower layer super output area", "note": None})
    return parsed


INDICATOR_TITLES = {
    "income_domain_numerator": ("Income-deprived people (count)", "income and poverty", "count"),
    "employment_domain_numerator": ("Employment-deprived people (count)",
                                    "work and worklessness", "count"),
}


def parse_lsoa_indicators(path: Path) -> Parsed:
    frame, parsed = _begin(path, "iod_lsoa_indicators", "LSOA21CD")
    specs, indicators = [], []
    for column in [c for c in frame.columns if c not in ("line", "LSOA21CD")]:
        iid = "iod-" + column.replace("_", "-")
        title, theme, value_type = INDICATOR_TITLES.get(
            column, (column.replace("_", " ").capitalize(), "underlying indicators", "score"))
        specs.append((column, iid, None))
        polarity = "lower_is_better" if column.endswith("numerator") else "no_judgement"
        indicators.append(_indicator(iid, f"{title} (IoD 2025)",
                                     f"IoD 2025 underlying indicator '{column}' (File 8)",
                                     theme, value_type, polarity, 3 if value_type != "count"
                                     else 0))
    observations = _long(frame, "LSOA21CD", specs, parsed.report)
    # Suppressed counts are blank in the source; mark them as suppressed, not missing.
    observations.loc[observations["value"].isna(), "note"] = "suppressed by the publisher"
    parsed.observations = observations
    parsed.indicators = indicators
    parsed.datasets = [_iod_dataset(path)]
    return parsed


def parse_lad_summaries(path: Path) -> Parsed:
    frame, parsed = _begin(path, "iod_lad_summaries", "LAD24CD")
    specs, indicators = [], []
    for column in [c for c in frame.columns if c not in ("line", "LAD24CD", "LAD24NM")]:
        iid = "iod-lad-" + column.replace("_", "-")
        is_rank = "rank_of" in column or column.startswith("rank")
        polarity = "higher_is_better" if ("rank" in column) else "lower_is_better"
        specs.append((column, iid, None))
        indicators.append(_indicator(iid, column.replace("_", " ").replace("lso as", "LSOAs")
                                     .capitalize() + " (IoD 2025, local authority summary)",
                                     f"IoD 2025 File 10 local authority summary measure "
                                     f"'{column}'", "overall deprivation",
                                     "rank" if is_rank else "score", polarity,
                                     0 if is_rank else 3))
    parsed.observations = _long(frame, "LAD24CD", specs, parsed.report)
    parsed.indicators = indicators
    parsed.datasets = [_iod_dataset(path)]
    return parsed


def parse_lsoa_lookup(path: Path) -> Parsed:
    frame, parsed = _begin(path, "lsoa_lookup", "LSOA21CD")
    source = "ONS LSOA (2021) to Electoral Ward (2024) to LAD (2024) best-fit lookup"
    lsoas = frame[["LSOA21CD", "LSOA21NM"]].set_axis(["area_code", "area_name"], axis=1)
    wards = (frame[["WD24CD", "WD24NM"]].drop_duplicates("WD24CD")
             .set_axis(["area_code", "area_name"], axis=1))
    parsed.areas = pd.concat([lsoas.assign(geography="Lower layer super output area"),
                              wards.assign(geography="Electoral ward")], ignore_index=True)
    parsed.areas["note"] = None
    links = [
        frame[["LSOA21CD", "WD24CD"]].set_axis(["child_code", "parent_code"], axis=1)
        .assign(parent_type="ward"),
        frame[["LSOA21CD", "LAD24CD"]].set_axis(["child_code", "parent_code"], axis=1)
        .assign(parent_type="lad"),
        frame[["WD24CD", "LAD24CD"]].drop_duplicates("WD24CD")
        .set_axis(["child_code", "parent_code"], axis=1).assign(parent_type="lad"),
    ]
    region = frame[frame["RGN24CD"].ne("")]
    links.append(region[["LSOA21CD", "RGN24CD"]].set_axis(["child_code", "parent_code"], axis=1)
                 .assign(parent_type="region"))
    parsed.area_links = pd.concat(links, ignore_index=True).assign(source=source)
    return parsed


def parse_ruc(path: Path) -> Parsed:
    frame, parsed = _begin(path, "ruc", "LSOA21CD")
    parsed.lsoa_attributes = frame[["LSOA21CD", "RUC21CD", "RUC21NM", "urban_rural"]].set_axis(
        ["lsoa_code", "ruc_code", "ruc_name", "urban_rural"], axis=1)
    parsed.datasets = [{"dataset_id": "ruc2021", "title": "Rural Urban Classification (2021) "
                        "of LSOAs", "publisher": "Office for National Statistics",
                        "licence": "Open Government Licence v3.0",
                        "attribution": ONS_ATTRIBUTION, "source_url": None,
                        "source_date": None, "file": path.name}]
    return parsed


def parse_lad_lookup(path: Path) -> Parsed:
    frame, parsed = _begin(path, "lad_lookup", "LAD24CD")
    source = "ONS LAD (2024) to CTYUA to region to country lookup"
    areas = [frame[[f"{p}CD", f"{p}NM"]].set_axis(["area_code", "area_name"], axis=1)
             for p in ("LAD24", "CTYUA24", "RGN24", "CTRY24")]
    all_areas = pd.concat(areas).query("area_code != ''").drop_duplicates("area_code")
    parsed.areas = all_areas.assign(geography=None, note=None)
    links = []
    upper = frame[frame["CTYUA24CD"] != frame["LAD24CD"]]
    links.append(upper[["LAD24CD", "CTYUA24CD"]].set_axis(["child_code", "parent_code"], axis=1)
                 .assign(parent_type="county"))
    with_region = frame[frame["RGN24CD"] != ""]
    links.append(with_region[["LAD24CD", "RGN24CD"]]
                 .set_axis(["child_code", "parent_code"], axis=1).assign(parent_type="region"))
    counties = upper.drop_duplicates("CTYUA24CD")
    counties = counties[counties["RGN24CD"] != ""]
    links.append(counties[["CTYUA24CD", "RGN24CD"]]
                 .set_axis(["child_code", "parent_code"], axis=1).assign(parent_type="region"))
    no_region = frame[frame["RGN24CD"] == ""]
    links.append(no_region[["LAD24CD", "CTRY24CD"]]
                 .set_axis(["child_code", "parent_code"], axis=1).assign(parent_type="nation"))
    regions = with_region.drop_duplicates("RGN24CD")
    links.append(regions[["RGN24CD", "CTRY24CD"]]
                 .set_axis(["child_code", "parent_code"], axis=1).assign(parent_type="nation"))
    parsed.area_links = pd.concat(links, ignore_index=True).assign(source=source)
    return parsed


PARSERS = {
    "iod_lsoa_scores": parse_lsoa_scores,
    "iod_lsoa_indicators": parse_lsoa_indicators,
    "iod_lad_summaries": parse_lad_summaries,
    "lsoa_lookup": parse_lsoa_lookup,
    "ruc": parse_ruc,
    "lad_lookup": parse_lad_lookup,
}


def parse(path: Path) -> Parsed | None:
    """The IoD/lookup file this header belongs to, parsed; None for other files. A file
    whose header matches but lacks a column its parser needs gets an error, not a
    KeyError."""
    kind = detect(csv_header(path))
    if not kind:
        return None
    try:
        return PARSERS[kind](path)
    except KeyError as exc:
        report = QualityReport(str(path))
        report.error("missing_columns", f"the header looks like a {kind.replace('_', ' ')} "
                     "file, but column(s) it needs are missing: "
                     f"{str(exc.args[0]).removesuffix(' not in index')}", line=1)
        return Parsed(str(path), kind, "", report)
