"""Dates the rules derive from moments and terms (日期与期限).

Moments (entry, acceptance, service) are timezone-aware datetimes; periods are
counted in dates. The register is kept in China, which has one time zone and no
daylight saving, so a moment's date is its date at UTC+8 whatever zone the
caller used: a seizure served at 00:30 Beijing time is served on that day even
if the moment arrives in UTC.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["CHINA_TIME", "add_months", "local_date", "require_aware"]

#: China Standard Time (UTC+8), the zone every register date is read in.
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")


def require_aware(moment: dt.datetime, name: str) -> None:
    """Refuse a naive datetime: its date would depend on the server's zone."""
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def local_date(moment: dt.datetime) -> dt.date:
    """The date of ``moment`` in China."""
    return moment.astimezone(CHINA_TIME).date()


def add_months(start: dt.date, months: int) -> dt.date:
    """Last day of a term of ``months`` months running from ``start``.

    CC art. 202: a term counted in months or years ends on the corresponding
    day of its last month, or on that month's last day when it has no such day
    (a term from 31 August ends on 28 or 29 February, or 30 November). Unlike a
    period for doing an act, the last day is not moved off a rest day: a
    seizure is in force on a Sunday too.
    """
    if months < 0:
        raise ValueError(f"months must not be negative, got {months}")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)
