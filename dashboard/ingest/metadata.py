"""Indicator files' metadata: the reviewed polarity/theme mapping (data/
indicator_metadata.csv), the JSON beside a CSV (`sidecar`: ONS's published shapes, or a
tidy file's dataset and indicator blocks) checked field by field, so a wrong type is an
error naming the file and field, never an exception; and the indicator and dataset
records made from them, with their access level and disclosure rule."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from dashboard.ingest.files import UnreadableFile, base_name, read_text, slug
from dashboard.methods.quality import QualityReport

OGL = "Open Government Licence v3.0"


def load_reviewed_metadata(data_dir: Path) -> dict[str, dict]:
    """The reviewed polarity/theme mapping shipped in data/indicator_metadata.csv."""
    path = data_dir / "indicator_metadata.csv"
    if not path.exists():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {row["indicator_id"]: row for row in frame.to_dict("records")}


def read_json(json_path: Path) -> object:
    """A metadata JSON document; UnreadableFile (naming the file, and the line and column
    where one applies) when it is empty, not UTF-8 or not JSON at all."""
    text = read_text(json_path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"{json_path}, line {exc.lineno}, column {exc.colno}: "
                             f"metadata is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise UnreadableFile(f"{json_path}: metadata is nested too deeply to be "
                             "metadata") from None


def _kind(value: object) -> str:
    """A JSON value's kind in words, for messages."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "null" if value is None else "text"


