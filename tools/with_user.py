"""``with_user``: Odoo 13's name for ``sudo(user)``, added to Odoo 11's records.

Odoo 13 and later have ``with_user(user)`` (and ``sudo(user)`` raises): the addon and
its tests call ``with_user`` only, so this is the one place that says ``sudo(user)``,
and a port deletes this file and its import (docs/PORTING.md).

Set on ``BaseModel`` rather than by a model with ``_inherit = "base"``: in Odoo 11 a
module that extends ``base`` takes the xml ids of the ``_inherits`` fields of other
modules' models (``ir.cron.channel_ids`` …), which uninstalling the addon would then
delete. Odoo 11 has no ``with_user``: nothing of Odoo's is replaced.
"""
from odoo import models


def with_user(self, user):
    """These records as ``user`` (a ``res.users`` record or id), without the
    superuser's rights: what ``sudo(user)`` does in Odoo 11."""
    return self.sudo(user)


if not hasattr(models.BaseModel, "with_user"):
    models.BaseModel.with_user = with_user
