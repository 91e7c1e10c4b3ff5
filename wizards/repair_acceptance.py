from odoo import fields, models


class RealestateRepairAcceptance(models.TransientModel):
    """A failed acceptance of a repair item (004:127): what fails, and when the
    responsible party's second rectification is due."""

    _name = "realestate.repair.acceptance"
    _description = "Failed Repair Acceptance"

    item_id = fields.Many2one("realestate.repair.item", required=True)
    reason = fields.Text(string="What Fails", required=True)
    date_planned = fields.Date(string="Rectify By", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.item_id._fail_acceptance(self.reason, self.date_planned)
        return {"type": "ir.actions.act_window_close"}