def _whole(value: object, smallest: int, largest: int | None) -> int | None:
    """A whole number within bounds (JSON 2, 2.0 or "2"), or None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not number.is_integer() or number < smallest or (largest is not None
                                                         and number > largest):
        return None
    return int(number)


# Field -> "text", or (smallest, largest) for a whole number
ONS_FIELDS: dict[str, object] = {
    **{k: "text" for k in ("label", "subtitle", "longDescription", "caveats", "sourceOrg",
                           "sourceURL", "sourceDate", "prefix", "suffix",
                           "experimentalStatistic", "_note")},
    "decimalPlaces": (0, 10)}
TIDY_FIELDS: dict[str, object] = {
    **{k: "text" for k in ("title", "definition", "unit", "measure", "polarity", "theme",
                           "source", "licence", "attribution", "caveats", "value_type",
                           "access", "suppression_words")},
    "decimals": (0, 10), "min_count": (1, None), "rounding_base": (1, None)}
TIDY_SHARED = ("access", "min_count", "rounding_base", "suppression_words", "source",
               "licence", "attribution", "dataset_title")


def check_fields(report: QualityReport, json_path: Path, where: str, block: dict,
                 spec: dict[str, object], warn_unknown: bool = False) -> dict:
    """The block without fields of the wrong type, each reported as an error naming the
    metadata file and the field, so nothing downstream meets 'two' where a number goes."""
    clean = {}
    for key, value in block.items():
        kind = spec.get(key)
        if kind is None:
            if warn_unknown:
                report.warning("bad_metadata", f"{where}: unknown field {key!r} is ignored; "
                               f"expected {', '.join(spec)}", column=key,
                               file=str(json_path))
            clean[key] = value
        elif value is None:
            clean[key] = None
        elif kind == "text" and not isinstance(value, str):
            report.error("bad_metadata", f"{where}: {key} must be text, not {_kind(value)}",
                         column=key, value=json.dumps(value)[:80], file=str(json_path))
        elif isinstance(kind, tuple) and _whole(value, *kind) is None:
            smallest, largest = kind
            bounds = f"from {smallest} to {largest}" if largest is not None \
                else f"of at least {smallest}"
            report.error("bad_metadata", f"{where}: {key} must be a whole number {bounds}",
                         column=key, value=value, file=str(json_path))
        else:
            clean[key] = _whole(value, *kind) if isinstance(kind, tuple) else value
    return clean


def _not_an_object(report: QualityReport, json_path: Path, where: str, value: object,
                   what: str) -> bool:
    """True (after an error naming the file) when a metadata block is not an object."""
    if isinstance(value, dict):
        return False
    report.error("bad_metadata", f"{where} must be a JSON object ({{...}}) {what}, not "
                 f"{_kind(value)}", column=None if where == "the metadata" else where,
                 value=json.dumps(value)[:80], file=str(json_path))
    return True


def _sidecar_object(csv_path: Path, report: QualityReport,
                    what: str) -> tuple[Path, dict] | None:
    """The CSV's metadata JSON and its document; None when there is none, or (after an
    error naming the file and `what` it should hold) when it is not a JSON object."""
    json_path = sidecar(csv_path)
    if not json_path.exists():
        return None
    document = read_json(json_path)
    if _not_an_object(report, json_path, "the metadata", document, what):
        return None
    return json_path, document


def ons_metadata(csv_path: Path, report: QualityReport) -> dict[str, dict]:
    """Indicator name -> metadata from the sibling JSON, handling both published shapes;
    wrong shapes and types are errors in the report, never exceptions."""
    found = _sidecar_object(csv_path, report, 'with an "ess-beta-metadata" block')
    if found is None:
        return {}
    json_path, document = found
    block = document.get("ess-beta-metadata", {})
    if _not_an_object(report, json_path, "ess-beta-metadata", block, "of metadata fields"):
        return {}
    modified = document.get("_note", "")
    modified = modified if isinstance(modified, str) else ""
    if "shared" not in block:
        return {"*": {**check_fields(report, json_path, "metadata", block, ONS_FIELDS),
                      "_note": modified}}
    shared = block["shared"]
    if _not_an_object(report, json_path, "shared", shared, "of metadata fields"):
        return {}
    shared = check_fields(report, json_path, "shared metadata", shared, ONS_FIELDS)
    return {name: {**shared, **check_fields(report, json_path, name, meta, ONS_FIELDS),
                   "_note": modified}
            for name, meta in block.items() if name != "shared" and isinstance(meta, dict)}


def ons_indicator_record(indicator_id: str, name: str, meta: dict, measure: str, unit: str,
                         dataset_id: str, reviewed: dict) -> dict:
    """One ONS indicator's record, from its JSON block and the reviewed mapping."""
    def pick(key: str) -> str | None:
        value = meta.get(key)
        return None if value in (None, "") else str(value)

    review = reviewed.get(indicator_id, {})
    source_org = (pick("sourceOrg") or "").replace("|", ", ") or None
    value_type = review.get("value_type") or ("percentage" if unit == "%" else None)
    decimals = meta.get("decimalPlaces")
    return {
        "indicator_id": indicator_id,
        "dataset_id": dataset_id,
        "title": pick("label") or name,
        "definition": pick("subtitle"),
        "long_description": pick("longDescription"),
        "unit": review.get("unit") or unit or None,
        "measure": "Ratio" if review.get("unit") == "ratio" else (measure or None),
        "prefix": pick("prefix"),
        "suffix": "" if review.get("unit") == "ratio" else pick("suffix"),
        "decimals": int(decimals) if decimals not in (None, "") else None,
        "polarity": review.get("polarity") or "no_judgement",
        "theme": review.get("theme") or None,
        "value_type": value_type,
        "source_org": source_org,
        "source_url": pick("sourceURL"),
        "source_date": pick("sourceDate"),
        "licence": OGL,
        "attribution": f"Source: {source_org or 'Office for National Statistics'} "
                       "licensed under the Open Government Licence v3.0",
        "caveats": pick("caveats"),
        "experimental": pick("experimentalStatistic") == "T",
        **disclosure_metadata(review),
    }


def disclosure_metadata(meta: dict) -> dict:
    """Access level and disclosure rule from a metadata record (reviewed CSV row or tidy
    JSON): `access`, `min_count`, `rounding_base`, `suppression_words`; blanks default."""
    return {"access_level": meta.get("access") or None,
            "min_count": _whole(meta.get("min_count"), 1, None),
            "rounding_base": _whole(meta.get("rounding_base"), 1, None),
            "suppression_words": meta.get("suppression_words") or None}


def check_disclosure_metadata(report: QualityReport, name: str, meta: dict,
                              file: str | None = None) -> None:
    """Errors for an access level that cannot be applied (whole numbers are checked by
    check_fields, which drops bad ones)."""
    from dashboard.security.access import AccessError, AccessLevel

    try:
        AccessLevel.parse(meta.get("access") or None)
    except AccessError as exc:
        report.error("bad_metadata", f"{name}: {exc}", column="access",
                     value=str(meta.get("access")), file=file)


