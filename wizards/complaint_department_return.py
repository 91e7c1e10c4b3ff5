from odoo import api, fields, models

from ..models.realestate_complaint_department_return import REASONS


class RealestateComplaintDepartmentReturnWizard(models.TransientModel):
    """Return a case to customer service with the head's opinion (000:714): a
    member prepares it for the head's signature, the head signs it (a draft a
    member prepared is shown for the head to sign as it is or amended)."""

    _name = "realestate.complaint.department.return.wizard"
    _description = "Return a Case to Customer Service"

    complaint_id = fields.Many2one("realestate.complaint", required=True)
    team_id = fields.Many2one(related="complaint_id.team_id", readonly=True)
    head_id = fields.Many2one(related="complaint_id.team_id.head_id", readonly=True)
    is_head = fields.Boolean(string="Signs as Head", compute="_compute_is_head")
    reason = fields.Selection(REASONS, required=True, default="not_ours")
    opinion = fields.Text(
        string="Head's Opinion", required=True,
        help="Why the case is invalid or not the department's responsibility, and "
        "who should handle it, as the head of the department signs it.")

    @api.model
    def default_get(self, fields_list):
        """A draft prepared earlier is shown again (to the head, to sign it)."""
        values = super(RealestateComplaintDepartmentReturnWizard, self).default_get(
            fields_list)
        complaint = self.env["realestate.complaint"].browse(
            values.get("complaint_id"))
        draft = complaint.department_return_ids.filtered(
            lambda r: r.state == "draft" and r.team_id == complaint.team_id)[:1]
        if draft:
            values.update(reason=draft.reason, opinion=draft.opinion)
        return values

    @api.depends("complaint_id")
    def _compute_is_head(self):
        for wizard in self:
            wizard.is_head = wizard.complaint_id.team_id.head_id == self.env.user

    def action_return(self):
        """Signed, the case has left the department, whose people may no longer
        open it: they land on their cases instead of a form that cannot reload."""
        self.ensure_one()
        complaint = self.complaint_id
        complaint._return_to_customer_service(self.reason, self.opinion)
        if not complaint.search_count([("id", "=", complaint.id)]):
            action = self.env.ref(
                "realestate_complaint.realestate_complaint_action").read()[0]
            action["target"] = "main"   # no way back to the form it left
            return action
        return {"type": "ir.actions.act_window_close"}
