from odoo import fields, models


class RealestateProject(models.Model):
    """A development (项目/楼盘): the top of the property tree that complaints hang on."""

    _name = "realestate.project"
    _description = "Real Estate Project"
    _order = "name"

    name = fields.Char(required=True, translate=False)
    code = fields.Char(help="Short code printed on forms and case numbers.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    address = fields.Char()
    manager_id = fields.Many2one(
        "res.users", string="Project Head",
        help="Owns level 1 and level 2 cases of the project (R25).")
    building_ids = fields.One2many(
        "realestate.building", "project_id", string="Buildings")
    building_count = fields.Integer(compute="_compute_counts")
    unit_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("code_company_uniq", "unique (code, company_id)",
         "The project code must be unique per company."),
    ]

    def _compute_counts(self):
        buildings = self.env["realestate.building"].read_group(
            [("project_id", "in", self.ids)], ["project_id"], ["project_id"])
        units = self.env["realestate.unit"].read_group(
            [("project_id", "in", self.ids)], ["project_id"], ["project_id"])
        building_map = {g["project_id"][0]: g["project_id_count"] for g in buildings}
        unit_map = {g["project_id"][0]: g["project_id_count"] for g in units}
        for project in self:
            project.building_count = building_map.get(project.id, 0)
            project.unit_count = unit_map.get(project.id, 0)