def tidy_metadata(csv_path: Path, report: QualityReport,
                  indicator_ids: set[str]) -> dict[str, dict]:
    """'*' (the dataset's shared fields) and indicator id -> metadata from the optional
    sibling JSON; every wrong shape or type is an error naming the JSON file and field."""
    found = _sidecar_object(csv_path, report, 'with "indicators" and dataset fields')
    if found is None:
        return {}
    json_path, document = found
    spec = {**{k: TIDY_FIELDS.get(k, "text") for k in TIDY_SHARED}, "indicators": "object"}
    top = check_fields(report, json_path, "metadata", document, spec, warn_unknown=True)
    shared = {k: top[k] for k in TIDY_SHARED if k in top}
    check_disclosure_metadata(report, "metadata", shared, str(json_path))
    blocks = top.get("indicators", {})
    if _not_an_object(report, json_path, "indicators", blocks,
                      "of indicator name -> metadata"):
        return {"*": shared}
    # The top-level access is the dataset's: its indicators follow it (an indicator is
    # seen only where both its own and its dataset's levels allow), so an admin who
    # changes the dataset's level changes what its indicators show. An indicator block
    # may still narrow its own access.
    inherited = {k: v for k, v in shared.items() if k != "access"}
    out = {"*": shared}
    for name, block in blocks.items():
        where = f"indicator {name!r}"
        if _not_an_object(report, json_path, where, block, "of its metadata"):
            continue
        block = check_fields(report, json_path, where, block, TIDY_FIELDS, warn_unknown=True)
        check_disclosure_metadata(report, where, block, str(json_path))
        if slug(name) not in indicator_ids:
            report.warning("bad_metadata", f"{where} matches no indicator in "
                           f"{csv_path.name}; its metadata is not used", column="indicators",
                           value=name, file=str(json_path))
        out[slug(name)] = {**inherited, **block}
    return out


def tidy_indicator_record(report: QualityReport, iid: str, name: str,
                          metadata: dict[str, dict], reviewed: dict[str, dict],
                          dataset_id: str) -> dict:
    """One tidy-file indicator's record, from its JSON block (or the shared fields)."""
    meta = metadata.get(iid, metadata.get("*", {}))
    review = reviewed.get(iid, {})
    polarity = meta.get("polarity") or review.get("polarity") or "no_judgement"
    if polarity not in ("higher_is_better", "lower_is_better", "no_judgement"):
        report.error("bad_metadata", f"indicator {name!r}: polarity must be "
                     "higher_is_better, lower_is_better or no_judgement", column="polarity",
                     value=polarity, file=str(sidecar(Path(report.file))))
        polarity = "no_judgement"
    return {
        "indicator_id": iid, "dataset_id": dataset_id,
        "title": meta.get("title") or name, "definition": meta.get("definition"),
        "unit": meta.get("unit"), "measure": meta.get("measure"),
        "decimals": meta.get("decimals"), "polarity": polarity,
        "theme": meta.get("theme") or review.get("theme") or None,
        "value_type": meta.get("value_type"), "source_org": meta.get("source"),
        "licence": meta.get("licence"), "attribution": meta.get("attribution"),
        "caveats": meta.get("caveats"), "prefix": None,
        "suffix": "%" if meta.get("unit") == "%" else None, "experimental": False,
        **disclosure_metadata(meta),
    }


def sidecar(path: Path) -> Path:
    """The metadata JSON of a CSV file: <name>.json beside it."""
    return path.parent / f"{base_name(path)}.json"


def dataset_record(path: Path, dataset_id: str, indicators: list[dict],
                    shared: dict) -> dict:
    """The dataset row: a tidy file's shared fields, else its indicators' provenance."""
    publisher = next((i["source_org"] for i in indicators if i.get("source_org")), None)
    return {
        "dataset_id": dataset_id,
        "access_level": shared.get("access") or None,
        "title": shared.get("dataset_title") or ", ".join(i["title"] for i in indicators),
        "publisher": publisher,
        "licence": indicators[0].get("licence"),
        "attribution": indicators[0].get("attribution"),
        "source_url": indicators[0].get("source_url"),
        "source_date": indicators[0].get("source_date"),
        "file": path.name,
    }
