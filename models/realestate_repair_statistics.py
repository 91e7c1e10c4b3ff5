"""The monthly repair report and the assessment of the repair group's parties
(维修月报, 004:121; 零修及时率与合格率, 002:891; R36, R37).

004:121 asks for a monthly repair report and a periodic assessment of every party
of the repair group, "with customer satisfaction and the other indicators all
quantified", whose result decides the rewards and penalties of their contracts
(R36). The report gives, per project and per responsible party, the month beside
the month before, and a score of 0 to 100 per party with its rank.

What a month counts: the repair requests received in it (``kind = 'repair'`` by
``date_received``, in the company's day) and, per party, the items of those
requests. Not the items planned in the month: a failed acceptance moves an
item's plan date to the day of its second rectification (``_fail_acceptance``),
so a party would take its failed item out of the month it failed in; and a
party's rows then add up to its project's, which speak of the same requests.
The figures of a month settle as its repairs finish: print it by the 10th of
the next month (R37), beside a previous month whose repairs are done.

Like the complaint statistics (``realestate_complaint_statistics.py``), every
figure is aggregated by PostgreSQL, three queries per month whatever the number of
cases (GROUPING SETS for the total, the projects and the parties): a month over
100,000 cases is a benchmark figure (``make bench``). The queries read no
customer data and bypass record rules; the wizard decides who may ask.
"""
import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

from ..tools.periods import previous_bounds, utc_range

SATISFIED = ("4", "5")
# The indicators the score weighs (rate keys) and the company's weight fields.
SCORE_WEIGHTS = [
    ("arrival_rate", "repair_weight_arrival"),
    ("pass_rate", "repair_weight_pass"),
    ("plan_rate", "repair_weight_plan"),
    ("satisfied_share", "repair_weight_satisfaction"),
]
# The counters of one row (total, project or party), as the queries return them.
CASE_COUNTERS = ("cases", "onsite_met", "onsite_late", "onsite_breached",
                 "callbacks", "satisfied", "satisfaction_sum")
ITEM_COUNTERS = ("items", "requests", "arrived", "arrived_on_time", "reviewed",
                 "passed_first", "rectifications", "repaired", "days_sum",
                 "plan_met", "plan_late", "plan_breached")
PARTY_CALLBACK_COUNTERS = ("callbacks", "satisfied", "satisfaction_sum")
TOTAL = "total"


class ResCompany(models.Model):
    """The weights of the parties' score (004:121, R36): the company's terms of
    assessment. Defaults: arrival on time 30, passed at first acceptance 30,
    repaired by the plan date 20, customers satisfied 20; 2 points off per
    second rectification, at most 10."""

    _inherit = "res.company"

    repair_weight_arrival = fields.Integer(
        string="Score: Arrival on Time", default=30,
        help="Weight of the share of items whose party arrived by the visit time "
        "(零修及时率, 002:891) in the score of a repair party.")
    repair_weight_pass = fields.Integer(
        string="Score: Passed at First Acceptance", default=30,
        help="Weight of the share of items accepted without a second rectification "
        "(合格率, 002:891).")
    repair_weight_plan = fields.Integer(
        string="Score: Repaired by the Plan Date", default=20,
        help="Weight of the share of the work plan's dates met (004:125-126).")
    repair_weight_satisfaction = fields.Integer(
        string="Score: Customer Satisfaction", default=20,
        help="Weight of the share of callbacks satisfied or very satisfied "
        "(004:121).")
    repair_rectification_penalty = fields.Float(
        string="Points off per Second Rectification", default=2.0,
        help="Taken off a party's score for each second rectification (二次整改, "
        "004:127) of the month.")
    repair_rectification_penalty_cap = fields.Float(
        string="At Most Points off for Rectifications", default=10.0)

    @api.constrains("repair_weight_arrival", "repair_weight_pass",
                    "repair_weight_plan", "repair_weight_satisfaction",
                    "repair_rectification_penalty",
                    "repair_rectification_penalty_cap")
    def _check_repair_weights(self):
        for company in self:
            weights = [company[name] for _key, name in SCORE_WEIGHTS]
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(_(
                    "The weights of the repair parties' score cannot be negative, "
                    "and at least one is above 0."))
            if company.repair_rectification_penalty < 0 or \
                    company.repair_rectification_penalty_cap < 0:
                raise ValidationError(_(
                    "The points taken off for second rectifications cannot be "
                    "negative."))


