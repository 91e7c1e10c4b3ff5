from odoo import _, api, fields, models, tools
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

    @api.model
    @tools.ormcache("flag")
    def _ids_with_flag(self, flag):
        """The categories whose flag (a boolean field: group risk, sales matter) is
        set on them or on a parent, in one query; kept per process, emptied when
        the tree or a flag changes, since every registration asks."""
        if self._fields[flag].type != "boolean" or not self._fields[flag].store:
            raise ValueError(flag)
        # {flag} is a stored boolean field's name, checked above:
        # pylint: disable-next=sql-injection
        self.env.cr.execute("""
            WITH RECURSIVE tree (id, flag) AS (
                SELECT id, coalesce({flag}, false) FROM realestate_complaint_category
                 WHERE parent_id IS NULL
                UNION ALL
                SELECT c.id, tree.flag OR coalesce(c.{flag}, false)
                  FROM realestate_complaint_category c
                  JOIN tree ON c.parent_id = tree.id)
            SELECT id FROM tree WHERE flag""".format(flag=flag))
        return frozenset(row[0] for row in self.env.cr.fetchall())

    def _has_flag(self, flag):
        """Whether this category or one of its parents has ``flag`` (no category,
        as in a form not filled in yet: no)."""
        self.ensure_one() if self else None
        return self.id in self._ids_with_flag(flag) if self else False

    def _is_group_risk(self):
        return self._has_flag("group_risk")

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super(RealestateComplaintCategory, self).create(vals)

    def write(self, vals):
        if "parent_id" in vals or any(self._fields[name].type == "boolean"
                                      for name in vals if name in self._fields):
            self.clear_caches()
        return super(RealestateComplaintCategory, self).write(vals)

    def unlink(self):
        self.clear_caches()
        return super(RealestateComplaintCategory, self).unlink()

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
