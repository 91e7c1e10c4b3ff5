from odoo import fields, models


class RealestateComplaintCorrectiveActionReview(models.TransientModel):
    """The general manager's approval of a measure, naming its supervisor, or the
    supervisor's check that it was carried out (002:729-731); the model does the
    work."""

    _name = "realestate.complaint.corrective.action.review"
    _description = "Approve or Check a Corrective Measure"

    action_id = fields.Many2one(
        "realestate.complaint.corrective.action", string="Measure", required=True)
    step = fields.Selection([("approve", "Approve"), ("verify", "Check")],
                            required=True, default="approve")
    verifier_id = fields.Many2one(
        "res.users", string="Checked By (Supervisor)",
        domain=lambda self: [("groups_id", "in", self.env.ref(
            "realestate_complaint.group_complaint_supervisor").id)])
    note = fields.Text(string="What Was Checked")

    def action_confirm(self):
        self.ensure_one()
        if self.step == "approve":
            self.action_id.action_approve(self.verifier_id)
        else:
            self.action_id.action_verify(self.note)
        return {"type": "ir.actions.act_window_close"}
