"""Query parameters of the read API: parsed, checked, and refused in plain English.

Every problem raises ApiError, which the routes answer in the one error shape
(`{"error": {"status", "title", "detail"}}`). Unknown parameters are refused rather than
ignored, so a typo ("indicatr=") never silently answers with everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dashboard.common.geography import is_valid_code

TITLES = {400: "Bad request", 401: "Not signed in", 403: "Not allowed", 404: "Not found",
          406: "Not acceptable", 413: "Too large", 422: "Did not pass its checks",
          429: "Too many requests", 500: "Server error"}
INDICATOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
PARTNERSHIP_ID = INDICATOR_ID
BENCHMARKS = ("england", "region", "neighbours")
LEVELS = {"95": 0.95, "99.8": 0.998}
PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000
FORMATS = ("json", "csv")


class ApiError(Exception):
    """A request the API cannot answer, with its HTTP status and a sentence saying why."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail

    def body(self) -> dict:
        return {"error": {"status": self.status, "title": TITLES.get(self.status, "Error"),
                          "detail": self.detail}}


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def check_names(args: Mapping[str, Sequence[str]], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise ApiError(400, f"Unknown parameter {unknown[0]!r}: this address takes "
                            f"{', '.join(sorted(allowed)) or 'no parameters'}.")


def one(args: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = args.get(name) or []
    if len(values) > 1:
        raise ApiError(400, f"Give {name!r} once.")
    value = values[0].strip() if values else None
    return value or None


def many(args: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...] | None:
    """A list parameter, repeated (?area=A&area=B) or comma-separated (?area=A,B)."""
    values = [part.strip() for value in args.get(name) or [] for part in value.split(",")]
    values = [v for v in values if v]
    if len(values) > 200:
        raise ApiError(400, f"Give at most 200 values of {name!r}.")
    return tuple(dict.fromkeys(values)) if values else None


def page(args: Mapping[str, Sequence[str]]) -> Page:
    number = whole_number(one(args, "page"), "page", 1, 1, 10_000_000)
    size = whole_number(one(args, "page_size"), "page_size", PAGE_SIZE, 1, MAX_PAGE_SIZE)
    return Page(number, size)


def whole_number(text: str | None, name: str, default: int, low: int, high: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or not text.isascii():
        raise ApiError(400, f"{name!r} must be a whole number from {low} to {high}.")
    value = int(text)
    if not low <= value <= high:
        raise ApiError(400, f"{name!r} must be a whole number from {low} to {high}.")
    return value


def output_format(args: Mapping[str, Sequence[str]], accept: str, tabular: bool) -> str:
    """'json' or 'csv': ?format= first, then the Accept header (text/csv)."""
    chosen = one(args, "format")
    if chosen is None:
        return "csv" if tabular and "text/csv" in (accept or "") else "json"
    if chosen not in FORMATS or (chosen == "csv" and not tabular):
        raise ApiError(400, f"'format' must be {' or '.join(FORMATS if tabular else ('json',))}.")
    return chosen


def indicator_ids(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    for value in values or ():
        if not INDICATOR_ID.match(value):
            raise ApiError(400, f"{value!r} is not an indicator id (lower-case letters, "
                                "digits and hyphens, as in 'claimant-count').")
    return values


def area_codes(values: tuple[str, ...] | None, name: str = "area") -> tuple[str, ...] | None:
    for value in values or ():
        if not is_valid_code(value):
            raise ApiError(400, f"{value!r} in {name!r} is not an area code (a GSS code: a "
                                "letter and eight digits, as in 'E08000004'; or an ITL code "
                                "such as 'TLD3').")
    return values


def iso_date(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"{name!r} must be a date written YYYY-MM-DD, as in "
                            "'2020-04-01'.") from None


def boolean(text: str | None, name: str, default: bool) -> bool:
    if text is None:
        return default
    if text not in ("true", "false"):
        raise ApiError(400, f"{name!r} must be 'true' or 'false'.")
    return text == "true"


def choice(text: str | None, name: str, choices: Sequence[str]) -> str | None:
    if text is not None and text not in choices:
        raise ApiError(400, f"{name!r} must be one of {', '.join(choices)}.")
    return text
