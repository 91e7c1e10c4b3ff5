from odoo import api, fields, models

from .working_time import WorkingTime


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    @api.multi
    def _working_time(self, tz):
        """This calendar's working time in ``tz``, read in two queries."""
        self.ensure_one()
        attendances = [
            (int(a.dayofweek), a.hour_from, a.hour_to,
             fields.Date.from_string(a.date_from) if a.date_from else None,
             fields.Date.from_string(a.date_to) if a.date_to else None)
            for a in self.attendance_ids]
        leaves = self.env["resource.calendar.leaves"].search_read(
            [("calendar_id", "=", self.id), ("resource_id", "=", False)],
            ["date_from", "date_to"])
        return WorkingTime(tz, attendances, [
            (fields.Datetime.from_string(leave["date_from"]),
             fields.Datetime.from_string(leave["date_to"])) for leave in leaves])
