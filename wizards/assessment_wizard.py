from odoo import _, fields, models
from odoo.exceptions import AccessError
from ..models.roles import SUPERVISOR


class RealestateComplaintAssessmentWizard(models.TransientModel):
    """Count a month's scores of agents and departments now (the cron does it on
    the 1st for the month before: 004:206). Supervisors and executives only; no
    access lines: the check is here."""

    _name = "realestate.complaint.assessment.wizard"
    _description = "Count the Monthly Assessment"

    date_reference = fields.Date(
        string="Month Of", required=True, default=fields.Date.context_today,
        help="Any day of the month to count.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    def action_generate(self):
        self.ensure_one()
        if not self.env.user.has_group(SUPERVISOR):
            raise AccessError(_("Only CS supervisors and executives count the "
                                "monthly assessment."))
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(_("You may not count another company's assessment."))
        lines = self.env["realestate.complaint.assessment"]._generate(
            self.company_id, fields.Date.from_string(self.date_reference))
        action = self.env.ref(
            "realestate_complaint.realestate_complaint_assessment_action").read()[0]
        action["domain"] = [("id", "in", lines.ids)]
        return action
