"""``with_user``: Odoo 13's name for ``sudo(user)``, added to Odoo 11 here.

Odoo 13 and later have ``with_user(user)`` (and ``sudo(user)`` raises): the addon and
its tests call ``with_user`` only, so this helper is the one place that says
``sudo(user)``, and a port deletes this file (docs/PORTING.md)."""
from odoo import models


class Base(models.AbstractModel):
    _inherit = "base"

    def with_user(self, user):
        """These records as ``user`` (a ``res.users`` record or id), without the
        superuser's rights: what ``sudo(user)`` does in Odoo 11."""
        return self.sudo(user)
