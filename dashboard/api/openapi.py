"""The read API's OpenAPI 3.1 document (served at /api/v1/openapi.json, read by the docs
page at /api and by the schemathesis test that checks every answer against it).

The columns of each resource are listed once here (`COLUMNS`); the routes answer exactly
those fields, so the document and the answers cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from dashboard.common import attribution

TEXT, NUMBER, WHOLE, FLAG = (["string", "null"], ["number", "null"], ["integer", "null"],
                             ["boolean", "null"])
DATE = {"type": ["string", "null"], "format": "date"}

COLUMNS: dict[str, dict[str, Any]] = {
    "Observation": {
        "indicator_id": "string", "area_code": "string", "area_name": TEXT,
        "area_type": TEXT, "period_start": DATE, "period_duration": TEXT,
        "period_label": TEXT, "value": NUMBER, "lci": NUMBER, "uci": NUMBER,
        "numerator": NUMBER, "denominator": NUMBER, "status": TEXT, "note": TEXT,
        "load_id": WHOLE, "dataset_id": TEXT, "source": TEXT, "source_url": TEXT,
        "licence": TEXT},
    "Judgement": {
        "indicator_id": "string", "area_code": "string", "area_name": TEXT,
        "area_type": TEXT, "period_start": DATE, "period_duration": TEXT,
        "period_label": TEXT, "is_latest": FLAG, "value": NUMBER, "lci": NUMBER,
        "uci": NUMBER, "numerator": NUMBER, "denominator": NUMBER, "status": TEXT,
        "note": TEXT, "benchmark": TEXT, "level": NUMBER, "benchmark_code": TEXT,
        "benchmark_name": TEXT, "benchmark_value": NUMBER, "comparison": TEXT,
        "comparison_method": TEXT, "comparison_reason": TEXT, "trend": TEXT,
        "trend_method": TEXT, "trend_points": WHOLE, "trend_first_period": TEXT,
        "trend_last_period": TEXT, "trend_reason": TEXT},
    "Indicator": {
        "indicator_id": "string", "dataset_id": TEXT, "title": TEXT, "definition": TEXT,
        "theme": TEXT, "unit": TEXT, "measure": TEXT, "prefix": TEXT, "suffix": TEXT,
        "decimals": WHOLE, "polarity": TEXT, "value_type": TEXT, "source_org": TEXT,
        "source_url": TEXT, "source_date": TEXT, "licence": TEXT, "attribution": TEXT,
        "experimental": FLAG, "caveats": TEXT, "first_period": TEXT, "last_period": TEXT,
        "first_period_start": DATE, "last_period_start": DATE, "n_periods": WHOLE,
        "n_areas": WHOLE, "area_types": TEXT, "load_id": WHOLE, "quality_errors": WHOLE,
        "quality_warnings": WHOLE},
    "Area": {
        "area_code": "string", "area_name": TEXT, "area_type": TEXT,
        "valid_from": NUMBER, "valid_to": NUMBER, "replaced_by": TEXT,
        # a postcode search (q=OL8 1AA, OL8 1 or OL8): the postcode as written and how
        # many of its postcodes the area has; null otherwise
        "postcode": TEXT, "postcodes": WHOLE},
    "Partnership": {
        "partnership_id": "string", "name": TEXT, "partnership_type": TEXT,
        "area_code": TEXT, "area_name": TEXT, "members": {"type": "array",
                                                          "items": {"type": "string"}},
        "member_names": {"type": "array", "items": {"type": ["string", "null"]}},
        "n_targets": WHOLE, "illustrative": FLAG, "note": TEXT},
    "Target": {
        "partnership_id": "string", "indicator_id": "string", "area_code": "string",
        "area_name": TEXT, "title": TEXT, "theme": TEXT, "illustrative": FLAG,
        "direction": TEXT, "baseline_period_label": TEXT, "baseline_value": NUMBER,
        "target_period_label": TEXT, "target_value": NUMBER, "latest_period": TEXT,
        "latest_value": NUMBER, "status": TEXT, "status_label": TEXT, "reason": TEXT,
        "travel_words": TEXT, "vs_england_words": TEXT, "projected_at_target": NUMBER,
        "reach_label": TEXT, "projection_value": NUMBER, "projection_lower": NUMBER,
        "projection_upper": NUMBER, "projection_period": TEXT, "owner": TEXT,
        "commentary": TEXT, "action": TEXT, "due_date": TEXT, "assessed_on": DATE},
    "QualityReport": {
        "load_id": "integer", "file": TEXT, "dataset_id": TEXT, "loaded_at": TEXT,
        "rows_read": WHOLE, "rows_added": WHOLE, "rows_replaced": WHOLE,
        "rows_unchanged": WHOLE, "errors": WHOLE, "warnings": WHOLE,
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}}},
}


def columns(resource: str) -> list[str]:
    return list(COLUMNS[resource])


def _schema(fields: dict[str, Any]) -> dict:
    props = {name: kind if isinstance(kind, dict) else {"type": kind}
             for name, kind in fields.items()}
    return {"type": "object", "properties": props, "required": list(fields),
            "additionalProperties": False}


def _param(name: str, description: str, schema: dict, many: bool = False) -> dict:
    if many:
        schema = {"type": "array", "items": schema, "maxItems": 200}
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **({"style": "form", "explode": True} if many else {})}


INDICATOR = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,99}$"}
CODE = {"type": "string", "pattern": "^([EWSNK][0-9]{8}|TL[A-Z0-9]{1,4})$"}
PAGING = [_param("page", "Page number, from 1.", {"type": "integer", "minimum": 1,
                                                   "maximum": 10_000_000}),
          _param("page_size", "Rows per page (1 to 1,000; 100 unless given).",
                 {"type": "integer", "minimum": 1, "maximum": 1000})]
FORMAT = _param("format", "json (the default) or csv; or send Accept: text/csv.",
                {"type": "string", "enum": ["json", "csv"]})
ERRORS = {str(code): {"$ref": f"#/components/responses/{name}"} for code, name in (
    (400, "BadRequest"), (401, "Unauthorized"), (404, "NotFound"),
    (429, "TooManyRequests"))}


def _list(resource: str, summary: str, params: list[dict], csv: bool = True) -> dict:
    content = {"application/json": {"schema": {
        "type": "object", "required": ["data", "meta", "links"],
        "properties": {"data": {"type": "array",
                                "items": {"$ref": f"#/components/schemas/{resource}"}},
                       "meta": {"$ref": "#/components/schemas/Meta"},
                       "links": {"$ref": "#/components/schemas/Links"}}}}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    return {"get": {"summary": summary, "operationId": f"list{resource}s",
                    "parameters": params + PAGING + ([FORMAT] if csv else []),
                    "responses": {"200": {"description": summary, "content": content},
                                  "304": {"description": "Not modified (ETag)"},
                                  **ERRORS}}}


def _one(resource: str, summary: str, path_param: str, pattern: dict) -> dict:
    return {"get": {"summary": summary, "operationId": f"get{resource}",
                    "parameters": [{"name": path_param, "in": "path", "required": True,
                                    "schema": pattern}],
                    "responses": {"200": {"description": summary, "content": {
                        "application/json": {"schema": {
                            "type": "object", "required": ["data"],
                            "properties": {"data": {"$ref": f"#/components/schemas/{resource}"
                                                             + ("Detail" if resource == "Area"
                                                                else "")}}}}}},
                                  "304": {"description": "Not modified (ETag)"},
                                  **ERRORS}}}


def _paths() -> dict:
    indicator = _param("indicator", "Indicator ids (repeat, or separate with commas).",
                       INDICATOR, many=True)
    area = _param("area", "GSS area codes (repeat, or separate with commas).", CODE,
                  many=True)
    area_type = _param("area_type", "One kind of area, e.g. lad, region, lsoa.",
                       {"type": "string", "pattern": "^[a-z_0-9]{1,40}$"})
    parent = _param("parent", "Only areas within this area (e.g. a region's code).", CODE)
    dates = [_param("from", "Periods starting on or after this date (YYYY-MM-DD).",
                    {"type": "string", "format": "date"}),
             _param("to", "Periods starting on or before this date (YYYY-MM-DD).",
                    {"type": "string", "format": "date"})]
    return {
        "/indicators": _list("Indicator", "Indicators with their metadata", []),
        "/indicators/{indicator_id}": _one("Indicator", "One indicator", "indicator_id",
                                           INDICATOR),
        "/areas": _list("Area", "Areas by type, parent, name or postcode", [
            area_type, parent, _param(
                "q", "Names or codes starting with this text; or a postcode (any case, "
                "with or without the space: OL8 1AA), which finds its neighbourhood "
                "(LSOA), ward and council, or a postcode district or sector (OL8, OL8 1), "
                "which finds the councils, wards and neighbourhoods it covers, each with "
                "how many of its postcodes it has (postcodes). A postcode the lookup does "
                "not have is a 404 saying why (central London districts such as EC1A are "
                "not in it). Postcodes: " + "; ".join(attribution.POSTCODE_LINES) + ".",
                {"type": "string", "maxLength": 100})]),
        "/areas/{area_code}": _one("Area", "One area with its parents and successors",
                                   "area_code", CODE),
        "/observations": _list("Observation", "Published values with their periods, "
                               "status, notes and source", [indicator, area, area_type,
                                                            parent, *dates]),
        "/judgements": _list("Judgement", "Comparisons with a benchmark and recent trends",
                             [indicator, area,
                              _param("benchmark", "england, region or neighbours.",
                                     {"type": "string",
                                      "enum": ["england", "region", "neighbours"]}),
                              _param("level", "95 or 99.8 (per cent confidence).",
                                     {"type": "string", "enum": ["95", "99.8"]}),
                              _param("latest", "true (the default): the latest period "
                                     "only.", {"type": "string",
                                               "enum": ["true", "false"]})]),
        "/partnerships": _list("Partnership", "Partnerships and their member areas", [],
                               csv=False),
        "/partnerships/{partnership_id}/targets": {"get": {
            **_list("Target", "A partnership's targets with status, reason and projection",
                    [])["get"], "operationId": "listTargets",
            "parameters": [{"name": "partnership_id", "in": "path", "required": True,
                            "schema": INDICATOR}, *PAGING, FORMAT]}},
        "/quality": _list("QualityReport", "Data-quality reports of each loaded file", [],
                          csv=False),
        **_submission_paths(),
    }


def _submission_paths() -> dict:
    """Sending a file for review (a token with the submit scope) and reading it back."""
    answer = {"content": {"application/json": {"schema": {
        "type": "object", "required": ["data"],
        "properties": {"data": {"$ref": "#/components/schemas/Submission"}}}}}}
    errors = {code: {"$ref": f"#/components/responses/{name}"} for code, name in (
        ("400", "BadRequest"), ("401", "Unauthorized"), ("403", "Forbidden"),
        ("413", "TooLarge"), ("429", "TooManyRequests"))}
    return {
        "/submissions": {"post": {
            "summary": "Send a file of indicator data for review", "operationId":
            "createSubmission", "security": [{"token": []}],
            "requestBody": {"required": True, "content": {"multipart/form-data": {
                "schema": {"type": "object", "required": ["file"], "properties": {
                    "file": {"type": "string", "format": "binary",
                             "description": "An ONS indicator CSV, a tidy CSV, a "
                             "Fingertips export or an .xlsx workbook of one."},
                    "partnership": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$",
                                    "description": "Whose data it is, if you belong to "
                                    "several partnerships."}}}}}},
            "responses": {"201": {"description": "Checked, kept and waiting for review",
                                  **answer},
                          "422": {"description": "Kept with its report, but it has errors",
                                  **answer}, **errors}}},
        "/submissions/{submission_id}": {"get": {
            "summary": "One of your submissions (or any, for a data manager)",
            "operationId": "getSubmission",
            "parameters": [{"name": "submission_id", "in": "path", "required": True,
                            "schema": {"type": "integer", "minimum": 1,
                                       "maximum": 2**63 - 1}}],
            "responses": {"200": {"description": "The submission and its report",
                                  **answer}, **ERRORS}}},
    }


def _components() -> dict:
    schemas = {name: _schema(fields) for name, fields in COLUMNS.items()}
    schemas["AreaDetail"] = {**_schema({**COLUMNS["Area"], "parents": {
        "type": "array", "items": {"$ref": "#/components/schemas/AreaLink"}},
        "successors": {"type": "array", "items": {"$ref": "#/components/schemas/AreaLink"}}})}
    schemas["AreaLink"] = _schema({"area_code": "string", "area_name": TEXT,
                                   "area_type": TEXT})
    schemas["Submission"] = {**_schema({
        "id": "integer", "status": "string", "status_text": "string", "sentence": "string",
        "file_name": "string", "submitter": "string", "partnership_id": TEXT,
        "access_level": "string", "embargo_until": TEXT, "created_at": "string",
        "decided_at": TEXT, "review_comment": TEXT, "published_at": TEXT, "load_id": WHOLE,
        "page": "string", "report": {"type": "object"}})}
    schemas["Finding"] = _schema({"severity": "string", "rule": "string", "n": "integer"})
    schemas["Meta"] = _schema({"page": "integer", "page_size": "integer",
                               "total": "integer"})
    schemas["Links"] = _schema({rel: TEXT for rel in
                                ("self", "first", "prev", "next", "last")})
    schemas["Error"] = {"type": "object", "required": ["error"], "properties": {"error": _schema(
        {"status": "integer", "title": "string", "detail": "string"})}}
    error = {"content": {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"schemas": schemas,
            "responses": {name: {"description": text, **error} for name, text in (
                ("BadRequest", "A parameter is not right (the detail says which)"),
                ("Unauthorized", "The token sent is not valid"),
                ("Forbidden", "The token may not do this (e.g. a read-only token)"),
                ("TooLarge", "The file is over the upload limit"),
                ("NotFound", "No such indicator, area or partnership (or not for you)"),
                ("TooManyRequests", "Too many requests: wait a minute"))},
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer",
                                          "description": "A personal API token "
                                          "(`placeboard tokens create`, or the account "
                                          "page). Without one, answers are public."}}}


def document(server_url: str = "/api/v1") -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Placeboard read API", "version": "1.0.0",
                 "description": "Indicators, areas, observations, judgements, "
                 "partnerships' targets and data quality, as the dashboard shows them: "
                 "the same access rules and the same protection of small numbers apply.",
                 "license": {"name": "Open Government Licence v3.0",
                             "url": "https://www.nationalarchives.gov.uk/doc/"
                                    "open-government-licence/version/3/"}},
        "servers": [{"url": server_url}],
        "security": [{}, {"token": []}],
        "paths": _paths(),
        "components": _components(),
    }
