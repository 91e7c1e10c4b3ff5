"""Reporting periods (R37): weeks from Monday, months, quarters, in local days."""
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields

PERIODS = [
    ("week", "Week"),
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("custom", "Date Range"),
]


def period_bounds(period, day):
    """First and last day of the week (Monday first), month or quarter of ``day``."""
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if period == "quarter":
        start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
        return start, start + relativedelta(months=3, days=-1)
    start = day.replace(day=1)
    return start, start + relativedelta(months=1, days=-1)


def previous_bounds(period, first, last):
    """The period before: the previous week, month or quarter, or a range of the
    same length just before a custom one."""
    if period in ("month", "quarter"):
        months = 1 if period == "month" else 3
        start = first - relativedelta(months=months)
        return start, first - timedelta(days=1)
    length = (last - first).days + 1
    return first - timedelta(days=length), first - timedelta(days=1)


def utc_range(tz, first, last):
    """Naive UTC moments (strings) [start, end) of the local days first..last."""
    start = tz.localize(datetime.combine(first, time.min))
    end = tz.localize(datetime.combine(last + timedelta(days=1), time.min))
    return tuple(fields.Datetime.to_string(moment.astimezone(pytz.utc))
                 for moment in (start, end))
