from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RealestateUnit(models.Model):
    """A sold or sellable unit (房号): what most complaints are about.

    Owners are plain ``res.partner`` records so that the sales side of Odoo and the
    complaint side share one customer file.
    """

    _name = "realestate.unit"
    _description = "Property Unit"
    _order = "project_id, building_id, floor, room"

    name = fields.Char(compute="_compute_name", store=True, index=True)
    room = fields.Char(string="Room Number", required=True)
    floor = fields.Integer()
    building_id = fields.Many2one(
        "realestate.building", required=True, index=True, ondelete="restrict")
    project_id = fields.Many2one(
        related="building_id.project_id", store=True, index=True, readonly=True)
    company_id = fields.Many2one(
        related="building_id.company_id", store=True, readonly=True)
    active = fields.Boolean(default=True)
    area = fields.Float(string="Area (m²)", digits=(10, 2))
    owner_ids = fields.Many2many(
        "res.partner", "realestate_unit_owner_rel", "unit_id", "partner_id",
        string="Owners")
    contract_number = fields.Char()
    delivery_date = fields.Date()
    warranty_end_date = fields.Date()
    complaint_ids = fields.One2many(
        "realestate.complaint", "unit_id", string="Complaints")
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    _sql_constraints = [
        ("room_building_uniq", "unique (room, building_id)",
         "This room number already exists in the building."),
    ]

    @api.depends("room", "building_id.name", "building_id.project_id.name")
    def _compute_name(self):
        for unit in self:
            building = unit.building_id
            unit.name = "%s %s-%s" % (
                building.project_id.name or "", building.name or "", unit.room or "")

    def _compute_complaint_count(self):
        groups = self.env["realestate.complaint"].read_group(
            [("unit_id", "in", self.ids)], ["unit_id"], ["unit_id"])
        counts = {g["unit_id"][0]: g["unit_id_count"] for g in groups}
        for unit in self:
            unit.complaint_count = counts.get(unit.id, 0)

    @api.constrains("area")
    def _check_area(self):
        if any(unit.area < 0 for unit in self):
            raise ValidationError(_("The area of a unit cannot be negative."))

    @api.constrains("delivery_date", "warranty_end_date")
    def _check_warranty(self):
        for unit in self:
            if (unit.delivery_date and unit.warranty_end_date
                    and unit.warranty_end_date < unit.delivery_date):
                raise ValidationError(
                    _("The warranty of unit %s cannot end before its delivery.")
                    % unit.name)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env.ref(
            "realestate_complaint.realestate_complaint_action").read()[0]
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action
