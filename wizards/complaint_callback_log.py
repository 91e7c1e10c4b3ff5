from odoo import fields, models

from ..models.realestate_complaint_callback import METHODS, SATISFACTION
from ..models.roles import CALLBACK_OUTCOME


class RealestateComplaintCallbackLog(models.TransientModel):
    """What the customer said at a callback (R26, R29); the callback acts on it."""

    _name = "realestate.complaint.callback.log"
    _description = "Log a Callback"

    callback_id = fields.Many2one("realestate.complaint.callback", required=True)
    method = fields.Selection(METHODS, required=True, default="phone")
    date_done = fields.Datetime(
        string="Called Back On", required=True, default=fields.Datetime.now)
    problem_solved = fields.Boolean(default=True)
    satisfaction = fields.Selection(SATISFACTION, required=True)
    customer_words = fields.Text(string="Customer's Words")
    suggestions = fields.Text()
    new_problem = fields.Text()
    signature = fields.Binary(string="Customer's Signature")

    def action_log(self):
        self.ensure_one()
        return self.callback_id._log_outcome(
            {name: self[name] for name in CALLBACK_OUTCOME})
