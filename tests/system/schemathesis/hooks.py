"""Schemathesis hooks for tests/system/schemathesis/run.sh.

Three operations refuse an interval whose start is not before its end (400): GET /v1/reports,
GET /v1/models/{name}/usage and GET /v1/exports/predictions. OpenAPI cannot relate two parameters (or a
parameter and the clock), so a request the schema allows may still describe an empty interval. Such a request
is not sent as drawn: its `from`, then if need be its `to`, is dropped, leaving the documented defaults.
Requests with a `from` or `to` the server cannot read are left alone, so negative cases stay negative.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import schemathesis

_TIMESTAMP = re.compile(
    r"^(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)"
    r"(?:[Tt ](?P<H>\d\d):(?P<M>\d\d):(?P<S>\d\d)(?:\.(?P<f>\d{1,9}))?(?P<z>[Zz]|[+-]\d\d:\d\d))?$"
)
_BEGINNING = datetime(1900, 1, 1, tzinfo=timezone.utc)
_END_OF_TIME = datetime.max.replace(tzinfo=timezone.utc)


def _thirty_days_before(to: datetime | None) -> datetime:
    return (to or datetime.now(timezone.utc)) - timedelta(days=30)


# Per operation: the default of `from` (given the `to` in force) and of `to`.
_DEFAULTS = {
    "/v1/reports": (_thirty_days_before, lambda: datetime.now(timezone.utc)),
    "/v1/models/{name}/usage": (_thirty_days_before, lambda: datetime.now(timezone.utc)),
    "/v1/exports/predictions": (lambda to: _BEGINNING, lambda: _END_OF_TIME),
}

_UNREADABLE = object()


def _instant(text: object) -> datetime | object:
    """The instant the server reads from `text`, or _UNREADABLE."""
    match = _TIMESTAMP.match(text) if isinstance(text, str) else None
    if match is None:
        return _UNREADABLE
    try:
        if match["H"] is None:
            return datetime(int(match["y"]), int(match["m"]), int(match["d"]), tzinfo=timezone.utc)
        zone = match["z"]
        offset = timezone.utc
        if zone not in ("Z", "z"):
            sign = -1 if zone[0] == "-" else 1
            offset = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        micros = int((match["f"] or "0")[:6].ljust(6, "0"))
        return datetime(int(match["y"]), int(match["m"]), int(match["d"]), int(match["H"]), int(match["M"]),
                        int(match["S"]), micros, tzinfo=offset)
    except ValueError:
        return _UNREADABLE


def _is_empty(path: str, query: dict) -> bool | None:
    """Whether the interval is empty; None when a bound is unreadable (a negative case, left alone)."""
    default_from, default_to = _DEFAULTS[path]
    to = _instant(query["to"]) if "to" in query else None
    start = _instant(query["from"]) if "from" in query else None
    if to is _UNREADABLE or start is _UNREADABLE:
        return None
    to = to or default_to()
    start = start or default_from(to)
    return start >= to


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    path = case.operation.path
    if path not in _DEFAULTS or not isinstance(case.query, dict):
        return
    for bound in ("from", "to"):
        if not _is_empty(path, case.query):
            return
        case.query.pop(bound, None)
