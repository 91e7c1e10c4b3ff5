from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from .roles import SUPERVISOR


METHODS = [
    ("phone", "Phone"),
    ("on_site", "On Site"),
    ("sms", "SMS"),
    ("wechat", "WeChat"),
]
# The customer's own answer to the result on the portal (R16): never logged by hand.
PORTAL_METHOD = [("portal", "Customer Portal")]
# A five-step scale (非常满意 … 非常不满意): not Odoo's ``rating``, whose three
# smileys cannot hold it and whose records belong to a customer's web answer.
SATISFACTION = [
    ("5", "Very Satisfied"),
    ("4", "Satisfied"),
    ("3", "Neutral"),
    ("2", "Dissatisfied"),
    ("1", "Very Dissatisfied"),
]
STATES = [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")]


class RealestateComplaintCallback(models.Model):
    """A callback (回访记录表, R26-R33): is the problem solved, is the customer
    satisfied, what do they suggest. An unhappy answer reopens the case and plans
    the next callback (R30) until the customer is satisfied."""

    _name = "realestate.complaint.callback"
    _description = "Complaint Callback"
    _inherit = ["realestate.complaint.record.mixin"]
    _order = "complaint_id, sequence desc"

    sequence = fields.Integer(
        string="Callback No.", required=True, default=1, readonly=True,
        help="1 for the first callback, 2 for the one after an unhappy answer …")
    state = fields.Selection(STATES, string="Status", required=True, default="planned",
                             index=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Called Back By", required=True, readonly=True,
        help="R27: the agent for ordinary cases, the department supervisor for "
        "level 2, the company manager for level 1.")
    date_due = fields.Datetime(
        string="Due", readonly=True, index=True,
        help="Within 3 working days of the result, a month for repairs (R27, R28).")
    method = fields.Selection(METHODS + PORTAL_METHOD)
    date_done = fields.Datetime(string="Called Back On")
    problem_solved = fields.Boolean()
    satisfaction = fields.Selection(SATISFACTION)
    customer_words = fields.Text(string="Customer's Words")
    suggestions = fields.Text(
        help="What the customer suggests about the process.")
    new_problem = fields.Text(
        help="A new problem raised at the callback: the case is reopened (R30).")
    signature = fields.Binary(
        string="Customer's Signature", attachment=True,
        help="Required for an on-site callback (R29).")
    is_unhappy = fields.Boolean(
        compute="_compute_is_unhappy", store=True, string="Reopened the Case")
    reviewed_by_id = fields.Many2one(
        "res.users", readonly=True,
        help="The supervisor who reviewed and signed the record (R33).")
    date_reviewed = fields.Datetime(string="Reviewed On", readonly=True)

    _sql_constraints = [
        ("complaint_sequence_uniq", "unique (complaint_id, sequence)",
         "A case has one callback of each number."),
    ]

    @api.depends("state", "problem_solved", "satisfaction", "new_problem")
    def _compute_is_unhappy(self):
        for callback in self:
            callback.is_unhappy = callback.state == "done" and (
                not callback.problem_solved or callback.satisfaction in ("1", "2")
                or bool((callback.new_problem or "").strip()))

    def name_get(self):
        return [(callback.id, _("%(case)s callback %(number)s") % {
            "case": callback.complaint_id.name, "number": callback.sequence})
            for callback in self]

    def _log_outcome(self, vals):
        """Record what the customer said (R26, R29) and act on it: a happy
        customer is thanked, an unhappy one gets the case reopened and a next
        callback (R30)."""
        self.ensure_one()
        self._check_writer()
        if self.state != "planned":
            raise UserError(_("%s is already logged.") % self.display_name)
        vals = dict(vals, date_done=vals.get("date_done") or fields.Datetime.now())
        if not vals.get("method") or not vals.get("satisfaction"):
            raise UserError(_("Say how the customer was called back and how "
                              "satisfied they are."))
        if vals["method"] == "on_site" and not vals.get("signature"):
            raise UserError(_("An on-site callback needs the customer's signature "
                              "(R29)."))
        if vals["date_done"] > fields.Datetime.now():
            raise UserError(_("A callback cannot be logged in the future."))
        self.sudo().write(dict(vals, state="done"))
        complaint = self.complaint_id
        complaint.sudo()._complete_targets(["callback"], vals["date_done"])
        complaint.sudo()._activities_of_type(
            "realestate_complaint.mail_activity_type_callback").action_feedback(
            feedback=dict(self._fields["satisfaction"]._description_selection(
                self.env))[self.satisfaction])
        if self.is_unhappy:
            complaint._reopen_after_callback(self)
        else:
            complaint._tell_customer(self.env.ref(
                "realestate_complaint.mail_template_callback_thanks"))
        return True

    def action_review(self):
        """R33: the supervisor reviews and signs the callback record."""
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(_("Only a CS supervisor signs callback records."))
        if any(callback.state != "done" for callback in self):
            raise UserError(_("Only a logged callback can be reviewed."))
        self.sudo().write({"reviewed_by_id": self.env.uid,
                           "date_reviewed": fields.Datetime.now()})
        return True

    def _plan(self, start):
        """Set the due time from ``start`` by the case's callback target (3 working
        days, 30 days for repairs: R27, R28) and give the caller an activity."""
        Policy = self.env["realestate.complaint.sla.policy"]
        activity_type = self.env.ref("realestate_complaint.mail_activity_type_callback")
        model_id = self.env["ir.model"]._get_id("realestate.complaint")
        begin = fields.Datetime.from_string(start)
        for callback in self:
            complaint = callback.complaint_id
            rule = Policy._rule_of(complaint.sla_policy_id.id)
            line = rule and [t for t in rule.targets if t.target == "callback"]
            work = complaint.company_id._complaint_working_time()
            due = line[0].deadline(begin, work) if line else work.add_hours(
                begin, 3 * work.hours_per_day)
            callback.sudo().write({"date_due": fields.Datetime.to_string(due)})
            self.env["mail.activity"].sudo().create({
                "res_model_id": model_id, "res_id": complaint.id,
                "activity_type_id": activity_type.id, "user_id": callback.user_id.id,
                # The case's number, not the customer's name: activities are
                # listed outside the case (R39).
                "summary": _("Call back %(case)s (callback %(number)s)") % {
                    "case": complaint.name, "number": callback.sequence},
                "date_deadline": fields.Date.to_string(
                    fields.Datetime.context_timestamp(callback.user_id, due).date()),
            })


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    callback_ids = fields.One2many(
        "realestate.complaint.callback", "complaint_id", string="Callbacks")
    written_reply_only = fields.Boolean(
        string="Written Reply to a Superior Body",
        help="Only a written reply to a superior body was asked: no callback is "
        "made, the reply is attached instead (R31).")
    reply_attachment_ids = fields.Many2many(
        "ir.attachment", "realestate_complaint_reply_rel", "complaint_id",
        "attachment_id", string="Written Reply")

    def _caller(self):
        """R27: who calls back, by the level of the case."""
        self.ensure_one()
        if self.level == "1" and self.company_id.complaint_manager_id:
            return self.company_id.complaint_manager_id
        if self.level == "2" and self.team_id.head_id:
            return self.team_id.head_id
        return self.user_id or self.receiver_id

    def _schedule_callbacks(self, when):
        """At each resolution: the first one decides whether the case is called
        back (R27, R28, R31); a callback planned after an unhappy answer is now due
        (R30). Cases without a callback lose their callback deadline."""
        Callback = self.env["realestate.complaint.callback"].sudo()
        undecided = self.filtered(lambda c: not c.callback_decision)
        undecided._decide_callbacks()
        due = Callback.browse()
        for complaint in self:
            planned = complaint.callback_ids.filtered(
                lambda c: c.state == "planned" and not c.date_due)
            last = complaint.callback_ids.sorted("sequence")[-1:]
            if planned:
                due |= planned
            elif complaint.callback_decision in ("level", "sampled") and (
                    not last or last.state == "cancelled"):
                # The first callback, or the next after one cancelled by closing
                # the case by hand.
                due |= Callback.create({
                    "complaint_id": complaint.id, "sequence": last.sequence + 1,
                    "user_id": complaint._caller().id})
        due._plan(when)
        skipped = undecided.filtered(
            lambda c: c.callback_decision not in ("level", "sampled"))
        if skipped:
            skipped.sudo().mapped("deadline_ids").filtered(
                lambda d: d.target == "callback").unlink()
            skipped._update_sla_summary()
            decisions = dict(self._fields["callback_decision"]._description_selection(
                self.env))
            skipped._log_notes({complaint.id: decisions[complaint.callback_decision]
                                for complaint in skipped})

    def _reopen_after_callback(self, callback):
        """R30: back to *In Progress* for rectification; the responsible
        department is told; the next callback is planned for the next result."""
        self.ensure_one()
        in_progress = self.env.ref("realestate_complaint.stage_in_progress")
        self.sudo().write({"stage_id": in_progress.id})
        self.env["realestate.complaint.callback"].sudo().create({
            "complaint_id": self.id, "sequence": callback.sequence + 1,
            "user_id": callback.user_id.id})
        told = (self.responsible_id | self.team_id.head_id).mapped("partner_id")
        self.message_post(
            body=html_escape(_(
                "Callback %(number)s: the customer is not satisfied (%(words)s). "
                "The case is reopened for rectification; callback %(next)s "
                "follows the next result (R30).") % {
                "number": callback.sequence,
                "words": callback.new_problem or callback.customer_words or
                dict(callback._fields["satisfaction"]._description_selection(
                    self.env))[callback.satisfaction],
                "next": callback.sequence + 1}),
            partner_ids=told.ids, subtype="mail.mt_comment")
        if self.responsible_id:
            self.env["mail.activity"].sudo().create({
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
                "activity_type_id": self.env.ref(
                    "realestate_complaint.mail_activity_type_rectification").id,
                "user_id": self.responsible_id.id,
                "summary": _("Rectify: the customer is not satisfied"),
                "date_deadline": fields.Date.context_today(self),
            })

    def action_log_callback(self):
        """Open the wizard on the callback that is due."""
        self.ensure_one()
        callback = self.callback_ids.filtered(
            lambda c: c.state == "planned" and c.date_due)[:1]
        if not callback:
            raise UserError(_("No callback of %s is due.") % self.name)
        return {
            "type": "ir.actions.act_window", "name": _("Log Callback"),
            "res_model": "realestate.complaint.callback.log", "view_mode": "form",
            "target": "new", "context": {"default_callback_id": callback.id},
        }
