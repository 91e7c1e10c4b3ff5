from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.process_context import by_process

KINDS = [("corrective", "Corrective"), ("preventive", "Preventive")]


class RealestateComplaintCorrectiveAction(models.Model):
    """A corrective or preventive measure (纠正及改进措施, R36) that outlives the
    case: an owner, a deadline and a done date; the owner's activity reminds them."""

    _name = "realestate.complaint.corrective.action"
    _description = "Corrective Action"
    _inherit = ["realestate.complaint.record.mixin"]
    _order = "date_deadline, id"

    kind = fields.Selection(KINDS, required=True, default="corrective")
    name = fields.Text(string="Measure", required=True)
    user_id = fields.Many2one("res.users", string="Owner", required=True)
    date_deadline = fields.Date(string="Deadline", required=True, index=True)
    date_done = fields.Date(string="Done On", readonly=True)
    is_late = fields.Boolean(compute="_compute_is_late")
    activity_id = fields.Many2one(
        "mail.activity", string="Reminder", readonly=True, ondelete="set null")

    @api.depends("date_done", "date_deadline")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_late = not action.date_done and action.date_deadline < today

    @api.model
    def create(self, vals):
        action = super(RealestateComplaintCorrectiveAction, self).create(vals)
        action._remind()
        return action

    def write(self, vals):
        result = super(RealestateComplaintCorrectiveAction, self).write(vals)
        if {"user_id", "date_deadline", "name"} & set(vals):
            for action in self.filtered("activity_id"):
                action.activity_id.sudo().write({
                    "user_id": action.user_id.id, "summary": action.name[:80],
                    "date_deadline": action.date_deadline})
        return result

    def _remind(self):
        """An activity of the owner on the case, due on the deadline."""
        activity_type = self.env.ref(
            "realestate_complaint.mail_activity_type_corrective_action")
        model_id = self.env["ir.model"]._get_id("realestate.complaint")
        for action in self.sudo():
            action.activity_id = self.env["mail.activity"].sudo().create({
                "res_model_id": model_id, "res_id": action.complaint_id.id,
                "activity_type_id": activity_type.id, "user_id": action.user_id.id,
                "summary": action.name[:80], "date_deadline": action.date_deadline,
            })

    def action_done(self):
        if any(action.date_done for action in self):
            raise UserError(_("This measure is already done."))
        with by_process():
            self.write({"date_done": fields.Date.context_today(self)})
        self.mapped("activity_id").sudo().action_feedback(feedback=_("Done"))
        return True
