"""A field a user may not read is a field they may not search on (R36, R39).

Odoo 11 hides a field with ``groups`` from ``read`` but still searches on it: an
agent's ``[('sanction_ids', '!=', False)]`` listed the cases that carry a reward or
penalty, which only executives may know of (R36). Later Odoo versions refuse such a
domain; so does this guard, on the case and on its deadlines (whose ``complaint_id``
is auto_join: a path through it never reaches the case's own ``_where_calc``).
"""
from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from .roles import is_system


class RealestateSearchGuard(models.AbstractModel):
    _name = "realestate.search.guard"
    _description = "Search Only on Readable Fields"

    @api.model
    def _where_calc(self, domain, active_test=True):
        if not is_system(self.env):
            self._check_searchable(domain or [])
        return super(RealestateSearchGuard, self)._where_calc(domain, active_test)

    @api.model
    def _check_searchable(self, domain):
        for leaf in domain:
            if not expression.is_leaf(leaf) or not isinstance(leaf[0], str):
                continue
            model = self
            for name in leaf[0].split("."):
                field = model._fields.get(name)
                if field is None:
                    break
                if field.groups and not self.user_has_groups(field.groups):
                    raise AccessError(_(
                        "You may not search on %s: the field is not open to "
                        "you.") % field.get_description(self.env)["string"])
                if not field.relational:
                    break
                model = self.env[field.comodel_name]


class RealestateComplaint(models.Model):
    _name = "realestate.complaint"
    _inherit = ["realestate.complaint", "realestate.search.guard"]


class RealestateComplaintDeadline(models.Model):
    _name = "realestate.complaint.deadline"
    _inherit = ["realestate.complaint.deadline", "realestate.search.guard"]
