"""Which stages a case enters only through the process's own buttons.

Dragging a card on the board or clicking the status bar writes `stage_id` like any
other field. Without this guard an agent could drag a case to *Closed* without the
summary (R34), to *In Progress* without an approved solution (R14), to *Callback*
without a result (R16) or to *Invalid* without the supervisor's sign-off (R6). The
earlier stages stay free to drag; CS supervisors may move any case (corrections).
"""
import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, _, models
from odoo.exceptions import UserError

SUPERVISOR = "realestate_complaint.group_complaint_supervisor"
BUTTON_STAGES = ("solution_approval", "in_progress", "callback", "closed", "invalid")
_moves = threading.local()


@contextmanager
def process_move():
    """Let a process method move cases into the button stages.

    A thread-local, not a context key: the context of an RPC call is whatever the
    caller sends, so a context flag could be forged by any user."""
    depth = getattr(_moves, "depth", 0)
    _moves.depth = depth + 1
    try:
        yield
    finally:
        _moves.depth = depth


class RealestateComplaintStage(models.Model):
    _inherit = "realestate.complaint.stage"

    def _check_entry_by_hand(self):
        """Refuse a move into a button stage outside the process's methods."""
        if not self or getattr(_moves, "depth", 0) or self.env.uid == SUPERUSER_ID:
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
