from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RealestateComplaintMerge(models.TransientModel):
    """Merge a duplicate registration into the case it duplicates (002:815); the
    model does the work (``realestate.complaint._merge_into``)."""

    _name = "realestate.complaint.merge"
    _description = "Merge Duplicate Registrations"

    complaint_id = fields.Many2one(
        "realestate.complaint", string="Duplicate", required=True,
        help="The second registration of the issue: it is closed, its messages, "
        "evidence and records go to the case it duplicates.")
    target_id = fields.Many2one(
        "realestate.complaint", string="Merge Into", required=True,
        domain="[('id', '!=', complaint_id), ('is_closed', '=', False), "
        "('company_id', '=', company_id)]",
        help="The case that goes on.")
    company_id = fields.Many2one(related="complaint_id.company_id", readonly=True)
    reason = fields.Text(string="Note", help="Why these are the same case.")

    @api.model
    def default_get(self, fields_list):
        """From a case: that case is the duplicate, its oldest possible repeat the
        suggested target. From two cases of a list: the later registration is the
        duplicate of the earlier."""
        values = super(RealestateComplaintMerge, self).default_get(fields_list)
        ids = self.env.context.get("active_ids") or []
        if self.env.context.get("active_model") != "realestate.complaint" or not ids:
            return values
        cases = self.env["realestate.complaint"].browse(ids)
        if len(cases) > 2:
            raise UserError(_("Select two cases: the duplicate and the case it "
                              "duplicates."))
        if len(cases) == 2:
            first, second = cases.sorted(lambda c: (c.date_received, c.id))
            values.update(complaint_id=second.id, target_id=first.id)
        else:
            values["complaint_id"] = cases.id
            candidate = cases.repeat_candidate_ids[:1]
            if candidate:
                values["target_id"] = candidate.id
        return values

    def action_swap(self):
        """The other way round: the target becomes the duplicate."""
        self.ensure_one()
        self.write({"complaint_id": self.target_id.id,
                    "target_id": self.complaint_id.id})
        return {"type": "ir.actions.act_window", "res_model": self._name,
                "res_id": self.id, "view_mode": "form", "target": "new",
                "name": _("Merge Duplicate Registration")}

    def action_merge(self):
        self.ensure_one()
        self.complaint_id._merge_into(self.target_id, self.reason)
        if not self.env.context.get("merge_open_target"):
            # From the list: back to it (it reloads), the duplicate shown closed.
            return {"type": "ir.actions.act_window_close"}
        return {"type": "ir.actions.act_window", "res_model": "realestate.complaint",
                "res_id": self.target_id.id, "view_mode": "form",
                "target": "current"}
