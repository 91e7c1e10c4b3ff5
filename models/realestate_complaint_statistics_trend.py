"""The trend of the periodic report (R37, issue 18 item 8): the cases received
and closed in the periods before the report's, for its chart.

One query, whatever the number of periods, with the conditions `_figures` counts
the received and closed cases by: the trend's two last points are the report's
figures of its period and of the one before.
"""
import pytz

from odoo import api, models

from ..tools.periods import previous_bounds, utc_range

# How many periods the trend shows, the report's own included.
TREND_PERIODS = {"week": 8, "month": 6, "quarter": 4, "custom": 6}


class RealestateComplaintStatistics(models.AbstractModel):
    _inherit = "realestate.complaint.statistics"

    @api.model
    def _trend(self, report, count=None):
        """The cases received and closed in the last ``count`` periods of the
        report's kind, oldest first, ending with the report's period: dicts with
        date_from, date_to (local dates), received and closed."""
        count = count or TREND_PERIODS.get(report["period"], 6)
        periods = [(report["date_from"], report["date_to"])]
        while len(periods) < count:
            periods.insert(0, previous_bounds(report["period"], *periods[0]))
        company = report["company"]
        tz = pytz.timezone(company.complaint_tz or "Asia/Shanghai")
        scope = {"company": company.id,
                 "projects": tuple(report["projects"].ids)
                 if report["projects"] else None,
                 "teams": tuple(report["teams"].ids) if report["teams"] else None}
        params = dict(scope)
        columns = []
        for index, (first, last) in enumerate(periods):
            params["start%d" % index], params["end%d" % index] = utc_range(
                tz, first, last)
            columns.append(
                "count(*) FILTER (WHERE c.date_received >= %(start{0})s"
                " AND c.date_received < %(end{0})s),"
                " count(*) FILTER (WHERE c.date_closed >= %(start{0})s"
                " AND c.date_closed < %(end{0})s)".format(index))
        params["first"] = params["start0"]
        params["last"] = params["end%d" % (len(periods) - 1)]
        self.env.cr.execute(
            "SELECT " + ", ".join(columns) + """
               FROM realestate_complaint c
              WHERE c.date_received < %(last)s
                AND (c.date_received >= %(first)s OR c.date_closed >= %(first)s)
                    """ + self._scope_sql(scope), params)
        row = self.env.cr.fetchone()
        return [{"date_from": first, "date_to": last, "received": row[2 * index],
                 "closed": row[2 * index + 1]}
                for index, (first, last) in enumerate(periods)]
