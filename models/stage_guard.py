"""Which stages a case enters only through the process's own buttons.

Dragging a card on the board or clicking the status bar writes `stage_id` like any
other field. Without this guard an agent could drag a case to *Closed* without the
summary (R34), to *In Progress* without an approved solution (R14), to *Callback*
without a result (R16) or to *Invalid* without the supervisor's sign-off (R6). The
earlier stages stay free to drag; CS supervisors may move any case (corrections).
"""
from odoo import _, models
from odoo.exceptions import UserError

# Process methods move cases into the button stages with ``with process_move():``.
from ..tools.process_context import by_process as process_move, in_process  # noqa: F401
from .roles import SUPERVISOR, is_system

BUTTON_STAGES = ("solution_approval", "in_progress", "callback", "closed", "invalid")


class RealestateComplaintStage(models.Model):
    _inherit = "realestate.complaint.stage"

    def _check_entry_by_hand(self):
        """Refuse a move into a button stage outside the process's methods."""
        if not self or in_process() or is_system(self.env):
            return
        if self.code not in BUTTON_STAGES or self.env.user.has_group(SUPERVISOR):
            return
        buttons = {
            "solution_approval": _("Propose Solution"),
            "in_progress": _("Customer Confirms Plan"),
            "callback": _("Report Result"),
            "closed": _("Close Case"),
            "invalid": _("Approve Invalid"),
        }
        raise UserError(_(
            "A case enters the stage \"%(stage)s\" through the button \"%(button)s\" "
            "on its form, which checks the process first. Only a CS supervisor can "
            "move it there directly.") % {"stage": self.name,
                                          "button": buttons[self.code]})