class RealestateRepairStatistics(models.AbstractModel):
    _name = "realestate.repair.statistics"
    _description = "Repair Statistics"

    @api.model
    def _report(self, date_from, date_to, company, projects=None, period="month"):
        """The figures of a month beside the month before's, and the parties'
        scores and ranks. ``date_from``/``date_to`` are dates (inclusive) in the
        company's time zone; ``projects`` narrows to these projects."""
        previous = previous_bounds(period, date_from, date_to)
        tz = pytz.timezone(company.complaint_tz or "Asia/Shanghai")
        scope = {"company": company.id,
                 "projects": tuple(projects.ids) if projects else None}
        weights = self._weights(company)
        current = self._figures(utc_range(tz, date_from, date_to), scope)
        before = self._figures(utc_range(tz, *previous), scope)
        for figures in (current, before):
            self._rank(figures["parties"], weights)
        return {
            "date_from": date_from, "date_to": date_to,
            "previous_from": previous[0], "previous_to": previous[1],
            "company": company, "projects": projects, "weights": weights,
            "current": current, "previous": before,
        }

    @api.model
    def _weights(self, company):
        weights = {key: company[name] for key, name in SCORE_WEIGHTS}
        weights["penalty"] = company.repair_rectification_penalty
        weights["cap"] = company.repair_rectification_penalty_cap
        return weights

    @api.model
    def _figures(self, bounds, scope):
        """One month: {"total": row, "projects": {project id: row},
        "parties": {(project id, "member"|"team", id): row}}."""
        params = dict(scope, start=bounds[0], end=bounds[1], satisfied=SATISFIED)
        cases = """
            WITH cases AS (
                SELECT c.id, c.project_id, c.date_received
                  FROM realestate_complaint c
                 WHERE c.kind = 'repair' AND c.company_id = %(company)s
                   AND c.date_received >= %(start)s AND c.date_received < %(end)s
                   AND c.merged_into_id IS NULL  -- issue 16: one issue, one case
                   """ + ("AND c.project_id IN %(projects)s" if scope["projects"]
                          else "") + """
            ), callbacks AS (
                SELECT b.complaint_id, count(*) AS n,
                       count(*) FILTER (WHERE b.satisfaction IN %(satisfied)s)
                           AS satisfied,
                       sum(b.satisfaction::int) AS total
                  FROM realestate_complaint_callback b
                  JOIN cases c ON c.id = b.complaint_id
                 WHERE b.state = 'done' AND b.satisfaction IS NOT NULL
                 GROUP BY b.complaint_id
            ), items AS (
                SELECT i.id, i.complaint_id, c.project_id, i.state,
                       coalesce(i.rectification_count, 0) AS rectification_count,
                       i.date_arrived, i.arrived_on_time,
                       CASE WHEN i.state IN ('done', 'accepted')
                            THEN extract(epoch FROM i.date_repaired - c.date_received)
                                 / 86400.0 END AS days,
                       CASE WHEN i.party_id IS NOT NULL THEN 'member'
                            WHEN i.team_id IS NOT NULL THEN 'team' END AS party_kind,
                       coalesce(i.party_id, i.team_id) AS party_ref
                  FROM realestate_repair_item i
                  JOIN cases c ON c.id = i.complaint_id
                 WHERE i.state != 'cancelled'
            )"""
        cr = self.env.cr
        figures = {TOTAL: _row(), "projects": {}, "parties": {}}

        def place(project, grouped_project, counters, values, parties=None):
            if grouped_project:
                row = figures[TOTAL]
            elif parties is None:
                row = figures["projects"].setdefault(project, _row())
            else:
                row = figures["parties"].setdefault((project,) + parties, _row())
            row.update(zip(counters, (value or 0 for value in values)))

        # The requests, their onsite deadline (R20) and their callbacks.
        cr.execute(cases + """
            SELECT c.project_id, GROUPING(c.project_id), count(*),
                   count(*) FILTER (WHERE d.status = 'met'),
                   count(*) FILTER (WHERE d.status = 'met_late'),
                   count(*) FILTER (WHERE d.status = 'breached'),
                   sum(b.n)::int, sum(b.satisfied)::int, sum(b.total)::int
              FROM cases c
              LEFT JOIN realestate_complaint_deadline d
                ON d.complaint_id = c.id AND d.target = 'onsite'
               AND d.repair_item_id IS NULL
              LEFT JOIN callbacks b ON b.complaint_id = c.id
             GROUP BY GROUPING SETS ((), (c.project_id))""", params)
        for row in cr.fetchall():
            place(row[0], row[1], CASE_COUNTERS, row[2:])

        # The items, with their work-plan deadlines (004:125-127), per project
        # and per party.
        cr.execute(cases + """
            SELECT i.project_id, i.party_kind, i.party_ref,
                   GROUPING(i.project_id), GROUPING(i.party_kind),
                   count(*), count(DISTINCT i.complaint_id),
                   count(i.date_arrived),
                   count(*) FILTER (WHERE i.date_arrived IS NOT NULL
                                      AND i.arrived_on_time),
                   count(*) FILTER (WHERE i.state = 'accepted'
                                       OR i.rectification_count > 0),
                   count(*) FILTER (WHERE i.state = 'accepted'
                                      AND i.rectification_count = 0),
                   sum(i.rectification_count)::int,
                   count(i.days), sum(i.days)::float,
                   sum(dl.met)::int, sum(dl.late)::int, sum(dl.breached)::int
              FROM items i
              LEFT JOIN LATERAL (
                  SELECT count(*) FILTER (WHERE d.status = 'met') AS met,
                         count(*) FILTER (WHERE d.status = 'met_late') AS late,
                         count(*) FILTER (WHERE d.status = 'breached') AS breached
                    FROM realestate_complaint_deadline d
                   WHERE d.repair_item_id = i.id AND d.target = 'repair') dl ON true
             GROUP BY GROUPING SETS ((), (i.project_id),
                                     (i.project_id, i.party_kind, i.party_ref))""",
                   params)
        for row in cr.fetchall():
            if not row[4] and row[1] is None:
                continue    # items nobody answers for yet: in the projects only
            place(row[0], row[3], ITEM_COUNTERS, row[5:],
                  None if row[4] else (row[1], row[2]))

        # The callbacks of the requests a party repaired (004:121): a request of
        # two parties counts for both.
        cr.execute(cases + """
            SELECT p.project_id, p.party_kind, p.party_ref, sum(b.n)::int,
                   sum(b.satisfied)::int, sum(b.total)::int
              FROM (SELECT DISTINCT complaint_id, project_id, party_kind, party_ref
                      FROM items WHERE party_kind IS NOT NULL) p
              JOIN callbacks b ON b.complaint_id = p.complaint_id
             GROUP BY p.project_id, p.party_kind, p.party_ref""", params)
        for row in cr.fetchall():
            place(row[0], False, PARTY_CALLBACK_COUNTERS, row[3:], (row[1], row[2]))

        for row in [figures[TOTAL]] + list(figures["projects"].values()) + \
                list(figures["parties"].values()):
            _rates(row)
        figures["_bounds"] = bounds
        return figures

    @api.model
    def _score(self, row, weights):
        """A party's score, 0 to 100: the weighted mean of its rates (in %), less
        the points of its second rectifications (capped). An indicator without
        figures this month (no arrival recorded yet, no callback) leaves the
        mean: the other weights share its points. None without any figure."""
        parts = [(weights[key], row["_ratios"][key]) for key, _name in SCORE_WEIGHTS
                 if row["_ratios"][key] is not None and weights[key]]
        total = sum(weight for weight, _ratio in parts)
        if not total:
            return None
        score = 100.0 * sum(weight * ratio for weight, ratio in parts) / total
        score -= min(row["rectifications"] * weights["penalty"], weights["cap"])
        return round(max(score, 0.0), 1)

    @api.model
    def _rank(self, parties, weights):
        """Score and rank (1 for the best; equal scores share a rank) of each party
        of a month."""
        for row in parties.values():
            row["score"] = self._score(row, weights)
        scores = sorted((row["score"] for row in parties.values()
                         if row["score"] is not None), reverse=True)
        for row in parties.values():
            row["rank"] = None if row["score"] is None else \
                scores.index(row["score"]) + 1

    # Labels and tables

    @api.model
    def _project_labels(self, ids):
        names = dict(self.env["realestate.project"].sudo().browse(
            [pid for pid in ids if pid]).name_get())
        none = _("(none)")
        return {pid: names.get(pid) or none for pid in ids}

    @api.model
    def _party_labels(self, keys):
        members = [ref for kind, ref in keys if kind == "member"]
        teams = [ref for kind, ref in keys if kind == "team"]
        names = {("member", mid): name for mid, name in self.env[
            "realestate.repair.group.member"].sudo().browse(members).name_get()}
        names.update({("team", tid): name for tid, name in self.env[
            "realestate.complaint.team"].sudo().browse(teams).name_get()})
        return names

    @api.model
    def _parties(self, report):
        """The parties of both months, in the order of this month's rank (parties
        without a score, or with items the month before only, after)."""
        now, then = report["current"]["parties"], report["previous"]["parties"]
        keys = set(now) | set(then)
        projects = self._project_labels({key[0] for key in keys})
        parties = self._party_labels({key[1:] for key in keys})
        rows = [{"key": key, "project": projects[key[0]], "party": parties[key[1:]],
                 "current": now.get(key), "previous": then.get(key)}
                for key in keys]
        big = float("inf")
        rows.sort(key=lambda r: ((r["current"] or {}).get("rank") or big,
                                 (r["previous"] or {}).get("rank") or big,
                                 r["project"], r["party"]))
        return rows

    @api.model
    def _report_heading(self, report):
        """What the report covers, as (label, text) lines."""
        def dates(first, last):
            return "%s – %s" % (format_date(self.env, first),
                                format_date(self.env, last))
        weights = report["weights"]
        return [
            (_("Company"), report["company"].name),
            (_("Period"), dates(report["date_from"], report["date_to"])),
            (_("Previous Period"), dates(report["previous_from"],
                                         report["previous_to"])),
            (_("Projects"), ", ".join(report["projects"].mapped("name"))
             if report["projects"] else _("All")),
            (_("Score"), _(
                "arrival on time %(arrival)s, passed at first acceptance %(pass)s, "
                "repaired by the plan date %(plan)s, satisfied customers "
                "%(satisfaction)s (weights); %(penalty)g points off per second "
                "rectification, at most %(cap)g") % {
                "arrival": weights["arrival_rate"], "pass": weights["pass_rate"],
                "plan": weights["plan_rate"],
                "satisfaction": weights["satisfied_share"],
                "penalty": weights["penalty"], "cap": weights["cap"]}),
        ]

    @api.model
    def _summary_rows(self, now, then):
        def change(a, b):
            return (None if a is None or b is None else round(a - b, 2), "change")

        def figure(label, key, fmt="int"):
            return [(label, "text"), (now[key], fmt), (then[key], fmt),
                    change(now[key], then[key])]
        return [
            figure(_("Repair requests received"), "cases"),
            figure(_("Repair items"), "items"),
            figure(_("On site in time, share of requests (%)"), "onsite_rate",
                   "pct"),
            figure(_("Arrived on time, share of items (%)"), "arrival_rate", "pct"),
            figure(_("Passed at first acceptance, share of items (%)"), "pass_rate",
                   "pct"),
            figure(_("Second rectifications"), "rectifications"),
            figure(_("Average days from request to repair"), "days_avg", "days"),
            figure(_("Work-plan dates met (%)"), "plan_rate", "pct"),
            figure(_("Callbacks made"), "callbacks"),
            figure(_("Satisfied or very satisfied (%)"), "satisfied_share", "pct"),
            figure(_("Average satisfaction (1-5)"), "satisfaction_avg", "days"),
        ]

    @api.model
    def _tables(self, report):
        """The report as titled tables of cells, the same for the printed report
        and the spreadsheet (cells as in the complaint statistics' ``_tables``)."""
        now, then = report["current"], report["previous"]
        headers = [_("Figure"), _("This Period"), _("Previous Period"), _("Change")]
        tables = [{"title": _("Summary"), "headers": headers,
                   "rows": self._summary_rows(now[TOTAL], then[TOTAL])}]
        projects = set(now["projects"]) | set(then["projects"])
        if len(projects) > 1:
            labels = self._project_labels(projects)
            for project in sorted(projects, key=lambda p: (p is None, labels[p])):
                tables.append({
                    "title": _("Project: %s") % labels[project], "headers": headers,
                    "rows": self._summary_rows(
                        now["projects"].get(project) or _rates(_row()),
                        then["projects"].get(project) or _rates(_row()))})
        parties = self._parties(report)
        columns = [_("Rank"), _("Project"), _("Responsible Party"), _("Requests"),
                   _("Items"), _("Arrived on Time (%)"),
                   _("Passed First Time (%)"), _("Second Rectifications"),
                   _("Days to Repair"), _("Plan Dates Met (%)"), _("Satisfied (%)"),
                   _("Score")]

        def cells(row, month):
            figures = row[month] or {}
            return [(figures.get("rank"), "int"), (row["project"], "text"),
                    (row["party"], "text"), (figures.get("requests"), "int"),
                    (figures.get("items"), "int"),
                    (figures.get("arrival_rate"), "pct"),
                    (figures.get("pass_rate"), "pct"),
                    (figures.get("rectifications"), "int"),
                    (figures.get("days_avg"), "days"),
                    (figures.get("plan_rate"), "pct"),
                    (figures.get("satisfied_share"), "pct"),
                    (figures.get("score"), "pct")]

        def score_change(row):
            a = (row["current"] or {}).get("score")
            b = (row["previous"] or {}).get("score")
            return (None if a is None or b is None else round(a - b, 1), "change")
        tables.append({
            "title": _("Assessment of the Repair Parties"),
            "headers": columns + [_("Previous Score"), _("Change")],
            "rows": [cells(row, "current") + [
                ((row["previous"] or {}).get("score"), "pct"), score_change(row)]
                for row in parties if row["current"]],
        })
        previous = [row for row in parties if row["previous"]]
        previous.sort(key=lambda r: (r["previous"]["rank"] or float("inf"),
                                     r["project"], r["party"]))
        tables.append({
            "title": _("Assessment of the Repair Parties, Previous Period"),
            "headers": columns,
            "rows": [cells(row, "previous") for row in previous],
        })
        tables.append({
            "title": _("How the Figures Are Counted"),
            "headers": [_("Figure"), _("Counted As")],
            "rows": [[(label, "text"), (text, "text")] for label, text in [
                (_("Repair requests"), _(
                    "Repair cases received in the period; a party's figures are "
                    "those of the items of these requests it answers for.")),
                (_("On site in time"), _(
                    "Requests whose on-site deadline was met, among those met, "
                    "met late or breached.")),
                (_("Arrived on time"), _(
                    "Items whose party arrived by the visit time agreed with the "
                    "owner (else on the repair date), among items with an "
                    "arrival recorded (零修及时率).")),
                (_("Passed first time"), _(
                    "Items accepted without a second rectification, among items "
                    "accepted or sent back (合格率).")),
                (_("Days to repair"), _(
                    "Calendar days from the request to the party's last "
                    "completion of the item, for items repaired.")),
                (_("Plan dates met"), _(
                    "Work-plan dates (one per round of rectification) met, among "
                    "those met, met late or breached.")),
                (_("Satisfied"), _(
                    "Callbacks made of the requests: satisfied or very "
                    "satisfied.")),
                (_("Score"), _(
                    "The weighted mean of the four shares (an indicator without "
                    "figures leaves the mean), less the points of the second "
                    "rectifications: it decides rewards and penalties (R36).")),
            ]],
        })
        return tables


