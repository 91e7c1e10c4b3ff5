"""How much the SLA clock was paused, in the periodic statistics (R37).

The SLA compliance of the report is already net of pauses: a resumed deadline's
dates moved later by the time paused (realestate_complaint_sla_pause.py), and the
compliance counts deadlines by their dates. What the leadership also needs to see is
how much waiting there was, and on whom: a team that pauses much may be parking
cases. The pauses are counted by the period they started in (number, cases, and the
working hours of those already resumed; those still running are counted apart),
per reason, in one GROUP BY like the other figures.
"""
from odoo import _, api, models

from .realestate_complaint_sla_pause import PAUSE_REASONS

_EMPTY_PAUSE = {"pauses": 0, "cases": 0, "hours": 0.0, "running": 0}


class RealestateComplaintStatistics(models.AbstractModel):
    _inherit = "realestate.complaint.statistics"

    @api.model
    def _figures(self, bounds, scope):
        figures = super(RealestateComplaintStatistics, self)._figures(bounds, scope)
        params = dict(scope, start=bounds[0], end=bounds[1])
        self.env.cr.execute("""
            SELECT p.reason, count(*), count(DISTINCT p.complaint_id),
                   COALESCE(sum(p.hours) FILTER (WHERE p.date_end IS NOT NULL), 0),
                   count(*) FILTER (WHERE p.date_end IS NULL)
              FROM realestate_complaint_sla_pause p
              JOIN realestate_complaint c ON c.id = p.complaint_id
             WHERE p.date_start >= %(start)s AND p.date_start < %(end)s
                   """ + self._scope_sql(scope) + """
             GROUP BY ROLLUP (p.reason)""", params)
        pauses = {}
        for reason, count, cases, hours, running in self.env.cr.fetchall():
            pauses[reason or "_total"] = {
                "pauses": count, "cases": cases, "hours": round(hours, 2),
                "running": running}
        total = pauses.pop("_total", _EMPTY_PAUSE)
        figures["pauses"] = pauses
        figures["paused_count"] = total["pauses"]
        figures["paused_cases"] = total["cases"]
        figures["paused_hours"] = total["hours"]
        return figures

    @api.model
    def _report(self, period, date_from, date_to, company, projects=None,
                teams=None):
        report = super(RealestateComplaintStatistics, self)._report(
            period, date_from, date_to, company, projects=projects, teams=teams)
        report["pauses"] = self._merge_keyed(
            report["current"]["pauses"], report["previous"]["pauses"])
        return report

    @api.model
    def _tables(self, report):
        tables = super(RealestateComplaintStatistics, self)._tables(report)
        now, then = report["current"], report["previous"]
        summary = tables[0]["rows"]
        for label, key, fmt in (
                (_("SLA pauses started"), "paused_count", "int"),
                (_("Cases paused"), "paused_cases", "int"),
                (_("Working hours paused (resumed pauses)"), "paused_hours", "days")):
            summary.append([(label, "text"), (now[key], fmt), (then[key], fmt),
                            (now[key] - then[key], "change")])
        reasons = dict(PAUSE_REASONS)
        reasons.update(self.env["realestate.complaint.sla.pause"]._fields[
            "reason"]._description_selection(self.env))
        rows = []
        for key, label in PAUSE_REASONS:
            if key not in report["pauses"]:
                continue
            cur = report["pauses"][key]["current"] or _EMPTY_PAUSE
            prev = report["pauses"][key]["previous"] or _EMPTY_PAUSE
            rows.append([(reasons[key], "text"), (cur["pauses"], "int"),
                         (cur["cases"], "int"), (cur["hours"], "days"),
                         (cur["running"], "int"), (prev["pauses"], "int"),
                         (prev["hours"], "days")])
        # After the SLA compliance, which it qualifies.
        tables.insert(2, {
            "title": _("SLA Pauses (Waiting on the Customer or a Third Party)"),
            "headers": [_("Waiting For"), _("Pauses"), _("Cases"),
                        _("Working Hours Paused"), _("Still Paused"),
                        _("Previous Pauses"), _("Previous Hours Paused")],
            "rows": rows,
        })
        return tables
