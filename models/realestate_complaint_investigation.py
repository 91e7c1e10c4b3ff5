from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# R13: the items of the investigation report (投诉调查报告), in its order.
REPORT_FIELDS = (
    "investigation_cause", "investigation_course", "investigation_party",
    "investigation_conclusion", "countermeasures", "preventive_measures",
)


class RealestateComplaint(models.Model):
    """The investigation (R12, R13): the responsible department establishes the
    facts and writes the report before the case moves on to a solution."""

    _inherit = "realestate.complaint"

    investigation_cause = fields.Text(string="Cause", track_visibility="onchange")
    investigation_course = fields.Text(string="Course of Events")
    investigation_party = fields.Char(
        string="Responsible Party", track_visibility="onchange",
        help="Who caused the problem: a department, a contractor, the customer …")
    investigation_conclusion = fields.Text(
        string="Conclusion", track_visibility="onchange")
    countermeasures = fields.Text()
    preventive_measures = fields.Text()
    is_investigating = fields.Boolean(
        compute="_compute_is_investigating",
        help="Shows the agent that nothing may be promised to the customer yet (R12).")

    @api.depends("stage_id")
    def _compute_is_investigating(self):
        investigating = self.env.ref("realestate_complaint.stage_investigating")
        for complaint in self:
            complaint.is_investigating = complaint.stage_id == investigating

    def _missing_report_items(self):
        """R13: the items of the investigation report still empty."""
        self.ensure_one()
        labels = self.fields_get(list(REPORT_FIELDS), ["string"])
        return [labels[name]["string"] for name in REPORT_FIELDS
                if not (self[name] or "").strip()]

    def _check_leaving_investigation(self, stage_id):
        """A case leaves *Investigating* for a later stage only with its report
        written (R13); an invalid verdict (R6) needs none."""
        Stage = self.env["realestate.complaint.stage"]
        investigating = self.env.ref("realestate_complaint.stage_investigating")
        invalid = self.env.ref("realestate_complaint.stage_invalid")
        target = Stage.browse(stage_id)
        if target == invalid or target.sequence <= investigating.sequence:
            return
        for complaint in self.filtered(
                lambda c: c.stage_id == investigating and c.validity != "invalid"):
            missing = complaint._missing_report_items()
            if missing:
                raise ValidationError(
                    _("Finish the investigation report of %(number)s before it "
                      "leaves the investigation (R13). Missing:\n%(items)s") % {
                        "number": complaint.name,
                        "items": "\n".join("- " + item for item in missing)})
