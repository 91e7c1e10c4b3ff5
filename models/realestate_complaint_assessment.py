"""The monthly assessment of agents and departments (004:79-80, 004:203, 004:206,
000:138-140; R36).

004:203 and 004:206 give customer service the assessment (考核) of complaint
handling; 004:79 assesses staff on service quality and customer satisfaction and
004:80 rewards the good and penalises the failing; 000:140 assesses every step of
complaint handling. The score is made of figures the addon already keeps, per
agent (the case's owner, 首问责任制) and per responsible department (the case's
department, 一把手责任制):

- on time: the case's deadlines due in the month, met among met, met late and
  breached (repair items' deadlines belong to the repair parties' own score);
- not reopened: callbacks made in the month that did not reopen the case (R30);
- satisfied: callbacks made in the month rated satisfied or very satisfied;
- not escalated: deadlines due in the month that never climbed a tier (R22).

The score, 0 to 100, is the weighted mean of these shares (the company's
weights, like the repair parties' score): an indicator without figures in the
month leaves the mean. Scores are stored per month so that a reward or penalty
(R36) can name the line it rests on. Survey results are not part of it: they are
yearly and per project, not per month and department.
"""
from datetime import date

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.periods import utc_range
from ..tools.process_context import by_process
from .roles import SUPERVISOR, EXECUTIVE

SATISFIED = ("4", "5")
KINDS = [("agent", "Agent"), ("department", "Department")]
# (rate field, company weight field)
WEIGHTS = [
    ("rate_on_time", "assessment_weight_on_time"),
    ("rate_not_reopened", "assessment_weight_reopened"),
    ("rate_satisfied", "assessment_weight_satisfaction"),
    ("rate_not_escalated", "assessment_weight_escalation"),
]
COUNTERS = ("deadlines_met", "deadlines_late", "deadlines_breached",
            "deadlines_escalated", "callbacks", "callbacks_satisfied",
            "callbacks_reopened")


class ResCompany(models.Model):
    """The weights of the monthly assessment (004:79): the company's terms."""

    _inherit = "res.company"

    assessment_weight_on_time = fields.Integer(
        string="Assessment: Deadlines Met", default=40,
        help="Weight of the share of deadlines met in time in the monthly score "
        "of agents and departments.")
    assessment_weight_reopened = fields.Integer(
        string="Assessment: Not Reopened", default=20,
        help="Weight of the share of callbacks that did not reopen the case.")
    assessment_weight_satisfaction = fields.Integer(
        string="Assessment: Customer Satisfaction", default=30,
        help="Weight of the share of callbacks satisfied or very satisfied.")
    assessment_weight_escalation = fields.Integer(
        string="Assessment: Not Escalated", default=10,
        help="Weight of the share of deadlines that never climbed an escalation "
        "tier.")

    @api.constrains("assessment_weight_on_time", "assessment_weight_reopened",
                    "assessment_weight_satisfaction", "assessment_weight_escalation")
    def _check_assessment_weights(self):
        for company in self:
            weights = [company[name] for _rate, name in WEIGHTS]
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(_(
                    "The weights of the monthly assessment cannot be negative, and "
                    "at least one is above 0."))


