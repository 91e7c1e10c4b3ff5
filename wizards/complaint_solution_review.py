from odoo import fields, models


class RealestateComplaintSolutionReview(models.TransientModel):
    """The approver's decision on a solution (R14), or the customer's answer to
    an approved one, with the note that goes with it."""

    _name = "realestate.complaint.solution.review"
    _description = "Decide on a Solution"

    solution_id = fields.Many2one("realestate.complaint.solution", required=True)
    step = fields.Selection(
        [("approval", "Approval"), ("customer", "Customer's Answer")],
        required=True, default="approval")
    note = fields.Text(help="Required to reject, or when the customer declines.")

    def action_approve(self):
        self.ensure_one()
        return self.solution_id._decide(True, self.note)

    def action_reject(self):
        self.ensure_one()
        return self.solution_id._decide(False, self.note)

    def action_customer_declines(self):
        self.ensure_one()
        return self.solution_id._customer_answers(False, self.note)
