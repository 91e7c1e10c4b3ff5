from odoo import fields, models

VISITS = [("onsite", "Arrival On Site"), ("verify", "Verification On Site")]


class RealestateComplaintVisit(models.TransientModel):
    """Who came and when (R20, 004:33, 004:123): typed by the person on site or by
    the agent they phoned; the case records it and meets the visit's deadline."""

    _name = "realestate.complaint.visit"
    _description = "Record a Repair Visit"

    complaint_id = fields.Many2one("realestate.complaint", required=True)
    visit = fields.Selection(VISITS, required=True, default="onsite")
    user_id = fields.Many2one(
        "res.users", string="Who", required=True, default=lambda self: self.env.user)
    date = fields.Datetime(string="When", required=True, default=fields.Datetime.now)
    note = fields.Text(
        string="Repair Work Record",
        help="What is to be repaired and the fee, if any (维修工作记录表).")

    def action_record(self):
        self.ensure_one()
        self.complaint_id._record_visit(
            self.visit, self.user_id, self.date,
            note=self.note if self.visit == "verify" else None)
        return {"type": "ir.actions.act_window_close"}
