"""Dutch formatting of dates and numbers, independent of the system locale.

Naive datetimes are taken to be Amsterdam wall-clock time already (what
``datetime.now()`` gives on a Dutch machine); aware ones (UTC from the database) are
converted to Europe/Amsterdam first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

WEEKDAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@lru_cache(maxsize=1)
def amsterdam() -> tzinfo:
    """The Europe/Amsterdam zone; a built-in EU-rule fallback when no tz database exists
    (Windows without the ``tzdata`` package)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Amsterdam")
    except Exception:  # ZoneInfoNotFoundError, or no zoneinfo backend at all
        return _AmsterdamFallback()


class _AmsterdamFallback(tzinfo):
    """CET/CEST with the EU rule in force since 1996: summer time from the last Sunday
    of March 01:00 UTC until the last Sunday of October 01:00 UTC."""

    _CET = timedelta(hours=1)
    _CEST = timedelta(hours=2)

    @staticmethod
    def _last_sunday(year: int, month: int) -> datetime:
        day = datetime(year, month + 1, 1) - timedelta(days=1)
        return day - timedelta(days=(day.weekday() - 6) % 7)

    def _dst_utc(self, utc_naive: datetime) -> bool:
        start = self._last_sunday(utc_naive.year, 3).replace(hour=1)
        end = self._last_sunday(utc_naive.year, 10).replace(hour=1)
        return start <= utc_naive < end

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self._CET
        naive = dt.replace(tzinfo=None)
        # Local wall time -> UTC with the winter offset; good except within the
        # ambiguous/skipped hour, where either answer is defensible.
        return self._CEST if self._dst_utc(naive - self._CET) else self._CET

    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt) - self._CET

    def tzname(self, dt: datetime | None) -> str:
        return "CEST" if self.utcoffset(dt) == self._CEST else "CET"

    def fromutc(self, dt: datetime) -> datetime:
        naive = dt.replace(tzinfo=None)
        offset = self._CEST if self._dst_utc(naive) else self._CET
        return (naive + offset).replace(tzinfo=self)


def to_amsterdam(moment: datetime) -> datetime:
    """Aware datetimes converted to Amsterdam time; naive ones returned unchanged."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(amsterdam())


def now_utc() -> datetime:
    return datetime.now(UTC)


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return to_amsterdam(value).date()
    return value


def format_date(value: date | datetime) -> str:
    """``23-11-2026`` (dd-mm-jjjj)."""
    d = _as_date(value)
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def format_date_long(value: date | datetime) -> str:
    """``23 november 2026`` (no leading zero, month in lower case as in Dutch)."""
    d = _as_date(value)
    return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


def format_datetime(value: datetime) -> str:
    """``23-11-2026 14:05`` in Amsterdam time."""
    local = to_amsterdam(value)
    return f"{format_date(local)} {local.hour:02d}:{local.minute:02d}"


def format_number(value: float | int | Decimal | None, decimals: int | None = None) -> str:
    """Dutch number: ``1.234``, ``3,5``, ``12.345,67``; ``None`` gives an empty string.

    Without ``decimals``, whole numbers show none and others at most two.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    number = float(value) if not isinstance(value, int) else value
    if decimals is None:
        if isinstance(number, int) or float(number).is_integer():
            text = f"{int(number):,}"
        else:
            text = f"{number:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{number:,.{decimals}f}"
    # Swap separators: 1,234.5 -> 1.234,5
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent(fraction: float, decimals: int = 0) -> str:
    """``0.256`` -> ``26%`` (Dutch writes no space before the percent sign)."""
    return f"{format_number(fraction * 100, decimals)}%"
