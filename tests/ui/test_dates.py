"""One way to show dates in the window: no leading zero on the day."""

import datetime as dt

from ui.dates import day_month, day_month_year, weekday_day_month, weekday_day_month_time
from ui.models.people_model import when


def test_days_have_no_leading_zero():
    day = dt.date(2026, 12, 2)
    assert (day_month(day), weekday_day_month(day), day_month_year(day)) == (
        "2 Dec", "Wed 2 Dec", "2 Dec 2026")
    assert weekday_day_month_time(dt.datetime(2026, 12, 2, 9, 5)) == "Wed 2 Dec, 09:05"
    moment = dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC)
    assert when(moment, today=dt.date(2026, 11, 24)) == "2 Jun 2025"
