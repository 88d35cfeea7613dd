"""The read API's routes under /api/v1 (a Flask blueprint registered by create_app).

Each handler checks its parameters (dashboard/api/params.py), reads through the request's
store (dashboard.web.runtime.store(): the signed-in person's or token's viewer, else the
public, with access rules and disclosure control applied by the store) and answers with
dashboard/api/responses.py. Anything unexpected answers a JSON 500 without a traceback.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from dashboard.api import openapi, responses
from dashboard.api import params as p
from dashboard.api import submissions as submissions_api
from dashboard.api.params import ApiError
from dashboard.store.api import JudgementFilter, ObservationFilter
from dashboard.views import postcodes
from dashboard.web import runtime
from dashboard.web.api_tokens import limit_api, token_error

log = logging.getLogger(__name__)
PREFIX = "/api/v1"
api = Blueprint("api_v1", __name__, url_prefix=PREFIX)
LIST_PARAMS = ("page", "page_size", "format")
submissions_api.register(api)  # POST /submissions, GET /submissions/<id>


def _validators() -> tuple[str, Any]:
    store = runtime.store()
    return responses.validators_for(store.identity(), store.access_key())


@api.before_request
def _check_token() -> Response | None:
    problem = token_error()  # works out the viewer from a Bearer token, if one was sent
    if problem:
        return responses.error(ApiError(401, problem))
    return None


@api.errorhandler(ApiError)
def _api_error(exc: ApiError) -> Response:
    return responses.error(exc)


@api.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    if exc.code == 429:
        return responses.error(ApiError(429, "Too many requests: wait a minute and try "
                                             "again."))
    response = responses.error(ApiError(exc.code or 400, exc.description or "Bad request"))
    if exc.code == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response


@api.errorhandler(Exception)
def _failure(exc: Exception) -> Response:
    from dashboard.store import StoreMissing

    if isinstance(exc, StoreMissing):
        return responses.error(ApiError(503, "The data store is not built yet."))
    log.error("API %s failed", request.full_path, exc_info=exc)
    return responses.error(ApiError(500, "Something went wrong on our side; it has been "
                                         "logged."))


def _args(allowed: tuple[str, ...]) -> dict[str, list[str]]:
    args = {k: v for k, v in request.args.lists()}
    p.check_names(args, allowed)
    return args


def _visible_indicators(requested: tuple[str, ...] | None) -> tuple[str, ...]:
    """The indicators asked for (each must exist for this viewer), or all it may see."""
    catalogue = runtime.store().catalogue_records()
    if requested is None:
        return tuple(catalogue)
    for indicator_id in requested:
        if indicator_id not in catalogue:
            raise ApiError(404, f"No indicator {indicator_id!r} (it may not exist, or "
                                "you may not have access to it).")
    return requested


def _parent(args: dict[str, list[str]]) -> str | None:
    """The ?parent= area: a well-formed code of an area the store has, or None."""
    code = p.one(args, "parent")
    if code is None:
        return None
    return _known_areas(p.area_codes((code,), "parent"), "parent")[0]  # type: ignore[index]


def _known_areas(codes: tuple[str, ...] | None, name: str) -> tuple[str, ...] | None:
    store = runtime.store()
    for code in codes or ():
        if store.area(code) is None:
            raise ApiError(404, f"No area with code {code!r} ({name}).")
    return codes


# -- index, document, catch-all -------------------------------------------------------
@api.get("/")
def index() -> Response:
    return jsonify({"title": "Placeboard read API", "openapi": f"{PREFIX}/openapi.json",
                    "docs": "/api", "resources": [f"{PREFIX}{path}" for path in
                                                  openapi.document()["paths"]]})


@api.get("/openapi.json")
def openapi_document() -> Response:
    response = jsonify(openapi.document(PREFIX))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@api.route("/<path:rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
def unknown(rest: str) -> Response:
    raise ApiError(404, f"No such address: {PREFIX}/{rest[:100]}. The list is at "
                        f"{PREFIX}/openapi.json.")


# -- resources --------------------------------------------------------------------------
def _listing(resource: str, rows: list[dict], page: p.Page, total: int | None,
             fmt: str, name: str) -> Response:
    return responses.listing(responses.records(rows, openapi.columns(resource)),
                             openapi.columns(resource), page, total, fmt, name,
                             _validators())


def _paged(rows: list[dict], page: p.Page) -> list[dict]:
    return rows[page.offset:page.offset + page.size]


def _with_quality(rows: list[dict]) -> list[dict]:
    """Each indicator with the quality checks of the load its values came from (errors,
    warnings: the Data page and /api/v1/quality have the findings)."""
    loads = {int(row["load_id"]): row for row in runtime.store().loads().to_dict("records")}
    out = []
    for row in rows:
        load = loads.get(int(row["load_id"])) if row.get("load_id") is not None else None
        out.append({**row, "quality_errors": load["errors"] if load else None,
                    "quality_warnings": load["warnings"] if load else None})
    return out


@api.get("/indicators")
def indicators() -> Response:
    args = _args(LIST_PARAMS)
    page, fmt = p.page(args), p.output_format(args, request.headers.get("Accept", ""), True)
    rows = list(runtime.store().catalogue_records().values())
    return _listing("Indicator", _with_quality(_paged(rows, page)), page, len(rows), fmt,
                    "indicators")


@api.get("/indicators/<indicator_id>")
def indicator(indicator_id: str) -> Response:
    _args(())
    p.indicator_ids((indicator_id,))
    _visible_indicators((indicator_id,))
    row = _with_quality([runtime.store().catalogue_records()[indicator_id]])[0]
    return responses.single(responses.records([row], openapi.columns("Indicator"))[0],
                            _validators())


@api.get("/areas")
def areas() -> Response:
    args = _args((*LIST_PARAMS, "area_type", "parent", "q"))
    page, fmt = p.page(args), p.output_format(args, request.headers.get("Accept", ""), True)
    parent = _parent(args)
    text = p.one(args, "q")
    if text is not None and len(text) > 100:
        raise ApiError(400, "'q' must be at most 100 characters.")
    found = _postcode_areas(text, p.one(args, "area_type"), parent)
    if found is not None:
        return _listing("Area", _paged(found, page), page, len(found), fmt, "areas")
    rows, total = runtime.store().api_areas(p.one(args, "area_type"), parent, text,
                                            page.size, page.offset)
    return _listing("Area", rows, page, total, fmt, "areas")


def _postcode_areas(text: str | None, area_type: str | None,
                    parent: str | None) -> list[dict] | None:
    """The areas a postcode in `q` finds (its neighbourhood, ward and council; the ones a
    district or sector covers), None when `q` is not a postcode or is a district the
    lookup has no postcodes for (then it is searched as a name or code: 'E08'). A postcode
    the lookup cannot place is a 404 that says why."""
    found = runtime.store().postcode_search(text, with_areas=True) if text else None
    if found is None:
        return None
    explanation = postcodes.problem(found)
    if explanation:
        raise ApiError(404, explanation)
    rows = postcodes.api_rows(found)
    if not rows:
        return None
    if parent is not None:
        raise ApiError(400, "'parent' cannot be combined with a postcode in 'q': a "
                            "postcode's areas are found by the postcode alone.")
    return [row for row in rows if area_type is None or row["area_type"] == area_type]


@api.get("/areas/<area_code>")
def area(area_code: str) -> Response:
    _args(())
    p.area_codes((area_code,))
    _known_areas((area_code,), "area")
    store = runtime.store()
    row = responses.records([store.area(area_code)], openapi.columns("Area"))[0]
    links = store.api_area_links(area_code)
    pick = ("area_code", "area_name", "area_type")
    row["parents"] = responses.records([r for r in links if r["relation"] == "parent"], pick)
    row["successors"] = responses.records([r for r in links if r["relation"] == "successor"],
                                          pick)
    return responses.single(row, _validators())


@api.get("/observations")
def observations() -> Response:
    args = _args((*LIST_PARAMS, "indicator", "area", "area_type", "parent", "from", "to"))
    page, fmt = p.page(args), p.output_format(args, request.headers.get("Accept", ""), True)
    start, end = p.iso_date(p.one(args, "from"), "from"), p.iso_date(p.one(args, "to"), "to")
    if start and end and start > end:
        raise ApiError(400, "'from' is after 'to'.")
    where = ObservationFilter(
        indicators=_visible_indicators(p.indicator_ids(p.many(args, "indicator"))),
        areas=_known_areas(p.area_codes(p.many(args, "area")), "area"),
        area_type=p.one(args, "area_type"), parent=_parent(args), start=start, end=end)
    rows, total = runtime.store().api_observations(where, page.size, page.offset)
    return _listing("Observation", rows, page, total, fmt, "observations")


@api.get("/judgements")
def judgements() -> Response:
    args = _args((*LIST_PARAMS, "indicator", "area", "benchmark", "level", "latest"))
    page, fmt = p.page(args), p.output_format(args, request.headers.get("Accept", ""), True)
    level = p.choice(p.one(args, "level"), "level", tuple(p.LEVELS))
    where = JudgementFilter(
        indicators=_visible_indicators(p.indicator_ids(p.many(args, "indicator"))),
        areas=_known_areas(p.area_codes(p.many(args, "area")), "area"),
        benchmark=p.choice(p.one(args, "benchmark"), "benchmark", p.BENCHMARKS),
        level=p.LEVELS[level] if level else None,
        latest=p.boolean(p.one(args, "latest"), "latest", True))
    rows, total = runtime.store().api_judgements(where, page.size, page.offset)
    return _listing("Judgement", rows, page, total, fmt, "judgements")


@api.get("/partnerships")
def partnerships() -> Response:
    args = _args(("page", "page_size"))
    page = p.page(args)
    rows = runtime.store().partnerships().to_dict("records")
    for row in rows:
        for key in ("members", "member_names"):
            row[key] = [str(v) for v in (row.get(key) if row.get(key) is not None else [])]
        row["illustrative"] = bool(row.get("any_illustrative") or row.get("illustrative"))
    return _listing("Partnership", _paged(rows, page), page, len(rows), "json",
                    "partnerships")


@api.get("/partnerships/<partnership_id>/targets")
def targets(partnership_id: str) -> Response:
    args = _args(LIST_PARAMS)
    page, fmt = p.page(args), p.output_format(args, request.headers.get("Accept", ""), True)
    if not p.PARTNERSHIP_ID.match(partnership_id) or \
            runtime.store().partnership(partnership_id) is None:
        raise ApiError(404, f"No partnership {partnership_id[:100]!r} (it may not exist, "
                            "or you may not have access to it).")
    rows = runtime.store().scorecard(partnership_id).to_dict("records")
    return _listing("Target", _paged(rows, page), page, len(rows), fmt,
                    f"targets-{partnership_id}")


@api.get("/quality")
def quality() -> Response:
    args = _args(("page", "page_size"))
    page = p.page(args)
    store = runtime.store()
    findings: dict[int, list[dict]] = {}
    for row in store.quality_summary().to_dict("records"):
        findings.setdefault(int(row["load_id"]), []).append(
            {"severity": row["severity"], "rule": row["rule"], "n": int(row["n"])})
    rows = store.loads().to_dict("records")
    for row in rows:
        row["file"] = os.path.basename(str(row.get("file") or "")) or None
        row["findings"] = findings.get(int(row["load_id"]), [])
    return _listing("QualityReport", _paged(rows, page), page, len(rows), "json", "quality")


def register(server: Flask) -> None:
    """Add the API to the app, every route under one rate limit per token (or client
    address): settings.api_rate_limit."""
    limit_api(api, server)
    server.register_blueprint(api)
