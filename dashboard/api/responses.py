"""How the read API answers: JSON or CSV bodies, pages with their links, validators
(ETag, Last-Modified) from the store's identity, and errors in one shape.

A response depends only on the store file, the viewer's access (their role, partnerships
and the current access levels) and the request's address, so those three make its ETag:
a client that sends If-None-Match gets 304 Not Modified until a new store is swapped in
or an access level changes. Responses are private to the viewer (Cache-Control: private),
since a partner's token may see what the public may not.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from flask import Response, request

from dashboard.api.params import ApiError, Page
from dashboard.exports.cells import csv_text

JSON_TYPE = "application/json"
ERROR_TYPE = "application/problem+json"


def plain(value: Any) -> Any:
    """A value as JSON has it: dates as YYYY-MM-DD (a time only where there is one),
    missing numbers as null."""
    if isinstance(value, datetime):
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return plain(value.item())  # numpy scalars
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def records(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> list[dict]:
    """The rows with exactly `columns` (None where a row lacks one), values made plain."""
    return [{c: plain(row.get(c)) for c in columns} for row in rows]


def _url(page: int, size: int) -> str:
    query = [(k, v) for k, values in request.args.lists() for v in values
             if k not in ("page", "page_size")]
    query += [("page", str(page)), ("page_size", str(size))]
    return f"{request.path}?{urlencode(query)}"


def page_links(page: Page, total: int | None) -> dict[str, str | None]:
    last = max(1, math.ceil((total or 0) / page.size)) if total is not None else None
    has_next = total is not None and page.number < (last or 1)
    return {"self": _url(page.number, page.size),
            "first": _url(1, page.size),
            "prev": _url(page.number - 1, page.size) if page.number > 1 else None,
            "next": _url(page.number + 1, page.size) if has_next else None,
            "last": _url(last, page.size) if last is not None else None}


def listing(rows: list[dict], columns: Sequence[str], page: Page, total: int | None,
            fmt: str, name: str, validators: tuple[str, datetime]) -> Response:
    """One page of a list: JSON {"data", "meta", "links"} or CSV (the page's rows, with
    the other pages in a Link header and the total in X-Total-Count)."""
    links = page_links(page, total)
    if fmt == "csv":
        body = csv_text(list(columns), [[row[c] for c in columns] for row in rows])
        response = _answer(body, "text/csv; charset=utf-8", validators)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.headers["X-Total-Count"] = str(total or 0)
        response.headers["Link"] = ", ".join(
            f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self")
        return response
    document = {"data": rows,
                "meta": {"page": page.number, "page_size": page.size, "total": total or 0},
                "links": links}
    return _answer(json.dumps(document, ensure_ascii=False), JSON_TYPE, validators)


def single(document: Mapping[str, Any], validators: tuple[str, datetime]) -> Response:
    return _answer(json.dumps({"data": plain(dict(document))}, ensure_ascii=False),
                   JSON_TYPE, validators)


def validators_for(store_identity: tuple[int, int], access_key: str
                   ) -> tuple[str, datetime]:
    """(ETag, Last-Modified) for this request under one store file ((inode, mtime_ns),
    BaseStore.identity) and one access."""
    source = repr((store_identity, access_key, request.full_path,
                   request.headers.get("Accept", "")))
    etag = hashlib.sha256(source.encode()).hexdigest()[:32]
    return etag, datetime.fromtimestamp(store_identity[1] // 1_000_000_000, UTC)


def _answer(body: str, mimetype: str, validators: tuple[str, datetime]) -> Response:
    etag, modified = validators
    response = Response(body, mimetype=mimetype.split(";")[0])
    if mimetype.startswith("text/csv"):
        response.headers["Content-Type"] = mimetype
    response.set_etag(etag)
    response.last_modified = modified
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Authorization")
    response.vary.add("Accept")
    return response.make_conditional(request)


def error(exc: ApiError) -> Response:
    response = Response(json.dumps(exc.body()), status=exc.status, mimetype=ERROR_TYPE)
    response.headers["Cache-Control"] = "no-store"
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="placeboard"'
    return response
