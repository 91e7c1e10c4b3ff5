import json
import math
from datetime import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .realestate_complaint import KINDS

# Why a resolved case is or is not called back (R27, R28, R31).
CALLBACK_DECISIONS = [
    ("level", "Called Back: Level 1 or 2"),
    ("sampled", "Called Back: Sampled"),
    ("not_sampled", "Not Sampled"),
    ("anonymous", "No Callback: Anonymous"),
    ("written_reply", "No Callback: Written Reply"),
]
CALLED_BACK = ("level", "sampled")
# Where a company has not set its own rates (R27, R28).
DEFAULT_RATES = {"complaint": 50.0, "repair": 30.0}
EXEMPT = ("anonymous", "written_reply")


class RealestateComplaintCallbackRate(models.Model):
    """The share of resolved cases of a kind that is called back (R27: complaints at
    least 50%; R28: repairs 30%); level 1 and 2 cases always are. The figures of
    the month show whether the rate is met (R33)."""

    _name = "realestate.complaint.callback.rate"
    _description = "Callback Rate"
    _order = "company_id, kind"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    kind = fields.Selection(KINDS, required=True)
    rate = fields.Float(
        string="Rate (%)", required=True,
        help="At least this share of the resolved cases of this kind is called "
        "back. Anonymous cases and written replies are not counted (R31).")
    month_resolved = fields.Integer(
        string="Resolved This Month", compute="_compute_month")
    month_called_back = fields.Integer(
        string="Chosen This Month", compute="_compute_month")
    month_rate = fields.Float(string="Rate This Month (%)", compute="_compute_month")

    _sql_constraints = [
        ("company_kind_uniq", "unique (company_id, kind)",
         "A kind has one callback rate per company."),
    ]

    @api.constrains("rate")
    def _check_rate(self):
        if any(not 0 <= rate.rate <= 100 for rate in self):
            raise ValidationError(_("A callback rate lies between 0 and 100%."))

    def _compute_month(self):
        Complaint = self.env["realestate.complaint"]
        since = Complaint._month_start()
        groups = Complaint.sudo().read_group([
            ("company_id", "in", self.mapped("company_id").ids),
            ("date_resolved", ">=", since), ("callback_decision", "!=", False),
            ("callback_decision", "not in", EXEMPT)],
            ["company_id", "kind", "callback_decision"],
            ["company_id", "kind", "callback_decision"], lazy=False)
        counts = {}
        for group in groups:
            key = (group["company_id"][0], group["kind"])
            total, chosen = counts.get(key, (0, 0))
            counts[key] = (total + group["__count"], chosen + (
                group["__count"] if group["callback_decision"] in CALLED_BACK else 0))
        for rate in self:
            total, chosen = counts.get((rate.company_id.id, rate.kind), (0, 0))
            rate.month_resolved = total
            rate.month_called_back = chosen
            rate.month_rate = total and 100.0 * chosen / total


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    # Written by _decide_callbacks below, when the case is resolved (the resolution
    # date: realestate_complaint_result.py). Not indexed: always counted with
    # date_resolved, whose index finds the cases (issue 17: fewer indexes to rewrite
    # on each update of a case).
    callback_decision = fields.Selection(
        CALLBACK_DECISIONS, string="Callback", readonly=True, copy=False)

    @api.model
    def _month_start(self):
        """The first moment of the reader's current month, naive UTC."""
        now = fields.Datetime.context_timestamp(self, datetime.utcnow())
        start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return fields.Datetime.to_string(
            start.astimezone(pytz.utc).replace(tzinfo=None))

    def _decide_callbacks(self):
        """R27, R28, R31: which of these cases, resolved now, are called back.

        Level 1 and 2 cases always; anonymous cases and written replies never;
        the others of each kind by systematic sampling: a case is chosen whenever
        the month's share of chosen cases would otherwise fall below the rate, so
        the rate is met at every moment, not only on average."""
        decisions = {}
        samples = {}
        for complaint in self.sorted("id"):
            if complaint.is_anonymous:
                decisions[complaint.id] = "anonymous"
            elif complaint.written_reply_only:
                decisions[complaint.id] = "written_reply"
            elif complaint.level in ("1", "2"):
                decisions[complaint.id] = "level"
            else:
                key = (complaint.company_id.id, complaint.kind)
                samples.setdefault(key, []).append(complaint.id)
        if samples:
            rates = {(r.company_id.id, r.kind): r.rate for r in self.env[
                "realestate.complaint.callback.rate"].sudo().search([
                    ("company_id", "in", list({key[0] for key in samples}))])}
            # This month's counts per company and kind, in one query.
            self.env.cr.execute("""
                SELECT company_id, kind, count(*),
                       count(*) FILTER (WHERE callback_decision IN %s)
                  FROM realestate_complaint
                 WHERE date_resolved >= %s AND company_id IN %s
                   AND callback_decision IS NOT NULL
                   AND callback_decision NOT IN %s
                   AND id NOT IN %s
              GROUP BY company_id, kind""", (
                CALLED_BACK, self._month_start(),
                tuple({key[0] for key in samples}), EXEMPT, tuple(self.ids)))
            counts = {(row[0], row[1]): list(row[2:]) for row in self.env.cr.fetchall()}
            for key, ids in samples.items():
                total, chosen = counts.get(key, [0, 0])
                rate = rates.get(key, DEFAULT_RATES.get(key[1], 0.0))
                for complaint_id in ids:
                    total += 1
                    if chosen < math.ceil(round(rate * total / 100.0, 6)):
                        chosen += 1
                        decisions[complaint_id] = "sampled"
                    else:
                        decisions[complaint_id] = "not_sampled"
        self.env.cr.execute("""
            UPDATE realestate_complaint c SET callback_decision = r.decision
              FROM json_to_recordset(%s) AS r(id int, decision varchar)
             WHERE c.id = r.id""", (json.dumps(
            [{"id": key, "decision": value} for key, value in decisions.items()]),))
        self.invalidate_cache(["callback_decision"], self.ids)
        return decisions
