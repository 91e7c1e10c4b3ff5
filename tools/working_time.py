"""Working time in memory: deadlines in working hours for thousands of cases at once.

Odoo 11's ``resource.calendar.plan_hours`` costs 5-28 ms and several queries per call
(ODOO11_FACTS.md) and reads attendances in the user's time zone. ``WorkingTime``
loads a calendar's attendances and global leaves once, in an explicit time zone, and
then answers in microseconds: the SLA engine builds one per calendar and run.

Attendances with ``date_from``/``date_to`` on the same day are makeup working days
(China's 调休); global leaves (no resource) are public holidays.
"""
from datetime import datetime, time, timedelta

import pytz


def _hours_to_time(hours):
    minutes = int(round(hours * 60))
    if minutes >= 24 * 60:
        return time(23, 59, 59, 999999)
    return time(minutes // 60, minutes % 60)


class WorkingTime(object):
    """Working intervals of one calendar in one time zone.

    :param tz: pytz time zone name the attendances are read in
    :param attendances: iterable of (weekday 0-6, hour_from, hour_to, date_from,
        date_to) with ``date_*`` as ``date`` or None
    :param leaves: iterable of (start, end) naive UTC datetimes
    """

    MAX_DAYS = 3 * 366  # a deadline further than this is a configuration error

    def __init__(self, tz, attendances, leaves):
        self.tz = pytz.timezone(tz or "UTC")
        self.attendances = list(attendances)
        self.leaves = sorted(
            (pytz.utc.localize(start), pytz.utc.localize(end)) for start, end in leaves)
        self._day_cache = {}

    @property
    def hours_per_day(self):
        """Length of a working day: the regular week's hours over its working days
        (9.5 for 08:00-17:30), so that "N working days" follows the calendar."""
        regular = [(weekday, hour_to - hour_from)
                   for weekday, hour_from, hour_to, date_from, date_to
                   in self.attendances if not (date_from or date_to)]
        days = {weekday for weekday, _hours in regular}
        return sum(hours for _weekday, hours in regular) / len(days) if days else 8.0

    def intervals(self, day):
        """Working intervals of a local date, as aware datetimes, leaves removed."""
        if day in self._day_cache:
            return self._day_cache[day]
        spans = []
        for weekday, hour_from, hour_to, date_from, date_to in self.attendances:
            if weekday != day.weekday():
                continue
            if (date_from and day < date_from) or (date_to and day > date_to):
                continue
            start = self.tz.localize(datetime.combine(day, _hours_to_time(hour_from)))
            end = self.tz.localize(datetime.combine(day, _hours_to_time(hour_to)))
            if end > start:
                spans.append((start, end))
        spans.sort()
        for leave_start, leave_end in self.leaves:
            kept = []
            for start, end in spans:
                if leave_end <= start or leave_start >= end:
                    kept.append((start, end))
                    continue
                if start < leave_start:
                    kept.append((start, leave_start))
                if leave_end < end:
                    kept.append((leave_end, end))
            spans = kept
        self._day_cache[day] = spans
        return spans

    def _aware(self, naive_utc):
        return pytz.utc.localize(naive_utc).astimezone(self.tz)

    @staticmethod
    def _naive_utc(aware):
        return aware.astimezone(pytz.utc).replace(tzinfo=None)

    def is_working(self, naive_utc):
        moment = self._aware(naive_utc)
        spans = self.intervals(moment.date())
        return any(start <= moment < end for start, end in spans)

    def add_hours(self, naive_utc, hours):
        """The moment when ``hours`` of working time have passed since ``naive_utc``
        (naive UTC in and out). Work starts at the next working moment."""
        remaining = timedelta(hours=hours)
        moment = self._aware(naive_utc)
        day = moment.date()
        for _offset in range(self.MAX_DAYS):
            for start, end in self.intervals(day):
                if end <= moment:
                    continue
                start = max(start, moment)
                if start + remaining <= end:
                    return self._naive_utc(start + remaining)
                remaining -= end - start
            day += timedelta(days=1)
            moment = self.tz.localize(datetime.combine(day, time(0, 0)))
        raise ValueError("No working time within %d days" % self.MAX_DAYS)

    def subtract_hours(self, naive_utc, hours):
        """The latest moment from which ``hours`` of working time lead up to
        ``naive_utc`` (naive UTC), to the second: placing a case in working time
        (demo data, replays)."""
        low = naive_utc - timedelta(days=7 + 2 * hours / max(self.hours_per_day, 1))
        while self.hours_between(low, naive_utc) < hours:
            low -= timedelta(days=30)
        high = naive_utc
        while (high - low).total_seconds() > 0.01:
            middle = low + (high - low) / 2
            if self.hours_between(middle, naive_utc) >= hours:
                low = middle
            else:
                high = middle
        return (low + timedelta(seconds=0.5)).replace(microsecond=0)

    def hours_between(self, start_utc, end_utc):
        """Working hours between two naive UTC moments (0 when end <= start)."""
        if end_utc <= start_utc:
            return 0.0
        start, end = self._aware(start_utc), self._aware(end_utc)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            for span_start, span_end in self.intervals(day):
                lo, hi = max(span_start, start), min(span_end, end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total.total_seconds() / 3600.0
