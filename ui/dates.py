"""Dates as the window shows them, one way everywhere: the day without a leading zero, the
month short ("2 Jun 2001", "Fri 27 Nov", "14 Mar").

strftime's "%-d" (no zero) is not portable (Windows has "%#d"), hence the f-strings."""

from __future__ import annotations

import datetime as dt


def day_month(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def weekday_day_month(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def day_month_year(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def weekday_day_month_time(moment: dt.datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b, %H:%M}"
