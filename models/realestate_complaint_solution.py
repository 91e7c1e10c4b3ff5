from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from .stage_guard import process_move
from .roles import is_system

# R14: what the developer offers.
COMPENSATION_KINDS = [
    ("none", "No Compensation"),
    ("repair", "Repair"),
    ("refund", "Refund"),
    ("exchange", "Unit Exchange"),
    ("money", "Money"),
    ("fee_waiver", "Fee Waiver"),
    ("apology", "Apology"),
]
STATES = [
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("confirmed", "Confirmed by the Customer"),
    ("declined", "Declined by the Customer"),
]
OPEN_STATES = ("to_approve", "approved")


class RealestateComplaintSolution(models.Model):
    """A proposed solution (处理方案) and its road: approval by the tier the
    approval-authority table names (R14), then the customer's answer (R14, R17).
    A rejected or declined solution stays on record; the next one is a new record."""

    _name = "realestate.complaint.solution"
    _description = "Complaint Solution"
    _inherit = ["realestate.complaint.record.mixin"]
    _order = "id desc"

    currency_id = fields.Many2one(
        related="complaint_id.company_id.currency_id", readonly=True)
    description = fields.Text(string="Proposed Solution", required=True)
    compensation_kind = fields.Selection(
        COMPENSATION_KINDS, string="Compensation", required=True, default="none")
    compensation_amount = fields.Monetary(string="Amount")
    legal_advice = fields.Text(
        help="The legal department's advice on the compensation (R14).")
    proposed_by_id = fields.Many2one(
        "res.users", required=True, readonly=True,
        default=lambda self: self.env.user)
    state = fields.Selection(
        STATES, string="Status", required=True, readonly=True, default="to_approve",
        index=True)
    tier_id = fields.Many2one(
        "realestate.complaint.escalation.tier", string="To Be Approved By",
        readonly=True, ondelete="restrict")
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    decision_note = fields.Text(
        string="Approver's Note", readonly=True,
        help="Why the solution was rejected, or what goes with the approval.")
    date_customer_answered = fields.Datetime(
        string="Customer Answered On", readonly=True)
    customer_note = fields.Text(
        string="Customer's Answer", readonly=True,
        help="What the customer said of the plan.")

    @api.constrains("compensation_kind", "compensation_amount")
    def _check_amount(self):
        for solution in self:
            if solution.compensation_amount < 0:
                raise ValidationError(_("A compensation cannot be negative."))
            if solution.compensation_kind in ("refund", "money") and \
                    not solution.compensation_amount:
                raise ValidationError(_("Give the amount of the %s.") % dict(
                    COMPENSATION_KINDS)[solution.compensation_kind].lower())

    @api.constrains("complaint_id", "state")
    def _check_one_open(self):
        for complaint in self.mapped("complaint_id"):
            if len(complaint.solution_ids.filtered(
                    lambda s: s.state in OPEN_STATES)) > 1:
                raise ValidationError(
                    _("%s already has a solution under way: have it decided "
                      "first.") % complaint.name)

    @api.model
    def create(self, vals):
        """Proposing is submitting: the approver follows from the amount and the
        case's level, and the case waits in *Solution Approval*. (Decided and
        then fixed: roles.BY_ROLE.)"""
        solution = super(RealestateComplaintSolution, self).create(vals)
        solution._submit()
        return solution

    def _submit(self):
        approval = self.env.ref("realestate_complaint.stage_solution_approval")
        Rule = self.env["realestate.complaint.approval.rule"]
        activity_type = self.env.ref(
            "realestate_complaint.mail_activity_type_solution_approval")
        for solution in self:
            complaint = solution.complaint_id
            if complaint.validity != "valid":
                raise UserError(_("Judge whether %s is a valid complaint first (R6).")
                                % complaint.name)
            if complaint.stage_id.code not in (
                    "investigating", "solution_approval", "in_progress"):
                raise UserError(_("A solution is proposed for %s after its "
                                  "investigation, before its result.")
                                % complaint.name)
            tier = Rule._tier_for(
                complaint.company_id, complaint.level, solution.compensation_amount,
                solution.compensation_kind)
            solution.sudo().write({"tier_id": tier.id})
            if complaint.stage_id != approval:
                with process_move():
                    complaint.write({"stage_id": approval.id})
            approvers = solution._approvers()
            complaint._schedule_activities(
                activity_type, fields.Date.context_today(self), [{
                    "res_id": complaint.id, "res_name": complaint.name,
                    "user_id": user.id, "note": plaintext2html(solution.description),
                    "summary": _("Approve the solution of %s") % complaint.name,
                } for user in approvers])
            complaint.message_post(
                body=plaintext2html(_(
                    "Solution proposed by %(user)s, to be approved by %(tier)s "
                    "(R14): %(solution)s") % {
                    "user": solution.proposed_by_id.name, "tier": tier.name,
                    "solution": solution._summary()}),
                partner_ids=approvers.mapped("partner_id").ids,
                subtype="mail.mt_comment")

    def _summary(self):
        self.ensure_one()
        text = self.description
        if self.compensation_kind != "none":
            text += " (%s%s)" % (
                dict(self._fields["compensation_kind"]._description_selection(
                    self.env))[self.compensation_kind],
                self.compensation_amount and " %s %.2f" % (
                    self.currency_id.symbol or "", self.compensation_amount) or "")
        return text

    def _approvers(self):
        """The people of the required tier and of every tier above it, up to
        the general manager."""
        self.ensure_one()
        Tier = self.env["realestate.complaint.escalation.tier"]
        company = self.complaint_id.company_id
        users = self.env["res.users"]
        # Administration follows up late cases (R21); it approves nothing.
        for tier in Tier._ladder(company).filtered(
                lambda t: not t.is_administration and (t.sequence, t.id) >= (
                    self.tier_id.sequence, self.tier_id.id)):
            users |= tier._people_of(company, users.browse())
        return users

    def _check_state(self, states):
        for solution in self:
            if solution.state not in states:
                raise UserError(_("The solution of %(case)s is %(state)s.") % {
                    "case": solution.complaint_id.name,
                    "state": dict(self._fields["state"]._description_selection(
                        self.env))[solution.state].lower()})

    def _decide(self, approve, note=None):
        """Approve or reject, by the tier the table names or one above it (R14)."""
        self._check_state(["to_approve"])
        if not approve and not (note or "").strip():
            raise UserError(_("Say why the solution is rejected."))
        for solution in self:
            if not is_system(self.env) and self.env.user not in \
                    solution._approvers():
                raise AccessError(_("Only %(tier)s or a tier above it can decide on "
                                    "the solution of %(case)s (R14).") % {
                    "tier": solution.tier_id.name,
                    "case": solution.complaint_id.name})
        self.sudo().write({
            "state": "approved" if approve else "rejected",
            "decided_by_id": self.env.uid, "date_decided": fields.Datetime.now(),
            "decision_note": note})
        for solution in self:
            complaint = solution.complaint_id
            complaint.sudo()._activities_of_type(
                "realestate_complaint.mail_activity_type_solution_approval").unlink()
            if approve:
                body = _("Solution approved by %s: present it to the customer.")
            else:
                body = _("Solution rejected by %s: propose another one.")
            complaint.message_post(
                body=plaintext2html(body % self.env.user.name + (
                    note and "\n" + note or "")),
                partner_ids=solution.proposed_by_id.partner_id.ids,
                subtype="mail.mt_comment")
        return True

    def action_decision_wizard(self):
        self.ensure_one()
        step = self.env.context.get("step", "approval")
        return {
            "type": "ir.actions.act_window", "name": _("Solution"),
            "res_model": "realestate.complaint.solution.review",
            "view_mode": "form", "target": "new",
            "context": {"default_solution_id": self.id, "default_step": step},
        }

    def action_send_plan(self):
        """R17: the approved plan is emailed to the customer and logged on the case;
        the plan deadline is met."""
        self._check_writer()
        self._check_state(["approved", "confirmed"])
        template = self.env.ref("realestate_complaint.mail_template_plan")
        for solution in self:
            complaint = solution.complaint_id
            complaint._check_customer_email()
            complaint.message_post_with_template(template.id)
            complaint.sudo()._complete_targets(["plan"])
        return True

    def _customer_answers(self, agrees, note=None):
        """R14: the customer confirms the plan, and the case is carried out
        (R15); or declines it, and another one is proposed."""
        self._check_writer()
        self._check_state(["approved"])
        if not agrees and not (note or "").strip():
            raise UserError(_("Write what the customer objects to."))
        self.sudo().write({
            "state": "confirmed" if agrees else "declined",
            "date_customer_answered": fields.Datetime.now(),
            "customer_note": note})
        in_progress = self.env.ref("realestate_complaint.stage_in_progress")
        for solution in self:
            complaint = solution.complaint_id
            complaint.sudo()._complete_targets(["plan"])
            if agrees:
                with process_move():
                    complaint.write({"stage_id": in_progress.id})
                complaint.message_post(body=_("The customer confirmed the plan."))
            else:
                complaint.message_post(
                    body=plaintext2html(_("The customer declined the plan: %s")
                                        % note))
        return True

    def action_customer_confirm(self):
        return self._customer_answers(True)


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    solution_ids = fields.One2many(
        "realestate.complaint.solution", "complaint_id", string="Solutions")
    solution_id = fields.Many2one(
        "realestate.complaint.solution", string="Current Solution",
        compute="_compute_solution_id",
        help="The solution under way or confirmed, if any.")

    solution_state = fields.Selection(STATES, compute="_compute_solution_id")

    @api.depends("solution_ids.state")
    def _compute_solution_id(self):
        for complaint in self:
            complaint.solution_id = complaint.solution_ids.filtered(
                lambda s: s.state in OPEN_STATES + ("confirmed",))[:1]
            complaint.solution_state = complaint.solution_id.state

    def _current_solution(self):
        self.ensure_one()
        if not self.solution_id:
            raise UserError(_("%s has no solution under way.") % self.name)
        return self.solution_id

    def action_solution_decision(self):
        """Approve or reject the current solution, or record the customer's
        refusal, in a dialog that takes the note (``step`` in the context)."""
        self.ensure_one()
        return self._current_solution().action_decision_wizard()

    def action_send_plan(self):
        self.ensure_one()
        return self._current_solution().action_send_plan()

    def action_customer_confirm(self):
        self.ensure_one()
        return self._current_solution().action_customer_confirm()
