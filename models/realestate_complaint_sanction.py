from odoo import fields, models

KINDS = [("reward", "Reward"), ("penalty", "Penalty")]


class RealestateComplaintSanction(models.Model):
    """A reward or penalty (奖惩, R36) for a person involved in a case. Open to
    executives only: the access rules give no other role any right on it."""

    _name = "realestate.complaint.sanction"
    _description = "Reward or Penalty"
    _inherit = ["realestate.complaint.record.mixin"]
    _order = "id desc"

    kind = fields.Selection(KINDS, required=True, default="penalty")
    user_id = fields.Many2one("res.users", string="Person", required=True)
    name = fields.Text(string="Measure", required=True)
    currency_id = fields.Many2one(
        related="complaint_id.company_id.currency_id", readonly=True)
    amount = fields.Monetary()
    decided_by_id = fields.Many2one(
        "res.users", required=True, readonly=True,
        default=lambda self: self.env.user)
