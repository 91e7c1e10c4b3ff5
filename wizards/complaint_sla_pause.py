from odoo import fields, models

from ..models.realestate_complaint_sla_pause import PAUSE_REASONS


class RealestateComplaintSlaPauseWizard(models.TransientModel):
    """Why the case waits: the agent or department pausing its SLA says on whom
    (the customer, a third party, an authority, a supplier, or something else in
    words); the case records it (realestate_complaint_sla_pause.py)."""

    _name = "realestate.complaint.sla.pause.wizard"
    _description = "Pause a Case's SLA"

    complaint_id = fields.Many2one("realestate.complaint", required=True)
    reason = fields.Selection(
        PAUSE_REASONS, string="Waiting For", required=True, default="customer")
    note = fields.Char(string="Details")

    def action_pause(self):
        self.ensure_one()
        self.complaint_id._check_may_pause()
        self.complaint_id._sla_pause(self.reason, self.note)
        return {"type": "ir.actions.act_window_close"}