class RealestateComplaintAssessment(models.Model):
    """One agent's or department's score of one month (004:79, 004:206)."""

    _name = "realestate.complaint.assessment"
    _description = "Monthly Assessment"
    _order = "date_month desc, kind, rank, id"

    company_id = fields.Many2one("res.company", required=True, index=True,
                                 readonly=True)
    date_month = fields.Date(string="Month", required=True, index=True,
                             readonly=True, help="The first day of the month.")
    kind = fields.Selection(KINDS, required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True,
                              index=True)
    team_id = fields.Many2one("realestate.complaint.team", string="Department",
                              readonly=True, index=True)
    deadlines_met = fields.Integer(readonly=True)
    deadlines_late = fields.Integer(string="Met Late", readonly=True)
    deadlines_breached = fields.Integer(string="Breached", readonly=True)
    deadlines_escalated = fields.Integer(string="Escalated", readonly=True)
    callbacks = fields.Integer(readonly=True)
    callbacks_satisfied = fields.Integer(string="Satisfied", readonly=True)
    callbacks_reopened = fields.Integer(string="Reopened", readonly=True)
    rate_on_time = fields.Float(string="On Time (%)", readonly=True,
                                group_operator="avg")
    rate_not_reopened = fields.Float(string="Not Reopened (%)", readonly=True,
                                     group_operator="avg")
    rate_satisfied = fields.Float(string="Satisfied (%)", readonly=True,
                                  group_operator="avg")
    rate_not_escalated = fields.Float(string="Not Escalated (%)", readonly=True,
                                      group_operator="avg")
    score = fields.Float(readonly=True, group_operator="avg",
                         help="0 to 100: the weighted mean of the four shares.")
    has_score = fields.Boolean(readonly=True)
    rank = fields.Integer(readonly=True,
                          help="1 for the best score of the month among agents, "
                          "or among departments; equal scores share a rank.")
    sanction_ids = fields.One2many(
        "realestate.complaint.sanction", "assessment_id",
        string="Rewards and Penalties",
        groups=EXECUTIVE)

    _sql_constraints = [
        ("month_key_uniq", "unique (company_id, date_month, kind, user_id, team_id)",
         "One score per agent or department and month."),
    ]

    def name_get(self):
        return [(line.id, "%s %s" % (
            (line.user_id if line.kind == "agent" else line.team_id).sudo()
            .display_name or "", line.date_month[:7])) for line in self]

    # Figures

    @api.model
    def _figures(self, company, month):
        """{(kind, id): counters} of the month (its local days, the company's
        time zone): two queries, whatever the number of cases."""
        tz = pytz.timezone(company.complaint_tz or "Asia/Shanghai")
        start, end = utc_range(tz, month, month + relativedelta(months=1, days=-1))
        params = {"company": company.id, "start": start, "end": end,
                  "satisfied": SATISFIED}
        cr = self.env.cr
        rows = {}

        def place(grouping, user, team, counters, values):
            key = ("department", team) if grouping else ("agent", user)
            if key[1]:
                row = rows.setdefault(key, dict.fromkeys(COUNTERS, 0))
                row.update(zip(counters, (value or 0 for value in values)))

        cr.execute("""
            SELECT GROUPING(c.user_id), c.user_id, c.team_id,
                   count(*) FILTER (WHERE d.status = 'met'),
                   count(*) FILTER (WHERE d.status = 'met_late'),
                   count(*) FILTER (WHERE d.status = 'breached'),
                   count(*) FILTER (WHERE d.escalation_count > 0)
              FROM realestate_complaint_deadline d
              JOIN realestate_complaint c ON c.id = d.complaint_id
             WHERE c.company_id = %(company)s AND d.repair_item_id IS NULL
               AND d.status IN ('met', 'met_late', 'breached')
               AND d.date_deadline >= %(start)s AND d.date_deadline < %(end)s
          GROUP BY GROUPING SETS ((c.user_id), (c.team_id))""", params)
        for row in cr.fetchall():
            place(row[0], row[1], row[2], COUNTERS[:4], row[3:])
        cr.execute("""
            SELECT GROUPING(c.user_id), c.user_id, c.team_id, count(*),
                   count(*) FILTER (WHERE b.satisfaction IN %(satisfied)s),
                   count(*) FILTER (WHERE b.is_unhappy)
              FROM realestate_complaint_callback b
              JOIN realestate_complaint c ON c.id = b.complaint_id
             WHERE c.company_id = %(company)s AND b.state = 'done'
               AND b.satisfaction IS NOT NULL
               AND b.date_done >= %(start)s AND b.date_done < %(end)s
          GROUP BY GROUPING SETS ((c.user_id), (c.team_id))""", params)
        for row in cr.fetchall():
            place(row[0], row[1], row[2], COUNTERS[4:], row[3:])
        return rows

    @api.model
    def _rates(self, row, company):
        """The shares (in %, one decimal) and the score of a row of counters."""
        deadlines = row["deadlines_met"] + row["deadlines_late"] + \
            row["deadlines_breached"]
        callbacks = row["callbacks"]
        ratios = {
            "rate_on_time": deadlines and float(row["deadlines_met"]) / deadlines,
            "rate_not_escalated": deadlines and 1.0 - float(
                row["deadlines_escalated"]) / deadlines,
            "rate_satisfied": callbacks and float(
                row["callbacks_satisfied"]) / callbacks,
            "rate_not_reopened": callbacks and 1.0 - float(
                row["callbacks_reopened"]) / callbacks,
        }
        has = {"rate_on_time": bool(deadlines), "rate_not_escalated": bool(deadlines),
               "rate_satisfied": bool(callbacks), "rate_not_reopened": bool(callbacks)}
        parts = [(company[weight], ratios[rate]) for rate, weight in WEIGHTS
                 if has[rate] and company[weight]]
        total = sum(weight for weight, _ratio in parts)
        vals = {rate: round(100.0 * ratios[rate], 1) if has[rate] else 0.0
                for rate, _weight in WEIGHTS}
        vals["has_score"] = bool(total)
        vals["score"] = round(100.0 * sum(
            weight * ratio for weight, ratio in parts) / total, 1) if total else 0.0
        return vals

    @api.model
    def _generate(self, company, month):
        """Store the scores of ``month`` (a date: its month) for ``company``:
        lines are updated in place (a reward or penalty may name them), lines
        whose figures vanished are dropped unless a reward or penalty names
        them. Ranks among agents and among departments."""
        month = month.replace(day=1)
        rows = self._figures(company, month)
        month_str = fields.Date.to_string(month)
        Line = self.sudo()
        existing = {(line.kind, (line.user_id if line.kind == "agent"
                                 else line.team_id).id): line
                    for line in Line.search([("company_id", "=", company.id),
                                             ("date_month", "=", month_str)])}
        lines = Line.browse()
        with by_process():
            for key, row in rows.items():
                vals = dict(row, **self._rates(row, company))
                line = existing.pop(key, None)
                if line:
                    line.write(vals)
                else:
                    vals.update(company_id=company.id, date_month=month_str,
                                kind=key[0])
                    vals["user_id" if key[0] == "agent" else "team_id"] = key[1]
                    line = Line.create(vals)
                lines |= line
            stale = Line.browse([line.id for line in existing.values()])
            stale.filtered(lambda line: not line.sudo().sanction_ids).unlink()
            for kind, _label in KINDS:
                of_kind = lines.filtered(lambda line: line.kind == kind)
                scores = sorted({line.score for line in of_kind if line.has_score},
                                reverse=True)
                for line in of_kind:
                    line.rank = scores.index(line.score) + 1 \
                        if line.has_score else 0
        return lines

    @api.model
    def _cron_generate(self):
        """On the 1st: last month's scores of every company (004:206)."""
        last = date.today().replace(day=1) - relativedelta(months=1)
        # Every company, a handful: pylint: disable-next=no-search-all
        for company in self.env["res.company"].search([]):
            self._generate(company, last)

    # Rewards and penalties

    def action_propose_sanction(self):
        """R36, 004:80: a reward or penalty resting on this score; supervisors
        propose, executives decide (the wizard says which)."""
        self.ensure_one()
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(_("Only CS supervisors and executives propose rewards "
                                "and penalties."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Reward or Penalty"),
            "res_model": "realestate.complaint.assessment.sanction",
            "view_mode": "form", "target": "new",
            "context": {"default_assessment_id": self.id},
        }

    def _person(self):
        """Who a reward or penalty of this line is for: the agent, or the
        department's head (一把手责任制, R25)."""
        self.ensure_one()
        return self.user_id if self.kind == "agent" else self.team_id.head_id


class RealestateComplaintSanction(models.Model):
    """A reward or penalty may rest on a monthly score instead of a case (004:80).
    A supervisor proposes it; an executive decides (R36: executives only)."""

    _inherit = "realestate.complaint.sanction"

    complaint_id = fields.Many2one(required=False)
    assessment_id = fields.Many2one(
        "realestate.complaint.assessment", string="Monthly Score", index=True,
        ondelete="restrict", readonly=True)
    state = fields.Selection(
        [("proposed", "Proposed"), ("decided", "Decided"), ("refused", "Refused")],
        string="Status", required=True, default="decided", readonly=True)
    proposed_by_id = fields.Many2one("res.users",
                                     readonly=True)
    decided_by_id = fields.Many2one(required=False)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)

    @api.constrains("complaint_id", "assessment_id")
    def _check_origin(self):
        if any(not s.complaint_id and not s.assessment_id for s in self):
            raise ValidationError(_("A reward or penalty rests on a case or on a "
                                    "monthly score."))

    def action_decide(self):
        return self._decide("decided")

    def action_refuse(self):
        return self._decide("refused")

    def _decide(self, state):
        if not self.env.user.has_group(EXECUTIVE):
            raise AccessError(_("Only executives decide rewards and penalties."))
        if any(sanction.state != "proposed" for sanction in self):
            raise UserError(_("Only a proposed reward or penalty is decided."))
        with by_process():
            self.write({"state": state, "decided_by_id": self.env.uid})
        return True


