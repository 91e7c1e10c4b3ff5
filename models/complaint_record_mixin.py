from odoo import api, fields, models


class RealestateComplaintRecordMixin(models.AbstractModel):
    """Records that belong to a case (follow-ups, solutions, callbacks …): the
    case, and its company for their multi-company rules.

    Not a stored related field (``complaint_id.company_id``): on every registration
    Odoo 11's ``modified()`` would then search each such model for records of the
    new case, one query per model (the bench counted six).
    """

    _name = "realestate.complaint.record.mixin"
    _description = "Record of a Complaint"
    _complaint_record = True

    complaint_id = fields.Many2one(
        "realestate.complaint", string="Case", required=True, index=True,
        ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    @api.model
    def create(self, vals):
        if vals.get("complaint_id") and not vals.get("company_id"):
            vals = dict(vals, company_id=self.env["realestate.complaint"].browse(
                vals["complaint_id"]).company_id.id)
        return super(RealestateComplaintRecordMixin, self).create(vals)

    def _check_writer(self):
        """Buttons that write as the system first check that the user is one who
        may work the record (agents and departments, not operators)."""
        self.check_access_rights("write")
        self.check_access_rule("write")


class RealestateComplaint(models.Model):
    _inherit = "realestate.complaint"

    def _move_records_to_company(self, company_id):
        """A case moved to another company takes its records along."""
        for name, model in self.env.registry.items():
            if getattr(model, "_complaint_record", False) and not model._abstract:
                self.env[name].sudo().search(
                    [("complaint_id", "in", self.ids)]).write(
                    {"company_id": company_id})
