from odoo import fields, models

from .roles import DEPARTMENT, OPERATOR

# Sales users without a complaint role must still open partner forms.
# 000:712: departments register what reaches them: the complainant's units fill the
# form (record rules still limit the units and cases they read).
REGISTRARS = OPERATOR + "," + DEPARTMENT


class ResPartner(models.Model):
    """Owners and complainants: their units and cases, one click away on the form."""

    _inherit = "res.partner"

    unit_ids = fields.Many2many(
        "realestate.unit", "realestate_unit_owner_rel", "partner_id", "unit_id",
        string="Property Units", groups=REGISTRARS)
    complaint_ids = fields.One2many(
        "realestate.complaint", "partner_id", string="Complaints",
        groups=REGISTRARS)
    unit_count = fields.Integer(compute="_compute_realestate_counts", groups=OPERATOR)
    complaint_count = fields.Integer(
        compute="_compute_realestate_counts", groups=OPERATOR)
    # Issue 15: the 360° view an account manager opens before calling the owner.
    callback_count = fields.Integer(
        compute="_compute_callback_figures", groups=OPERATOR)
    callback_satisfaction = fields.Float(
        string="Satisfaction", compute="_compute_callback_figures", digits=(3, 1),
        groups=OPERATOR, help="The average satisfaction (1-5) of the callbacks made.")

    def _compute_realestate_counts(self):
        complaint_groups = self.env["realestate.complaint"].read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        complaints = {
            g["partner_id"][0]: g["partner_id_count"] for g in complaint_groups}
        # Count through the units the reader may see (record rules apply), prefetched.
        units = self.env["realestate.unit"].search([("owner_ids", "in", self.ids)])
        unit_counts = dict.fromkeys(self.ids, 0)
        for unit in units:
            for owner in unit.owner_ids:
                if owner.id in unit_counts:
                    unit_counts[owner.id] += 1
        for partner in self:
            partner.complaint_count = complaints.get(partner.id, 0)
            partner.unit_count = unit_counts.get(partner.id, 0)

    def _compute_callback_figures(self):
        """Counted as the reader: the callbacks of the cases they may open."""
        counts, scores = {}, {}
        for callback in self.env["realestate.complaint.callback"].search([
                ("complaint_id.partner_id", "in", self.ids), ("state", "=", "done")]):
            partner = callback.complaint_id.partner_id.id
            counts[partner] = counts.get(partner, 0) + 1
            if callback.satisfaction:
                scores.setdefault(partner, []).append(int(callback.satisfaction))
        for partner in self:
            partner.callback_count = counts.get(partner.id, 0)
            values = scores.get(partner.id)
            partner.callback_satisfaction = values and sum(values) / len(values)

    def action_view_callbacks(self):
        self.ensure_one()
        action = self.env.ref(
            "realestate_complaint.realestate_complaint_callback_action").read()[0]
        action["domain"] = [("complaint_id.partner_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_units(self):
        self.ensure_one()
        action = self.env.ref("realestate_complaint.realestate_unit_action").read()[0]
        action["domain"] = [("owner_ids", "in", self.ids)]
        action["context"] = {"default_owner_ids": [(6, 0, self.ids)]}
        return action

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env.ref(
            "realestate_complaint.realestate_complaint_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
