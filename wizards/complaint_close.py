from odoo import fields, models


class RealestateComplaintClose(models.TransientModel):
    """Close cases with their summary (R34); a lesson learned puts them in the case
    library (R35)."""

    _name = "realestate.complaint.close"
    _description = "Close Cases"

    complaint_ids = fields.Many2many("realestate.complaint", string="Cases",
                                     required=True)
    summary = fields.Text(string="Closing Summary", required=True)
    add_to_library = fields.Boolean(string="Add to the Case Library")
    lesson = fields.Text(string="Lesson Learned")

    def action_close(self):
        self.ensure_one()
        return self.complaint_ids._close(
            self.summary, self.add_to_library, self.lesson)
