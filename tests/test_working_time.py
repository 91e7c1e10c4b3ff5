"""Working time on the China calendar: weekends, 2026 holidays, makeup days (R17, R18,
R20). Times are written in Asia/Shanghai and converted, deadlines come back in UTC."""
from datetime import date, datetime, timedelta

import pytz

from odoo.tests.common import TransactionCase

SHANGHAI = pytz.timezone("Asia/Shanghai")


def utc(*args):
    """Naive UTC of a Shanghai wall-clock time."""
    return SHANGHAI.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


class TestWorkingTime(TransactionCase):
    def setUp(self):
        super(TestWorkingTime, self).setUp()
        self.company = self.env.user.company_id
        self.work = self.company._complaint_working_time()

    def test_one_working_day_is_nine_and_a_half_hours(self):
        self.assertEqual(self.work.add_hours(utc(2026, 11, 23, 10, 0), 9.5),
                         utc(2026, 11, 24, 10, 0))

    def test_over_the_weekend(self):
        # Friday 16:00: 1.5 h on Friday, 8 h on Monday
        self.assertEqual(self.work.add_hours(utc(2026, 11, 27, 16, 0), 9.5),
                         utc(2026, 11, 30, 16, 0))
        # received on Saturday: work starts on Monday at 08:00
        self.assertEqual(self.work.add_hours(utc(2026, 11, 28, 10, 0), 1),
                         utc(2026, 11, 30, 9, 0))

    def test_working_time_backwards(self):
        """Monday 10:00 less 9.5 working hours is Friday 10:00; less 3 hours from
        Monday 09:00 reaches back into Friday afternoon, over the weekend."""
        self.assertEqual(self.work.subtract_hours(utc(2026, 11, 30, 10, 0), 9.5),
                         utc(2026, 11, 27, 10, 0))
        self.assertEqual(self.work.subtract_hours(utc(2026, 11, 30, 9, 0), 3),
                         utc(2026, 11, 27, 15, 30))
        # and into the working days around the National Day holiday
        moment = self.work.subtract_hours(utc(2026, 10, 8, 12, 0), 9.5 * 2)
        self.assertEqual(self.work.hours_between(moment, utc(2026, 10, 8, 12, 0)), 19)

    def test_before_and_after_hours(self):
        # half a working day (R10) from 07:00 starts at 08:00
        self.assertEqual(self.work.add_hours(utc(2026, 11, 24, 7, 0), 4.75),
                         utc(2026, 11, 24, 12, 45))
        self.assertEqual(self.work.add_hours(utc(2026, 11, 24, 20, 0), 1),
                         utc(2026, 11, 25, 9, 0))

    def test_national_day_holiday_and_its_makeup_days(self):
        # Wednesday 30 Sep 16:00: 1.5 h, then 1-7 Oct are holidays, Thursday 8 Oct
        self.assertEqual(self.work.add_hours(utc(2026, 9, 30, 16, 0), 9.5),
                         utc(2026, 10, 8, 16, 0))
        self.assertFalse(self.work.is_working(utc(2026, 10, 1, 10, 0)))
        self.assertTrue(self.work.is_working(utc(2026, 10, 10, 10, 0)))  # Saturday
        self.assertFalse(self.work.is_working(utc(2026, 10, 11, 10, 0)))  # Sunday
        # Saturday 19 Sep + 1 h: Sunday 20 Sep is a makeup working day
        self.assertEqual(self.work.add_hours(utc(2026, 9, 19, 10, 0), 1),
                         utc(2026, 9, 20, 9, 0))

    def test_spring_festival(self):
        # Friday 13 Feb 17:00: 0.5 h, Saturday 14 Feb is a makeup day
        self.assertEqual(self.work.add_hours(utc(2026, 2, 13, 17, 0), 1),
                         utc(2026, 2, 14, 8, 30))
        # Saturday 14 Feb 17:00: 0.5 h, 15-23 Feb holidays, Tuesday 24 Feb
        self.assertEqual(self.work.add_hours(utc(2026, 2, 14, 17, 0), 1),
                         utc(2026, 2, 24, 8, 30))

    def test_hours_between(self):
        self.assertEqual(self.work.hours_between(utc(2026, 11, 27, 16, 0),
                                                 utc(2026, 11, 30, 10, 0)), 3.5)
        self.assertEqual(self.work.hours_between(utc(2026, 10, 1, 0, 0),
                                                 utc(2026, 10, 8, 0, 0)), 0)
        self.assertEqual(self.work.hours_between(utc(2026, 1, 2), utc(2026, 1, 1)), 0)

    def test_2026_has_248_working_days(self):
        """Checked against the State Council's notice of 4 Nov 2025: 261 weekdays,
        19 of them holidays, 6 weekend makeup days."""
        day, count, holidays, makeups = date(2026, 1, 1), 0, [], []
        while day.year == 2026:
            working = bool(self.work.intervals(day))
            count += working
            if day.weekday() < 5 and not working:
                holidays.append(day)
            if day.weekday() >= 5 and working:
                makeups.append(day)
            day += timedelta(days=1)
        self.assertEqual(count, 248)
        self.assertEqual(len(holidays), 19)
        self.assertEqual(makeups, [date(2026, 1, 4), date(2026, 2, 14),
                                   date(2026, 2, 28), date(2026, 5, 9),
                                   date(2026, 9, 20), date(2026, 10, 10)])

    def test_a_new_holiday_is_taken_into_account(self):
        """The cached working time follows changes of the calendar's leaves."""
        monday = utc(2026, 11, 30, 10, 0)
        self.assertTrue(self.company._complaint_working_time().is_working(monday))
        leave = self.env["resource.calendar.leaves"].create({
            "name": "Typhoon", "calendar_id": self.company.complaint_calendar_id.id
            or self.env.ref("realestate_complaint.resource_calendar_cn").id,
            "date_from": utc(2026, 11, 29, 16, 0), "date_to": utc(2026, 11, 30, 23, 0)})
        self.assertFalse(self.company._complaint_working_time().is_working(monday))
        leave.unlink()
        self.assertTrue(self.company._complaint_working_time().is_working(monday))

    def test_the_company_time_zone_decides_not_the_user(self):
        """A cron user in another time zone computes the same deadline."""
        self.env.user.tz = "Europe/Brussels"
        work = self.company._complaint_working_time()
        self.assertEqual(work.add_hours(utc(2026, 11, 23, 10, 0), 9.5),
                         utc(2026, 11, 24, 10, 0))
