from odoo import fields, models


class RealestateRepairCompletion(models.TransientModel):
    """The owner's completion acceptance (维修完成验收单, 004:38): signed on the
    drawing pad, or on the printed form."""

    _name = "realestate.repair.completion"
    _description = "Owner Accepts the Repairs"

    complaint_id = fields.Many2one("realestate.complaint", required=True)
    signature = fields.Binary(string="Owner's Signature")
    on_paper = fields.Boolean(string="Signed on Paper")

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._owner_accepts_repairs(
            signature=self.signature, on_paper=self.on_paper)
        return {"type": "ir.actions.act_window_close"}
