from odoo import fields, models


class RealestateBuilding(models.Model):
    """A building (楼栋) of a project."""

    _name = "realestate.building"
    _description = "Building"
    _order = "project_id, sequence, name"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    project_id = fields.Many2one(
        "realestate.project", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        related="project_id.company_id", store=True, readonly=True)
    floor_count = fields.Integer(string="Floors")
    phase = fields.Char(
        string="Project Phase", help="The phase of the project the building was "
        "built and sold in (一期, 二期 …).")
    unit_ids = fields.One2many("realestate.unit", "building_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_count")

    _sql_constraints = [
        ("name_project_uniq", "unique (name, project_id)",
         "A building name must be unique within its project."),
    ]

    def name_get(self):
        return [(b.id, "%s %s" % (b.project_id.name, b.name)) for b in self]

    def _compute_unit_count(self):
        groups = self.env["realestate.unit"].read_group(
            [("building_id", "in", self.ids)], ["building_id"], ["building_id"])
        counts = {g["building_id"][0]: g["building_id_count"] for g in groups}
        for building in self:
            building.unit_count = counts.get(building.id, 0)
