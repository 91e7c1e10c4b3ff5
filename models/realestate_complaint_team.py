from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RealestateComplaintTeam(models.Model):
    """A responsible department (责任部门: engineering, sales, property, finance, legal …)
    whose head answers for its cases (一把手责任制, R25).

    Not ``hr.department``: the Odoo 11 wheels these servers install ship no ``hr``
    module, and the developers' departments that fix complaints are not necessarily
    modelled in HR. The parent department gives the management chain.
    """

    _name = "realestate.complaint.team"
    _description = "Responsible Department"
    _order = "sequence, name"

    name = fields.Char(required=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    parent_id = fields.Many2one(
        "realestate.complaint.team", string="Parent Department", index=True,
        ondelete="restrict")
    head_id = fields.Many2one(
        "res.users", required=True,
        help="Answers for the department's cases and is informed of each dispatch "
        "(R11, R25).")
    member_ids = fields.Many2many(
        "res.users", "realestate_complaint_team_member_rel", "team_id", "user_id",
        string="Members")
    complaint_ids = fields.One2many("realestate.complaint", "team_id", string="Cases")
    open_complaint_count = fields.Integer(compute="_compute_open_complaint_count")

    _sql_constraints = [
        ("name_company_uniq", "unique (name, company_id)",
         "A department with this name already exists."),
    ]

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError(_("A department cannot be its own parent."))

    def _compute_open_complaint_count(self):
        groups = self.env["realestate.complaint"].read_group(
            [("team_id", "in", self.ids), ("is_closed", "=", False)],
            ["team_id"], ["team_id"])
        counts = {g["team_id"][0]: g["team_id_count"] for g in groups}
        for team in self:
            team.open_complaint_count = counts.get(team.id, 0)

    def _responsible_users(self):
        """Who may be made responsible for a case of the department."""
        return self.mapped("member_ids") | self.mapped("head_id")
