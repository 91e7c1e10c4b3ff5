from odoo import fields, models


class RealestateComplaintInvalidVerdict(models.TransientModel):
    """The agent's invalid verdict (R6): why, and whether the customer was told;
    a supervisor approves it on the case."""

    _name = "realestate.complaint.invalid.verdict"
    _description = "Propose an Invalid Verdict"

    complaint_id = fields.Many2one("realestate.complaint", required=True)
    reason = fields.Text(required=True, help="As explained to the customer.")
    customer_informed = fields.Boolean(string="Customer Told Why")

    def action_propose(self):
        self.ensure_one()
        self.complaint_id.write({"invalid_reason": self.reason,
                                 "invalid_customer_informed": self.customer_informed})
        return self.complaint_id.action_request_invalid()
