from odoo import api, fields, models, tools

from ..tools.working_time import WorkingTime


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _working_time(self, tz):
        """This calendar's working time in ``tz``, built once per process and version
        of the calendar: the version (last change and number of attendances and
        leaves) costs one query, rebuilding it three and the Python objects."""
        self.ensure_one()
        query = """
            SELECT (SELECT write_date FROM resource_calendar WHERE id = %(id)s),
                   (SELECT row(max(write_date), count(*))::text
                      FROM resource_calendar_attendance WHERE calendar_id = %(id)s),
                   (SELECT row(max(write_date), count(*))::text
                      FROM resource_calendar_leaves
                     WHERE calendar_id = %(id)s AND resource_id IS NULL)"""
        self.env.cr.execute(query, {"id": self.id})
        return self._working_time_cached(self.id, tz, self.env.cr.fetchone())

    @api.model
    @tools.ormcache("calendar_id", "tz", "version")
    def _working_time_cached(self, calendar_id, tz, version):
        calendar = self.sudo().browse(calendar_id)
        attendances = [
            (int(a.dayofweek), a.hour_from, a.hour_to,
             fields.Date.from_string(a.date_from) if a.date_from else None,
             fields.Date.from_string(a.date_to) if a.date_to else None)
            for a in calendar.attendance_ids]
        leaves = self.env["resource.calendar.leaves"].sudo().search_read(
            [("calendar_id", "=", calendar_id), ("resource_id", "=", False)],
            ["date_from", "date_to"])
        return WorkingTime(tz, attendances, [
            (fields.Datetime.from_string(leave["date_from"]),
             fields.Datetime.from_string(leave["date_to"])) for leave in leaves])