def _row():
    row = dict.fromkeys(CASE_COUNTERS + ITEM_COUNTERS, 0)
    row.update(score=None, rank=None)
    return row


def _ratio(part, whole):
    return float(part) / whole if whole else None


def _rates(row):
    """The shares (in %, one decimal) and averages of a row of counters; the
    exact ratios in ``_ratios`` for the score."""
    ratios = {
        "onsite_rate": _ratio(row["onsite_met"], row["onsite_met"]
                              + row["onsite_late"] + row["onsite_breached"]),
        "arrival_rate": _ratio(row["arrived_on_time"], row["arrived"]),
        "pass_rate": _ratio(row["passed_first"], row["reviewed"]),
        "plan_rate": _ratio(row["plan_met"], row["plan_met"] + row["plan_late"]
                            + row["plan_breached"]),
        "satisfied_share": _ratio(row["satisfied"], row["callbacks"]),
    }
    row["_ratios"] = ratios
    row.update({key: None if value is None else round(100.0 * value, 1)
                for key, value in ratios.items()})
    days = _ratio(row["days_sum"], row["repaired"])
    row["days_avg"] = None if days is None else round(days, 1)
    average = _ratio(row["satisfaction_sum"], row["callbacks"])
    row["satisfaction_avg"] = None if average is None else round(average, 2)
    return row
