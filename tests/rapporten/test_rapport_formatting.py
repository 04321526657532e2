from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from desktop.rapporten.formatting import (
    _AmsterdamFallback,
    format_date,
    format_date_long,
    format_datetime,
    format_number,
    format_percent,
)


def test_format_date_and_long_date_in_dutch():
    assert format_date(date(2026, 11, 23)) == "23-11-2026"
    assert format_date(date(2026, 3, 5)) == "05-03-2026"
    assert format_date_long(date(2026, 11, 23)) == "23 november 2026"
    assert format_date_long(date(2026, 3, 5)) == "5 maart 2026"
    months = [format_date_long(date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert months == [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ]  # fmt: skip


def test_aware_datetimes_are_shown_in_amsterdam_time():
    # 23:30 UTC in winter is 00:30 the next day in Amsterdam (CET, +1).
    assert format_date(datetime(2026, 11, 23, 23, 30, tzinfo=UTC)) == "24-11-2026"
    # In summer Amsterdam is +2.
    assert format_datetime(datetime(2026, 7, 1, 10, 5, tzinfo=UTC)) == "01-07-2026 12:05"
    # Naive datetimes are already local wall-clock time.
    assert format_datetime(datetime(2026, 7, 1, 10, 5)) == "01-07-2026 10:05"


def test_dutch_numbers():
    assert format_number(1234) == "1.234"
    assert format_number(1234567.5) == "1.234.567,5"
    assert format_number(3.25) == "3,25"
    assert format_number(2.0) == "2"
    assert format_number(Decimal("12.345"), 2) == "12,35"
    assert format_number(-1500, 1) == "-1.500,0"
    assert format_number(None) == ""
    assert format_percent(0.256) == "26%"


@given(st.datetimes(min_value=datetime(1997, 1, 1), max_value=datetime(2037, 12, 31)))
def test_fallback_zone_matches_the_tz_database(moment):
    utc = moment.replace(tzinfo=UTC)
    expected = utc.astimezone(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None)
    got = utc.astimezone(_AmsterdamFallback()).replace(tzinfo=None)
    assert got == expected


def test_fallback_zone_switches_on_the_last_sundays():
    tz = _AmsterdamFallback()
    start = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # last Sunday of March 2026
    assert (start - timedelta(seconds=1)).astimezone(tz).hour == 1
    assert start.astimezone(tz).hour == 3
