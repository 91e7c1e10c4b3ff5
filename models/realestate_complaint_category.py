from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RealestateComplaintCategory(models.Model):
    """Category tree of complaints by nature (R5), configurable per developer."""

    _name = "realestate.complaint.category"
    _description = "Complaint Category"
    _parent_name = "parent_id"
    _parent_store = True
    _parent_order = "sequence, name"
    _order = "parent_left"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one(
        "realestate.complaint.category", string="Parent Category",
        index=True, ondelete="restrict")
    child_ids = fields.One2many(
        "realestate.complaint.category", "parent_id", string="Subcategories")
    parent_left = fields.Integer(index=True)
    parent_right = fields.Integer(index=True)
    description = fields.Text(translate=True)
    group_risk = fields.Boolean(
        string="Group Complaint Risk",
        help="Issues that may become group complaints (planning and design, "
        "construction progress, major quality, supporting facilities): their cases "
        "are suggested level 2 (R7). Applies to the subcategories too.")

    _sql_constraints = [
        ("code_uniq", "unique (code)", "The category code must be unique."),
    ]

    @api.multi
    def _is_group_risk(self):
        """Whether this category or one of its parents is marked as a group risk
        (no category, as in a form not filled in yet: no)."""
        self.ensure_one() if self else None
        node = self
        while node:
            if node.group_risk:
                return True
            node = node.parent_id
        return False

    @api.multi
    def name_get(self):
        """Full path in the reader's language (names are translated, so not stored)."""
        result = []
        for category in self:
            names = []
            node = category
            while node:
                names.append(node.name)
                node = node.parent_id
            result.append((category.id, " / ".join(reversed(names))))
        return result

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError(_("A category cannot be its own ancestor."))
