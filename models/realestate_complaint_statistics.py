"""The figures of the periodic reports to the leadership (R37, R38).

Every figure is aggregated by PostgreSQL, one query per family of figures (the
breakdowns share one with GROUPING SETS), whatever the number of cases: the monthly
statistics over 100,000 cases are a benchmark figure (`make bench`). The queries
bypass record rules on purpose: they return counts, never customer data, and the
wizard that asks for them is for supervisors and executives only, limited to their
companies.
"""
import pytz

from odoo import _, api, fields, models
from odoo.tools.misc import format_date

from ..tools.periods import previous_bounds, utc_range
from .realestate_complaint_callback_rate import CALLED_BACK, DEFAULT_RATES, EXEMPT

# The breakdowns of the cases received in a period: key, column.
BREAKDOWNS = [
    ("kind", "kind"),
    ("category", "category_id"),
    ("level", "level"),
    ("channel", "channel"),
    ("project", "project_id"),
    ("team", "team_id"),
    # Issue 15: the sales side of the complaints.
    ("salesperson", "salesperson_id"),
    ("sales_team", "sales_team_id"),
    ("phase", "phase"),
]
TOP_ISSUES = 5
_EMPTY_SLA = {"met": 0, "late": 0, "breached": 0, "pending": 0, "compliance": None}
_EMPTY_CALLBACK = {"resolved": 0, "chosen": 0, "rate": None, "target": None}


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    @api.model_cr
    def init(self):
        super(RealestateComplaint, self).init()
        # The statistics count the cases closed in a period and those still open
        # at its end (closed after it, or not closed): by this index, not by
        # reading every case received before the period's end.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS realestate_complaint_date_closed_idx "
            "ON realestate_complaint (date_closed)")


