from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# 004:119: who the project's repair group brings together.
ROLES = [
    ("general_contractor", "General Contractor"),      # 总包施工方
    ("subcontractor", "Specialist Subcontractor"),     # 专项分包
    ("property_engineering", "Property Engineering"),  # 物业工程部
    ("other", "Other"),
]
TRADES = [
    ("general", "General Works"),
    ("waterproofing", "Waterproofing"),
    ("doors_windows", "Doors and Windows"),
    ("electrics", "Electrics"),
    ("plumbing", "Water Supply and Drainage"),
    ("heating", "Heating and Air Conditioning"),
    ("decoration", "Decoration"),
    ("lifts", "Lifts"),
    ("landscaping", "Landscaping"),
    ("other", "Other"),
]


class RealestateRepairGroup(models.Model):
    """A project's after-sales repair group (售后维修小组, 004:119): the project
    company's engineering department with the general contractor, the specialist
    subcontractors and property engineering, from delivery to the end of the
    warranty. Its duty roster names each day's person in charge (004:119, 004:122).
    """

    _name = "realestate.repair.group"
    _description = "Repair Group"
    _order = "project_id"

    name = fields.Char(compute="_compute_name", store=True)
    project_id = fields.Many2one(
        "realestate.project", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    team_id = fields.Many2one(
        "realestate.complaint.team", string="Engineering Department", required=True,
        ondelete="restrict",
        help="The project company's engineering department, which runs the group "
        "(004:119).")
    member_ids = fields.One2many(
        "realestate.repair.group.member", "group_id", string="Parties")
    duty_ids = fields.One2many(
        "realestate.repair.duty", "group_id", string="Duty Roster")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("project_uniq", "unique (project_id)", "A project has one repair group."),
    ]

    @api.depends("project_id.name")
    def _compute_name(self):
        for group in self:
            group.name = _("%s Repair Group") % (group.project_id.name or "")

    @api.model
    def _of_projects(self, projects):
        """{project id: group} of these projects' active groups."""
        groups = self.sudo().search([("project_id", "in", projects.ids)])
        return {group.project_id.id: group for group in groups}


class RealestateRepairGroupMember(models.Model):
    """A party of the repair group: a contractor (a company, whose contacts go on
    site) or property engineering, with its trade."""

    _name = "realestate.repair.group.member"
    _description = "Repair Group Party"
    _order = "group_id, sequence, id"

    group_id = fields.Many2one(
        "realestate.repair.group", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    role = fields.Selection(ROLES, required=True, default="subcontractor")
    trade = fields.Selection(TRADES, required=True, default="general")
    partner_id = fields.Many2one(
        "res.partner", string="Company", required=True, index=True,
        ondelete="restrict", domain=[("is_company", "=", True)])
    contact_id = fields.Many2one(
        "res.partner",
        help="Whom the party's repair items are sent to.")
    phone = fields.Char(related="contact_id.mobile", readonly=True)

    @api.constrains("partner_id", "contact_id")
    def _check_contact(self):
        for member in self:
            if not member.partner_id.is_company:
                raise ValidationError(_(
                    "%s is a person: a party of the repair group is a company (its "
                    "people are its contacts).") % member.partner_id.name)
            if member.contact_id and \
                    member.contact_id.commercial_partner_id != member.partner_id:
                raise ValidationError(_("%(contact)s is not a contact of %(company)s.")
                                      % {"contact": member.contact_id.name,
                                         "company": member.partner_id.name})

    def name_get(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        return [(member.id, "%s (%s)" % (member.partner_id.name, roles[member.role]))
                for member in self]