# OCA puts wizards in wizards/: this one moves to wizards/assessment_wizard.py when
# the refactors of issue 18 that edit this file have landed (a move now would
# conflict with them). pylint: disable-next=no-wizard-in-models
class RealestateComplaintAssessmentSanction(models.TransientModel):
    """Propose (supervisor) or decide (executive) a reward or penalty from a
    monthly score. No access lines: the check is in ``action_confirm``."""

    _name = "realestate.complaint.assessment.sanction"
    _description = "Reward or Penalty from a Monthly Score"

    assessment_id = fields.Many2one("realestate.complaint.assessment",
                                    required=True, readonly=True,
                                    ondelete="cascade")
    kind = fields.Selection([("reward", "Reward"), ("penalty", "Penalty")],
                            required=True, default="reward")
    name = fields.Text(string="Measure", required=True)
    amount = fields.Float()

    def action_confirm(self):
        self.ensure_one()
        user = self.env.user
        if not user.has_group(SUPERVISOR):
            raise AccessError(_("Only CS supervisors and executives propose rewards "
                                "and penalties."))
        line = self.assessment_id
        line.check_access_rule("read")
        person = line._person()
        if not person:
            raise UserError(_("This department has no head to reward or "
                              "penalise."))
        decide = user.has_group(EXECUTIVE)
        with by_process():
            sanction = self.env["realestate.complaint.sanction"].sudo().create({
                "assessment_id": line.id, "company_id": line.company_id.id,
                "kind": self.kind, "user_id": person.id, "name": self.name,
                "amount": self.amount, "proposed_by_id": user.id,
                "state": "decided" if decide else "proposed",
                "decided_by_id": user.id if decide else False,
            })
        return {"type": "ir.actions.act_window_close", "res_id": sanction.id}


class RealestateComplaintAssessmentDemo(models.Model):
    _inherit = "realestate.complaint.assessment"

    @api.model
    def _demo_generate(self):
        """Demo only: last month's and this month's scores of every company."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        # Every company, a handful: pylint: disable-next=no-search-all
        for company in self.env["res.company"].search([]):
            for month in (today - relativedelta(months=1), today):
                self._generate(company, month)