class RealestateComplaintStatistics(models.AbstractModel):
    _name = "realestate.complaint.statistics"
    _description = "Complaint Statistics"

    @api.model
    def _report(self, period, date_from, date_to, company, projects=None,
                teams=None):
        """The figures of a period beside those of the period before (R37).

        ``date_from``/``date_to`` are dates (inclusive) in the company's time zone."""
        previous = previous_bounds(period, date_from, date_to)
        tz = pytz.timezone(company.complaint_tz or "Asia/Shanghai")
        scope = {"company": company.id,
                 "projects": tuple(projects.ids) if projects else None,
                 "teams": tuple(teams.ids) if teams else None}
        current = self._figures(utc_range(tz, date_from, date_to), scope)
        before = self._figures(utc_range(tz, *previous), scope)
        return {
            "period": period,
            "date_from": date_from, "date_to": date_to,
            "previous_from": previous[0], "previous_to": previous[1],
            "company": company, "projects": projects, "teams": teams,
            "current": current, "previous": before,
            "breakdowns": self._merge_breakdowns(current, before),
            "top_issues": self._top_issues(current, before),
            "sla": self._merge_keyed(current["sla"], before["sla"]),
            "callbacks": self._merge_keyed(current["callbacks"], before["callbacks"]),
            "satisfaction": self._merge_keyed(
                current["satisfaction"], before["satisfaction"]),
        }

    @api.model
    def _scope_sql(self, scope):
        """The cases of the company, of the chosen projects and departments."""
        # 002:815: the same complaint brought to another department is recorded
        # once, on its case.
        where = " AND c.company_id = %(company)s" \
            " AND c.repeat_kind IS DISTINCT FROM 'elsewhere'"
        if scope["projects"]:
            where += " AND c.project_id IN %(projects)s"
        if scope["teams"]:
            where += " AND c.team_id IN %(teams)s"
        return where

    @api.model
    def _figures(self, bounds, scope):
        """All figures of one period: a dict of numbers and keyed rows.

        Each query reads the cases or records of the period by index, whatever
        the history (issue 17: 4.4 s at 1,000,000 cases, when the figures read
        every case received before the period's end and joined the period's
        deadlines to every case): the cases received in the period (breakdowns,
        received, repeats, groups, sales matters), those closed since its start
        or not closed (closed, open at its end), those resolved in it
        (resolution times, callbacks), and the cases of its deadlines and
        callbacks by their ids. Every figure keeps its own condition."""
        params = dict(scope, start=bounds[0], end=bounds[1],
                      now=fields.Datetime.now(), called_back=CALLED_BACK,
                      exempt=EXEMPT)
        cr = self.env.cr
        where = self._scope_sql(scope)
        figures = {"_bounds": bounds, "_now": params["now"]}

        # The cases received in the period, in one pass: the breakdowns
        # (GROUPING SETS) and, in the grand total (), the counts.
        cr.execute("""
            SELECT """ + ", ".join(
                "c.%s::text" % column for _key, column in BREAKDOWNS) + """,
                   """ + ", ".join(
                "GROUPING(c.%s)" % column for _key, column in BREAKDOWNS) + """,
                   count(*), count(*) FILTER (WHERE c.repeat_of_id IS NOT NULL),
                   count(*) FILTER (WHERE c.is_group_risk)
              FROM realestate_complaint c
             WHERE c.date_received >= %(start)s AND c.date_received < %(end)s
                   """ + where + """
             GROUP BY GROUPING SETS (""" + ", ".join(
                "(c.%s)" % column for _key, column in BREAKDOWNS) + ", ())",
                   params)
        n = len(BREAKDOWNS)
        breakdowns = {key: {} for key, _column in BREAKDOWNS}
        figures.update(received=0, repeat=0, group=0)
        for row in cr.fetchall():
            if 0 not in row[n:2 * n]:
                figures.update(received=row[-3], repeat=row[-2], group=row[-1])
                continue
            index = row[n:2 * n].index(0)
            breakdowns[BREAKDOWNS[index][0]][row[index]] = row[-3]
        figures["breakdowns"] = breakdowns
        # Issue 15: the sales matters received (promises, contracts, sales staff):
        # a category flagged as such, or under one (by parent_id: the nested set
        # is not computed yet while a module installs); counted from the
        # breakdown by category.
        cr.execute("""
            WITH RECURSIVE sales AS (
                SELECT id FROM realestate_complaint_category WHERE sales_related
                 UNION
                SELECT cat.id FROM realestate_complaint_category cat
                  JOIN sales ON cat.parent_id = sales.id)
            SELECT id::text FROM sales""")
        sales = {row[0] for row in cr.fetchall()}
        figures["sales_matters"] = sum(
            count for category, count in breakdowns["category"].items()
            if category in sales)
        figures["sales_share"] = _share(figures["sales_matters"], figures["received"])

        # Closed in the period and open at its end: the cases not closed and
        # those closed since the period's start (two disjoint index scans;
        # written as one condition, PostgreSQL read the whole table).
        cr.execute("""
            SELECT count(*) FILTER (WHERE s.date_closed >= %(start)s
                                      AND s.date_closed < %(end)s),
                   count(*) FILTER (WHERE s.date_closed IS NULL
                                       OR s.date_closed >= %(end)s)
              FROM (SELECT c.date_closed FROM realestate_complaint c
                     WHERE c.date_closed IS NULL AND c.date_received < %(end)s
                           """ + where + """
                    UNION ALL
                    SELECT c.date_closed FROM realestate_complaint c
                     WHERE c.date_closed >= %(start)s AND c.date_received < %(end)s
                           """ + where + """) s""", params)
        figures["closed"], figures["open"] = cr.fetchone()

        # Resolved in the period: resolution times, and the callbacks against
        # the rate (R27, R28), counted as the rate counts them: anonymous cases
        # and written replies not (one pass; per kind, and () for the times).
        targets = self._callback_targets(scope["company"])
        cr.execute("""
            SELECT c.kind, GROUPING(c.kind),
                   count(*) FILTER (WHERE c.callback_decision NOT IN %(exempt)s),
                   count(*) FILTER (WHERE c.callback_decision NOT IN %(exempt)s
                                      AND c.callback_decision IN %(called_back)s),
                   count(*) FILTER (WHERE c.callback_decision NOT IN %(exempt)s
                                      AND EXISTS (
                       SELECT 1 FROM realestate_complaint_callback b
                        WHERE b.complaint_id = c.id AND b.state = 'done')),
                   count(*) FILTER (WHERE c.date_received < %(end)s),
                   avg(c.resolution_days) FILTER (WHERE c.date_received < %(end)s),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY c.resolution_days)
                       FILTER (WHERE c.date_received < %(end)s)
              FROM realestate_complaint c
             WHERE c.date_resolved >= %(start)s AND c.date_resolved < %(end)s
                   """ + where + """
             GROUP BY GROUPING SETS ((c.kind), ())""", params)
        figures.update(resolved=0, callbacks={})
        average = p90 = None
        for kind, whole, resolved, chosen, done, all_, mean, pct in cr.fetchall():
            if whole:
                figures["resolved"], average, p90 = all_, mean, pct
            elif resolved:
                figures["callbacks"][kind] = {
                    "resolved": resolved, "chosen": chosen, "done": done,
                    "rate": _share(chosen, resolved), "target": targets.get(kind)}
        figures["resolution_avg"] = None if average is None else round(average, 2)
        figures["resolution_p90"] = None if p90 is None else round(p90, 2)

        # SLA compliance per target, of the deadlines due in the period (R18, R25);
        # their cases found by id (joined, PostgreSQL hashed every case).
        cr.execute("""
            SELECT d.target,
                   count(*) FILTER (WHERE d.date_done IS NOT NULL
                                      AND d.date_done <= d.date_deadline),
                   count(*) FILTER (WHERE d.date_done > d.date_deadline),
                   count(*) FILTER (WHERE d.date_done IS NULL
                                      AND d.date_deadline < %(now)s),
                   count(*) FILTER (WHERE d.date_done IS NULL
                                      AND d.date_deadline >= %(now)s)
              FROM realestate_complaint_deadline d
             WHERE d.date_deadline >= %(start)s AND d.date_deadline < %(end)s
               AND d.complaint_id IN (
                   SELECT c.id FROM realestate_complaint c
                    WHERE c.id = ANY(ARRAY(
                          SELECT complaint_id FROM realestate_complaint_deadline
                           WHERE date_deadline >= %(start)s
                             AND date_deadline < %(end)s)) """ + where + """)
             GROUP BY d.target""", params)
        figures["sla"] = {
            target: {"met": met, "late": late, "breached": breached,
                     "pending": pending,
                     "compliance": _share(met, met + late + breached)}
            for target, met, late, breached, pending in cr.fetchall()}

        # Satisfaction of the callbacks made in the period (R38).
        cr.execute("""
            SELECT b.satisfaction, count(*)
              FROM realestate_complaint_callback b
             WHERE b.state = 'done' AND b.date_done >= %(start)s
               AND b.date_done < %(end)s
               AND b.complaint_id IN (
                   SELECT c.id FROM realestate_complaint c
                    WHERE c.id = ANY(ARRAY(
                          SELECT complaint_id FROM realestate_complaint_callback
                           WHERE state = 'done' AND date_done >= %(start)s
                             AND date_done < %(end)s)) """ + where + """)
             GROUP BY b.satisfaction""", params)
        satisfaction = {value: {"count": count} for value, count in cr.fetchall()}
        total = sum(row["count"] for row in satisfaction.values())
        for row in satisfaction.values():
            row["share"] = _share(row["count"], total)
        figures["satisfaction"] = satisfaction
        figures["callbacks_done"] = total
        figures["satisfied_share"] = _share(sum(
            satisfaction.get(value, {}).get("count", 0) for value in ("4", "5")), total)
        return figures

    @api.model
    def _callback_targets(self, company_id):
        """The company's callback rate per kind (R27, R28), defaults otherwise."""
        targets = dict(DEFAULT_RATES)
        for rate in self.env["realestate.complaint.callback.rate"].sudo().search(
                [("company_id", "=", company_id)]):
            targets[rate.kind] = rate.rate
        return targets

    @api.model
    def _labels(self, key, values):
        """Readable labels of breakdown values (selection labels, record names)."""
        Complaint = self.env["realestate.complaint"]
        if key in ("kind", "level", "channel"):
            labels = dict(Complaint._fields[key]._description_selection(self.env))
            return {value: labels.get(value, value) for value in values}
        if key == "phase":
            return {value: value for value in values}
        model = {"category": "realestate.complaint.category",
                 "project": "realestate.project",
                 "team": "realestate.complaint.team",
                 "salesperson": "res.users", "sales_team": "crm.team"}[key]
        ids = [int(value) for value in values if value]
        names = dict(self.env[model].sudo().browse(ids).name_get())
        return {value: names.get(int(value)) if value else False for value in values}

    @api.model
    def _merge_breakdowns(self, current, before):
        """Per breakdown: rows (label, this period, previous period), biggest first;
        cases without a value (no project, no department yet) last."""
        titles = {"kind": _("Kind"), "category": _("Category"), "level": _("Level"),
                  "channel": _("Channel"), "project": _("Project"),
                  "team": _("Department"), "salesperson": _("Salesperson"),
                  "sales_team": _("Sales Team"), "phase": _("Project Phase")}
        # Not in the comprehension below: _() finds the language in its caller's
        # frame, and a comprehension has its own, without `self`.
        none = _("(none)")
        result = []
        for key, _column in BREAKDOWNS:
            now, then = current["breakdowns"][key], before["breakdowns"][key]
            values = set(now) | set(then)
            labels = self._labels(key, values)
            rows = [{"key": value, "label": labels[value] or none,
                     "current": now.get(value, 0), "previous": then.get(value, 0)}
                    for value in values]
            rows.sort(key=lambda r: (r["key"] is None, -r["current"], -r["previous"],
                                     r["label"]))
            result.append({"key": key, "label": titles[key], "rows": rows})
        return result

    @api.model
    def _top_issues(self, current, before):
        """The categories most complained about in the period, with their share;
        ties by the period before, then by name, as the breakdowns (they came in
        the order PostgreSQL grouped them, which a query's change reshuffled)."""
        now = current["breakdowns"]["category"]
        then = before["breakdowns"]["category"]
        labels = self._labels("category", [value for value in now if value])
        top = sorted((value for value in now if value),
                     key=lambda value: (-now[value], -then.get(value, 0),
                                        labels[value] or ""))[:TOP_ISSUES]
        return [{"label": labels[value], "current": now[value],
                 "previous": then.get(value, 0),
                 "share": _share(now[value], current["received"])} for value in top]

    @api.model
    def _report_heading(self, report):
        """What the report covers, as (label, text) lines."""
        def dates(first, last):
            return "%s – %s" % (format_date(self.env, first),
                                format_date(self.env, last))
        return [
            (_("Company"), report["company"].name),
            (_("Period"), dates(report["date_from"], report["date_to"])),
            (_("Previous Period"), dates(report["previous_from"],
                                         report["previous_to"])),
            (_("Projects"), ", ".join(report["projects"].mapped("name"))
             if report["projects"] else _("All")),
            (_("Departments"), ", ".join(report["teams"].mapped("name"))
             if report["teams"] else _("All")),
        ]

    @api.model
    def _tables(self, report):
        """The report as titled tables of cells, the same for the printed report
        and the spreadsheet: each cell is (value, format), format one of "text",
        "int", "days", "pct", "change"."""
        now, then = report["current"], report["previous"]

        def change(a, b):
            return (None if a is None or b is None else a - b, "change")

        def figure(label, key, fmt="int"):
            return [(label, "text"), (now[key], fmt), (then[key], fmt),
                    change(now[key], then[key])]
        tables = [{
            "title": _("Summary"),
            "headers": [_("Figure"), _("This Period"), _("Previous Period"),
                        _("Change")],
            "rows": [
                figure(_("Cases received"), "received"),
                figure(_("Cases closed"), "closed"),
                figure(_("Open at the end of the period"), "open"),
                figure(_("Cases resolved"), "resolved"),
                figure(_("Average resolution time (working days)"),
                       "resolution_avg", "days"),
                figure(_("90th percentile resolution time (working days)"),
                       "resolution_p90", "days"),
                figure(_("Repeat complaints"), "repeat"),
                figure(_("Group complaints"), "group"),
                figure(_("Sales matters (promises, contracts, sales staff)"),
                       "sales_matters"),
                figure(_("Sales matters, share of cases received (%)"),
                       "sales_share", "pct"),
                figure(_("Callbacks made"), "callbacks_done"),
                figure(_("Satisfied or very satisfied (%)"), "satisfied_share", "pct"),
            ],
        }]
        Deadline = self.env["realestate.complaint.deadline"]
        targets = Deadline._fields["target"]._description_selection(self.env)
        tables.append({
            "title": _("SLA Compliance per Target"),
            "headers": [_("Target"), _("Met in Time"), _("Met Late"), _("Breached"),
                        _("Not Yet Due"), _("Compliance (%)"),
                        _("Previous Compliance (%)")],
            "rows": [[(label, "text")] + [
                (cur[key], "int") for key in ("met", "late", "breached", "pending")] + [
                (cur["compliance"], "pct"), (prev["compliance"], "pct")]
                for key_, label in targets if key_ in report["sla"]
                for cur, prev in [(report["sla"][key_]["current"] or _EMPTY_SLA,
                                   report["sla"][key_]["previous"] or _EMPTY_SLA)]],
        })
        kinds = self.env["realestate.complaint"]._fields["kind"]._description_selection(
            self.env)
        tables.append({
            "title": _("Callbacks against the Rate"),
            "headers": [_("Kind"), _("Resolved"), _("Chosen for a Callback"),
                        _("Rate (%)"), _("Target (%)"), _("Previous Rate (%)")],
            "rows": [[(label, "text"), (cur["resolved"], "int"), (cur["chosen"], "int"),
                      (cur["rate"], "pct"), (cur["target"], "pct"),
                      (prev["rate"], "pct")]
                     for key_, label in kinds if key_ in report["callbacks"]
                     for cur, prev in [(
                         report["callbacks"][key_]["current"] or _EMPTY_CALLBACK,
                         report["callbacks"][key_]["previous"] or _EMPTY_CALLBACK)]],
        })
        levels = self.env["realestate.complaint.callback"]._fields[
            "satisfaction"]._description_selection(self.env)
        tables.append({
            "title": _("Satisfaction at Callback"),
            "headers": [_("Satisfaction"), _("Callbacks"), _("Share (%)"),
                        _("Previous Period")],
            "rows": [[(label, "text"), (cur.get("count", 0), "int"),
                      (cur.get("share"), "pct"), (prev.get("count", 0), "int")]
                     for key_, label in levels
                     for cur, prev in [(
                         (report["satisfaction"].get(key_) or {}).get("current") or {},
                         (report["satisfaction"].get(key_) or {}).get("previous")
                         or {})]],
        })
        tables.append({
            "title": _("Top Issues"),
            "headers": [_("Category"), _("Cases"), _("Share (%)"),
                        _("Previous Period")],
            "rows": [[(row["label"], "text"), (row["current"], "int"),
                      (row["share"], "pct"), (row["previous"], "int")]
                     for row in report["top_issues"]],
        })
        for breakdown in report["breakdowns"]:
            tables.append({
                "title": _("Cases Received by %s") % breakdown["label"],
                "headers": [breakdown["label"], _("This Period"), _("Previous Period"),
                            _("Change")],
                "rows": [[(row["label"], "text"), (row["current"], "int"),
                          (row["previous"], "int"),
                          change(row["current"], row["previous"])]
                         for row in breakdown["rows"]],
            })
        return tables

    @api.model
    def _merge_keyed(self, current, before):
        """Rows keyed alike (SLA targets, kinds, satisfaction values) side by side."""
        return {key: {"current": current.get(key), "previous": before.get(key)}
                for key in set(current) | set(before)}


def _share(part, whole):
    """A percentage, or None when there is nothing to divide."""
    return round(100.0 * part / whole, 1) if whole else None
