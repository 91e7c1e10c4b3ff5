from odoo import fields, models


class RealestateComplaintLeaderInstruction(models.TransientModel):
    """The leader's written instruction (批示, 000:470); the case records it."""

    _name = "realestate.complaint.leader.instruction"
    _description = "Leader's Instruction"

    complaint_id = fields.Many2one("realestate.complaint", required=True)
    instruction = fields.Text(required=True)

    def action_instruct(self):
        self.ensure_one()
        self.complaint_id._give_instruction(self.instruction)
        return {"type": "ir.actions.act_window_close"}
