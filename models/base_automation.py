from odoo import api, fields, models
from odoo.osv import expression


class BaseAutomation(models.Model):
    """Automated actions the complaint SLA sweep runs set-based instead of Odoo's
    per-record ``on_time`` check (see realestate_complaint_escalation.py)."""

    _inherit = "base.automation"

    complaint_sweep = fields.Boolean(
        string="Run by the Complaint SLA Sweep",
        help="Checked: the complaint SLA sweep (every 5 minutes) runs this timed "
        "action on all due records at once, by index, with row locks; Odoo's "
        "scheduled check of timed actions leaves it alone.")

    @api.model
    def _check(self, automatic=False, use_new_cursor=False):
        return super(BaseAutomation, self.with_context(
            skip_complaint_sweep=True))._check(automatic, use_new_cursor)

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        # The stock check finds its timed rules with a search: hide ours from it.
        if self.env.context.get("skip_complaint_sweep"):
            args = expression.AND([args, [("complaint_sweep", "=", False)]])
        return super(BaseAutomation, self)._search(
            args, offset=offset, limit=limit, order=order, count=count,
            access_rights_uid=access_rights_uid)
